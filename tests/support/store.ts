// The store every test file talks to: a fresh embedded store in a temporary directory, or the
// real MongoDB that MONGODB_URI names (each test file then gets a database of its own).
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll } from "vitest";

import { type EmbeddedStore, startEmbeddedStore } from "../../src/store/index.js";

export interface TestStore {
  /** Server URI without a database name. */
  uri: string;
  /** A connected official driver client. */
  client: MongoClient;
  /** A database private to this test file. */
  db: Db;
  /** The embedded store, or undefined when testing against MONGODB_URI. */
  embedded?: EmbeddedStore;
  dataDir?: string;
  /**
   * Called after every write made through `freshCollection`: a store in a reopened mode is
   * replaced by a new one that has only what reached the disk; a live store does nothing.
   */
  afterWrite(): Promise<void>;
  stop(): Promise<void>;
}

export const realMongoUri = process.env.MONGODB_URI;

export function tempDir(prefix = "wizyty-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const randomDbName = () => `test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

export async function startTestStore(): Promise<TestStore> {
  let embedded: EmbeddedStore | undefined;
  let dataDir: string | undefined;
  let uri: string;
  if (realMongoUri) {
    uri = realMongoUri;
  } else {
    dataDir = tempDir();
    embedded = await startEmbeddedStore({ dataDir, port: 0 });
    uri = embedded.uri;
  }
  const client = await connect(uri);
  const db = client.db(randomDbName());
  return {
    uri,
    client,
    db,
    embedded,
    dataDir,
    afterWrite: async () => undefined,
    async stop() {
      if (realMongoUri) await db.dropDatabase();
      await client.close();
      await embedded?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const connect = (uri: string) => new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();

/**
 * How a conformance test's reads meet the store: the store that took the writes ("live"), or a
 * new store opened on the data directory with nothing loaded, after the old one stopped cleanly
 * or after it "crashed". The crash image is a copy of the SQLite files taken while the old store
 * is still open: every acknowledged write is on disk before its reply, so the copy holds what a
 * `kill -9` would leave (tests/store/durability.test.ts kills real processes).
 */
export const STORE_MODES = [
  "live",
  "reopened after a clean stop",
  "reopened after a crash",
] as const;
export type StoreMode = (typeof STORE_MODES)[number];

/** The modes a conformance file runs in: a real MongoDB is only ever live. */
export const storeModes: readonly StoreMode[] = realMongoUri ? ["live"] : STORE_MODES;

/**
 * The store of a conformance file in one mode, started in `beforeAll` and stopped in `afterAll`.
 * In a reopened mode, each write through `freshCollection` is followed by a reopen, so the read
 * after it runs on a store that has only the disk.
 */
export function useTestStore(mode: StoreMode): TestStore {
  let current: TestStore | undefined;
  const started = (): TestStore => {
    if (!current) throw new Error("the test store is used outside of its tests");
    return current;
  };
  const store: TestStore = {
    get uri() {
      return started().uri;
    },
    get client() {
      return started().client;
    },
    get db() {
      return started().db;
    },
    get embedded() {
      return started().embedded;
    },
    get dataDir() {
      return started().dataDir;
    },
    afterWrite: () => started().afterWrite(),
    stop: () => started().stop(),
  };
  beforeAll(async () => {
    current = mode === "live" ? await startTestStore() : await startReopening(mode);
  });
  afterAll(() => store.stop());
  return store;
}

// SQLite's own files (a socket in the data directory is not data).
const isDataFile = (name: string) => name.startsWith("store.sqlite");

async function startReopening(mode: Exclude<StoreMode, "live">): Promise<TestStore> {
  const dbName = randomDbName();
  let dataDir = tempDir();
  let embedded = await startEmbeddedStore({ dataDir, port: 0 });
  let client = await connectOnce(embedded.uri);
  // Stores left behind by a crash image: they close while the next one already serves.
  const retiring: Promise<void>[] = [];
  const retire = async (old: { client: MongoClient; embedded: EmbeddedStore; dataDir: string }) => {
    await old.client.close();
    await old.embedded.close();
    rmSync(old.dataDir, { recursive: true, force: true });
  };
  return {
    get uri() {
      return embedded.uri;
    },
    get client() {
      return client;
    },
    get db() {
      return client.db(dbName);
    },
    get embedded() {
      return embedded;
    },
    get dataDir() {
      return dataDir;
    },
    async afterWrite() {
      if (mode === "reopened after a crash") {
        const image = tempDir();
        for (const name of readdirSync(dataDir).filter(isDataFile)) {
          copyFileSync(join(dataDir, name), join(image, name));
        }
        retiring.push(retire({ client, embedded, dataDir }));
        dataDir = image;
      } else {
        await client.close();
        await embedded.close();
      }
      embedded = await startEmbeddedStore({ dataDir, port: 0 });
      client = await connectOnce(embedded.uri);
    },
    async stop() {
      await Promise.all(retiring);
      await retire({ client, embedded, dataDir });
    },
  };
}

// A client for one short-lived store: polling needs one monitoring connection where streaming
// needs two, which halves the cost of each reopen.
const connectOnce = (uri: string) =>
  new MongoClient(uri, { serverSelectionTimeoutMS: 5000, serverMonitoringMode: "poll" }).connect();
