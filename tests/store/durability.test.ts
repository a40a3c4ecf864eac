// Durability of the embedded store as a separate process: what it acknowledged survives a
// SIGKILL, transactions are all-or-nothing across a crash, a clean stop keeps everything, and a
// second process cannot open a data folder that is in use.
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";

import { type Document, MongoClient, MongoServerError } from "mongodb";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import { tempDir } from "../support/store.js";
import { killAllStores, spawnStore, startStore, stopStore } from "./fixtures/store-processes.js";

const DB = "durability";

const clients = new Set<MongoClient>();
const dirs: string[] = [];

async function connect(uri: string): Promise<MongoClient> {
  // After a SIGKILL nothing answers: fail fast instead of waiting 30 s for a server, and do not
  // retry writes, so an in-flight write rejects as soon as its connection drops.
  const client = new MongoClient(`${uri}${DB}`, {
    serverSelectionTimeoutMS: 1_000,
    retryWrites: false,
    maxPoolSize: 20,
  });
  clients.add(client);
  return client.connect();
}

async function disconnect(client: MongoClient): Promise<void> {
  clients.delete(client);
  await client.close(true);
}

function newDataDir(): string {
  const dir = tempDir("wizyty-durability-");
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const client of clients) await client.close(true).catch(() => undefined);
  clients.clear();
  killAllStores();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Everything the writers sent, and which of it the driver acknowledged. */
class Ledger {
  /** Every document sent, by collection and `_id`: what it must look like if it is there. */
  readonly sent = new Map<string, Map<string, Document>>();
  /** `_id`s whose write was acknowledged, by collection. */
  readonly acknowledged = new Map<string, Set<string>>();
  /** The documents of each transaction, by collection; `committed` once commit resolved. */
  readonly transactions: { ids: [string, string][]; committed: boolean }[] = [];
  singles = 0;
  batches = 0;
  commits = 0;

  send(collection: string, document: Document & { _id: string }): void {
    let documents = this.sent.get(collection);
    if (!documents) this.sent.set(collection, (documents = new Map()));
    documents.set(document._id, document);
  }

  acknowledge(collection: string, ids: string[]): void {
    let set = this.acknowledged.get(collection);
    if (!set) this.acknowledged.set(collection, (set = new Set()));
    for (const id of ids) set.add(id);
  }
}

interface Control {
  /** Set just before the SIGKILL: errors from then on are expected. */
  killed: boolean;
  /** Errors seen while the store was alive: each one fails the test. */
  unexpected: unknown[];
}

const STREAMS = 4;
const BATCH = 25;

/** Writers that run until their first error, which the SIGKILL causes. */
function startWriters(client: MongoClient, ledger: Ledger, round: number, control: Control) {
  const db = client.db(DB);
  const failed = (error: unknown) => {
    if (!control.killed) control.unexpected.push(error);
  };

  const single = async (stream: number) => {
    const events = db.collection<Document & { _id: string }>("events");
    for (let seq = 0; ; seq++) {
      const document = { _id: `s${round}-${stream}-${seq}`, round, stream, seq, kind: "single" };
      ledger.send("events", document);
      try {
        await events.insertOne(document);
      } catch (error) {
        return failed(error);
      }
      ledger.acknowledge("events", [document._id]);
      ledger.singles += 1;
    }
  };

  const batches = async () => {
    const events = db.collection<Document & { _id: string }>("events");
    for (let batch = 0; ; batch++) {
      const documents = Array.from({ length: BATCH }, (_, i) => ({
        _id: `b${round}-${batch}-${i}`,
        round,
        batch,
        i,
        kind: "batch",
        tags: ["a", "b", i],
      }));
      for (const document of documents) ledger.send("events", document);
      try {
        await events.insertMany(documents);
      } catch (error) {
        return failed(error);
      }
      ledger.acknowledge(
        "events",
        documents.map((d) => d._id),
      );
      ledger.batches += 1;
    }
  };

  const transactions = async () => {
    const orders = db.collection<Document & { _id: string }>("orders");
    const lines = db.collection<Document & { _id: string }>("orderLines");
    for (let n = 0; ; n++) {
      const order = [0, 1].map((k) => ({ _id: `t${round}-${n}-o${k}`, round, n, k }));
      const line = [0, 1].map((k) => ({ _id: `t${round}-${n}-l${k}`, order: n, qty: k + 1 }));
      const entry = {
        ids: [...order.map((d) => ["orders", d._id]), ...line.map((d) => ["orderLines", d._id])],
        committed: false,
      } as { ids: [string, string][]; committed: boolean };
      ledger.transactions.push(entry);
      for (const d of order) ledger.send("orders", d);
      for (const d of line) ledger.send("orderLines", d);
      const session = client.startSession();
      try {
        session.startTransaction();
        // Four separate commands, so that a kill can land between any two of them.
        for (const d of order) await orders.insertOne(d, { session });
        for (const d of line) await lines.insertOne(d, { session });
        await session.commitTransaction();
      } catch (error) {
        return failed(error);
      } finally {
        await session.endSession().catch(() => undefined);
      }
      entry.committed = true;
      for (const [collection, id] of entry.ids) ledger.acknowledge(collection, [id]);
      ledger.commits += 1;
    }
  };

  return Promise.allSettled([
    ...Array.from({ length: STREAMS }, (_, stream) => single(stream)),
    batches(),
    transactions(),
  ]);
}

/** Reads every document of the collections the ledger wrote to, by collection and `_id`. */
async function readAll(client: MongoClient, ledger: Ledger) {
  const found = new Map<string, Map<string, Document>>();
  for (const name of ledger.sent.keys()) {
    const documents = await client.db(DB).collection(name).find({}).toArray();
    found.set(name, new Map(documents.map((d) => [String(d._id), d])));
  }
  return found;
}

/** What a restarted store holds that it must not: lost, unknown, altered or half-applied. */
function problems(ledger: Ledger, found: Map<string, Map<string, Document>>) {
  const lost: string[] = [];
  const unknown: string[] = [];
  const altered: string[] = [];
  const halfApplied: string[] = [];
  for (const [name, ids] of ledger.acknowledged) {
    for (const id of ids) if (!found.get(name)?.has(id)) lost.push(`${name}/${id}`);
  }
  for (const [name, documents] of found) {
    for (const [id, document] of documents) {
      const sent = ledger.sent.get(name)?.get(id);
      if (!sent) unknown.push(`${name}/${id}`);
      else if (!isDeepStrictEqual(document, sent)) altered.push(`${name}/${id}`);
    }
  }
  for (const { ids } of ledger.transactions) {
    const present = ids.filter(([name, id]) => found.get(name)?.has(id)).length;
    if (present !== 0 && present !== ids.length) {
      halfApplied.push(`${ids[0]![1]}: ${present} of ${ids.length}`);
    }
  }
  return { lost, unknown, altered, halfApplied };
}

interface Person {
  _id: number;
  email: string;
  visits?: number;
}

const noProblems = { lost: [], unknown: [], altered: [], halfApplied: [] };

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe("embedded store durability", () => {
  it("keeps every acknowledged write and no half transaction across SIGKILLs", async () => {
    // Arrange
    const dataDir = newDataDir();
    const ledger = new Ledger();
    const ROUNDS = 3;

    for (let round = 0; round < ROUNDS; round++) {
      const store = await startStore(dataDir);
      const client = await connect(store.uri);
      if (round === 0) {
        // Created up front: a transaction then only inserts documents.
        await client.db(DB).createCollection("orders");
        await client.db(DB).createCollection("orderLines");
      } else {
        // Each restart first has to hold everything acknowledged in the rounds before.
        expect(problems(ledger, await readAll(client, ledger))).toEqual(noProblems);
      }
      const control: Control = { killed: false, unexpected: [] };
      const start = { singles: ledger.singles, batches: ledger.batches, commits: ledger.commits };

      // Act: write from six streams, then kill the store at a random moment mid-stream.
      const writers = startWriters(client, ledger, round, control);
      await until(
        () =>
          ledger.singles - start.singles >= 100 &&
          ledger.batches - start.batches >= 2 &&
          ledger.commits - start.commits >= 3,
        "the writers to get going",
      );
      await sleep(Math.random() * 150);
      control.killed = true;
      store.child.kill("SIGKILL");
      const { signal } = await store.exited;
      await writers;
      await disconnect(client);

      expect(signal).toBe("SIGKILL");
      expect(control.unexpected).toEqual([]);
    }

    const store = await startStore(dataDir);
    const client = await connect(store.uri);
    const found = await readAll(client, ledger);
    await disconnect(client);
    expect(await stopStore(store)).toBe(0);

    // Assert
    expect(problems(ledger, found)).toEqual(noProblems);
    expect(ledger.transactions.some((t) => t.committed)).toBe(true);
  });

  it("keeps documents and indexes across a clean stop", async () => {
    // Arrange
    const dataDir = newDataDir();
    const first = await startStore(dataDir);
    const writer = await connect(first.uri);
    const people = writer.db(DB).collection<Person>("people");
    await people.createIndex({ email: 1 }, { unique: true });
    await people.insertMany([
      { _id: 1, email: "a@x.pl", visits: 1 },
      { _id: 2, email: "b@x.pl", visits: 0 },
    ]);
    await people.updateOne({ _id: 2 }, { $inc: { visits: 2 } });
    await people.deleteOne({ _id: 1 });
    await people.insertOne({ _id: 3, email: "a@x.pl", visits: 5 });
    await disconnect(writer);

    // Act
    expect(await stopStore(first)).toBe(0);
    const second = await startStore(dataDir);
    const reader = await connect(second.uri);
    const collection = reader.db(DB).collection<Person>("people");
    const documents = await collection.find().sort({ _id: 1 }).toArray();
    const indexes = (await collection.indexes()).map((index) => [
      index.name,
      index.unique ?? false,
    ]);
    const duplicate = await collection
      .insertOne({ _id: 4, email: "b@x.pl" })
      .catch((error: unknown) => error);
    await disconnect(reader);
    expect(await stopStore(second)).toBe(0);

    // Assert
    expect(documents).toEqual([
      { _id: 2, email: "b@x.pl", visits: 2 },
      { _id: 3, email: "a@x.pl", visits: 5 },
    ]);
    expect(indexes).toEqual([
      ["_id_", false],
      ["email_1", true],
    ]);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);
  });

  it("refuses a second store process on a data folder in use, fresh or reopened", async () => {
    // Arrange
    const dataDir = newDataDir();
    const first = await startStore(dataDir);
    const firstClient = await connect(first.uri);
    await firstClient.db(DB).collection<{ _id: string }>("notes").insertOne({ _id: "before" });

    // Act
    const rivalOfFresh = await spawnStore(dataDir).exited;
    await firstClient.db(DB).collection<{ _id: string }>("notes").insertOne({ _id: "after" });
    await disconnect(firstClient);
    expect(await stopStore(first)).toBe(0);
    const reopened = await startStore(dataDir); // an existing data folder, nothing written yet
    const rivalOfReopened = await spawnStore(dataDir).exited;
    const client = await connect(reopened.uri);
    const notes = await client
      .db(DB)
      .collection<{ _id: string }>("notes")
      .find()
      .sort({ _id: 1 })
      .toArray();
    await disconnect(client);
    expect(await stopStore(reopened)).toBe(0);

    // Assert
    for (const rival of [rivalOfFresh, rivalOfReopened]) {
      expect(rival.code).toBe(2);
      expect(rival.stderr).toContain("STORE_START_ERROR DATA_DIR_LOCKED");
      expect(rival.stderr).toContain("in use by another store process");
    }
    expect(notes).toEqual([{ _id: "after" }, { _id: "before" }]);
  });
});
