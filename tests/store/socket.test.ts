// By default the store listens only on a Unix socket in its data directory, which the directory's
// mode (0700) and the socket's (0600) keep to the store's own user; the official driver and
// mongoose reach it at `mongodb://<percent-encoded path>`.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

import { MongoClient } from "mongodb";
import mongoose from "mongoose";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import {
  type EmbeddedStore,
  socketPath,
  startEmbeddedStore,
  StoreStartError,
} from "../../src/store/index.js";
import { realMongoUri, tempDir } from "../support/store.js";
import { killAllStores, killStore, startStore, stopStore } from "./fixtures/store-processes.js";

const dirs: string[] = [];
const stores: EmbeddedStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  killAllStores();
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A data directory with capitals in its path: the driver must not lower-case the socket path. */
function dataDir(): string {
  const parent = tempDir("wizyty-Socket-");
  dirs.push(parent);
  return join(parent, "Data");
}

async function start(dir: string): Promise<EmbeddedStore> {
  const store = await startEmbeddedStore({ dataDir: dir });
  stores.push(store);
  return store;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(realMongoUri)("the store's Unix socket", () => {
  it("is the default, in a data directory only its user can enter", async () => {
    // Arrange
    const dir = dataDir();
    mkdirSync(dir, { mode: 0o755 });

    // Act
    const store = await start(dir);

    // Assert
    expect(store.address).toEqual({ socketPath: join(dir, "store.sock") });
    expect(store.uri).toBe(
      `mongodb://${encodeURIComponent(join(dir, "store.sock"))}/?directConnection=true`,
    );
    expect(mode(dir)).toBe(0o700);
    expect(mode(socketPath(dir))).toBe(0o600);
    expect(statSync(socketPath(dir)).isSocket()).toBe(true);
  });

  it("serves the official driver, a transaction included, without any TCP host", async () => {
    // Arrange
    const store = await start(dataDir());
    const client = new MongoClient(store.uri);
    const opened: string[] = [];
    client.on("serverOpening", (event) => opened.push(event.address));
    await client.connect();
    const people = client.db("app").collection("people");

    try {
      // Act
      await people.createIndex({ email: 1 }, { unique: true });
      const session = client.startSession();
      await session.withTransaction(async () => {
        await people.insertOne({ email: "a@example.pl" }, { session });
        await people.insertOne({ email: "b@example.pl" }, { session });
      });
      await session.endSession();
      const hello = await client.db("admin").command({ hello: 1 });
      const emails = (await people.find().sort({ email: 1 }).toArray()).map((p) => p.email);

      // Assert
      expect(emails).toEqual(["a@example.pl", "b@example.pl"]);
      expect(hello.me).toBe(socketPath(dataDirOf(store)));
      expect(opened).toEqual([socketPath(dataDirOf(store))]);
    } finally {
      await client.close();
    }
  });

  it("serves mongoose, a transaction included", async () => {
    // Arrange
    const store = await start(dataDir());
    const connection = await mongoose.createConnection(store.uri, { dbName: "app" }).asPromise();
    const Visit = connection.model("Visit", new mongoose.Schema({ title: String }));

    try {
      // Act
      await connection.transaction(async (session) => {
        await Visit.create([{ title: "Spółdzielnia" }], { session });
      });
      const titles = (await Visit.find().lean()).map((visit) => visit.title);

      // Assert
      expect(titles).toEqual(["Spółdzielnia"]);
    } finally {
      await connection.close();
    }
  });

  it("starts again after kill -9 left its socket file behind", async () => {
    // Arrange
    const dir = dataDir();
    const first = await startStore(dir, "socket");
    const client = await new MongoClient(first.uri).connect();
    await client
      .db("app")
      .collection("kept")
      .insertOne({ _id: 1 } as never);
    await client.close(true);
    await killStore(first);
    const stale = statSync(socketPath(dir)).isSocket();

    // Act
    const second = await startStore(dir, "socket");
    const again = await new MongoClient(second.uri).connect();
    const kept = await again
      .db("app")
      .collection("kept")
      .findOne({ _id: 1 } as never);
    await again.close();

    // Assert
    expect(stale).toBe(true);
    expect(kept).toEqual({ _id: 1 });
    expect(await stopStore(second)).toBe(0);
  });

  it("refuses a data directory too deep for a socket path, naming the limit", async () => {
    // Arrange
    const dir = join(dataDir(), "d".repeat(120));

    // Act
    const error = await startEmbeddedStore({ dataDir: dir }).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(StoreStartError);
    expect((error as StoreStartError).reason).toBe("SOCKET_PATH_TOO_LONG");
    expect((error as StoreStartError).message).toContain("107 a Unix socket allows");
  });

  it("listens on a loopback TCP port only when given one", async () => {
    // Arrange
    const dir = dataDir();

    // Act
    const store = await startEmbeddedStore({ dataDir: dir, port: 0 });
    stores.push(store);
    const client = await new MongoClient(store.uri).connect();
    const ping = await client.db("admin").command({ ping: 1 });
    await client.close();

    // Assert
    expect(store.address).toMatchObject({ host: "127.0.0.1" });
    expect(ping.ok).toBe(1);
    expect(statSync(socketPath(dir), { throwIfNoEntry: false })).toBeUndefined();
  });
});

function dataDirOf(store: EmbeddedStore): string {
  if (!("socketPath" in store.address)) throw new Error("not a socket store");
  return join(store.address.socketPath, "..");
}
