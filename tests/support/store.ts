// The store every test file talks to: a fresh embedded store in a temporary directory, or the
// real MongoDB that MONGODB_URI names (each test file then gets a database of its own).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type Db, MongoClient } from "mongodb";

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
  stop(): Promise<void>;
}

export const realMongoUri = process.env.MONGODB_URI;

export function tempDir(prefix = "wizyty-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

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
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(`test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`);
  return {
    uri,
    client,
    db,
    embedded,
    dataDir,
    async stop() {
      if (realMongoUri) await db.dropDatabase();
      await client.close();
      await embedded?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
