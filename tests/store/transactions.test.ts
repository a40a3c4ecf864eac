// Multi-document transactions through the official driver: all-or-nothing, isolated until
// commit, reads inside see their own writes, conflicting writers get a retryable WriteConflict.
import { type Collection, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { TestDocument } from "../support/driver.js";
import { startTestStore, type TestStore } from "../support/store.js";

let store: TestStore;
let counter = 0;
const fresh = async (): Promise<Collection<TestDocument>> => {
  // Real MongoDB cannot create collections inside a transaction that also uses them in some
  // versions; create them up front so the suite runs the same against both.
  const collection = store.db.collection(`t${++counter}`);
  await store.db.createCollection(collection.collectionName);
  return collection;
};

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(() => store.stop());

describe("transactions", () => {
  it("commits every write at once", async () => {
    const visits = await fresh();
    const registrations = await fresh();
    const session = store.client.startSession();

    await session.withTransaction(async () => {
      await visits.insertOne({ _id: "v1", seatsTaken: 0 }, { session });
      await registrations.insertOne({ visit: "v1", email: "a@x.pl" }, { session });
      await visits.updateOne({ _id: "v1" }, { $inc: { seatsTaken: 1 } }, { session });
    });
    await session.endSession();

    expect(await visits.findOne({ _id: "v1" })).toEqual({ _id: "v1", seatsTaken: 1 });
    expect(await registrations.countDocuments()).toBe(1);
  });

  it("shows its writes to itself and to nobody else until commit", async () => {
    const collection = await fresh();
    await collection.insertOne({ _id: 1, n: 1 });
    const session = store.client.startSession();
    session.startTransaction();

    await collection.updateOne({ _id: 1 }, { $set: { n: 2 } }, { session });
    await collection.insertOne({ _id: 2, n: 5 }, { session });
    const inside = await collection.find({}, { session }).sort({ _id: 1 }).toArray();
    const outside = await collection.find({}).sort({ _id: 1 }).toArray();
    const insideCount = await collection.countDocuments({ n: { $gte: 2 } }, { session });
    await session.commitTransaction();
    const afterCommit = await collection.find({}).sort({ _id: 1 }).toArray();
    await session.endSession();

    expect(inside).toEqual([
      { _id: 1, n: 2 },
      { _id: 2, n: 5 },
    ]);
    expect(outside).toEqual([{ _id: 1, n: 1 }]);
    expect(insideCount).toBe(2);
    expect(afterCommit).toEqual(inside);
  });

  it("leaves nothing behind when aborted", async () => {
    const collection = await fresh();
    await collection.insertOne({ _id: 1, n: 1 });
    const session = store.client.startSession();
    session.startTransaction();

    await collection.deleteOne({ _id: 1 }, { session });
    await collection.insertOne({ _id: 2 }, { session });
    await session.abortTransaction();
    await session.endSession();

    expect(await collection.find().toArray()).toEqual([{ _id: 1, n: 1 }]);
  });

  it("leaves nothing behind when the callback throws", async () => {
    const collection = await fresh();
    const session = store.client.startSession();

    await expect(
      session.withTransaction(async () => {
        await collection.insertOne({ _id: 1 }, { session });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await session.endSession();

    expect(await collection.countDocuments()).toBe(0);
  });

  it("aborts on a duplicate key and then refuses to commit", async () => {
    const collection = await fresh();
    await collection.createIndex({ email: 1 }, { unique: true });
    await collection.insertOne({ email: "taken@x.pl" });
    const session = store.client.startSession();
    session.startTransaction();

    await collection.insertOne({ email: "new@x.pl" }, { session });
    const duplicate = await collection
      .insertOne({ email: "taken@x.pl" }, { session })
      .catch((e: unknown) => e);
    const commit = await session.commitTransaction().catch((e: unknown) => e);
    await session.endSession();

    expect((duplicate as MongoServerError).code).toBe(11000);
    expect((commit as MongoServerError).code).toBe(251); // NoSuchTransaction
    expect(await collection.countDocuments({ email: "new@x.pl" })).toBe(0);
  });

  it("gives the second of two conflicting writers a retryable WriteConflict", async () => {
    const collection = await fresh();
    await collection.insertOne({ _id: 1, n: 0 });
    const first = store.client.startSession();
    const second = store.client.startSession();
    first.startTransaction();
    second.startTransaction();

    await collection.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: first });
    // MongoDB refuses the second write at once; the embedded store refuses its commit.
    const secondWrite = await collection
      .updateOne({ _id: 1 }, { $inc: { n: 10 } }, { session: second })
      .catch((e: unknown) => e);
    await first.commitTransaction();
    const error = (
      secondWrite instanceof Error
        ? secondWrite
        : await second.commitTransaction().catch((e: unknown) => e)
    ) as MongoServerError;
    await first.endSession();
    await second.endSession();

    expect(error).toBeInstanceOf(MongoServerError);
    expect(error.code).toBe(112);
    expect(error.hasErrorLabel("TransientTransactionError")).toBe(true);
    expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, n: 1 });
  });

  it("refuses a unique key taken by a commit after it began with a retryable WriteConflict", async () => {
    const collection = await fresh();
    await collection.createIndex({ month: 1, sector: 1 }, { unique: true });
    const session = store.client.startSession();
    session.startTransaction();
    await collection.findOne({ month: "2026-01" }, { session }); // the transaction's snapshot

    await collection.insertOne({ month: "2026-01", sector: "NGO", n: 1 });
    const insert = await collection
      .insertOne({ month: "2026-01", sector: "NGO", n: 1 }, { session })
      .catch((e: unknown) => e);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();

    expect(insert).toBeInstanceOf(MongoServerError);
    expect((insert as MongoServerError).code).toBe(112);
    expect((insert as MongoServerError).hasErrorLabel("TransientTransactionError")).toBe(true);
  });

  it("lets withTransaction retry one of two transactions that create the same unique key", async () => {
    const rollups = await fresh();
    await rollups.createIndex({ month: 1, sector: 1 }, { unique: true });
    let attempts = 0;
    let tried = 0;
    let release!: () => void;
    const bothTried = new Promise<void>((resolve) => (release = resolve));

    await Promise.all(
      [0, 1].map(async () => {
        const session = store.client.startSession();
        await session.withTransaction(async () => {
          attempts += 1;
          try {
            await rollups.updateOne(
              { month: "2026-01", sector: "NGO" },
              { $inc: { n: 1 } },
              { upsert: true, session },
            );
          } finally {
            if (++tried === 2) release();
          }
          await bothTried; // both have created the document in their own transaction
        });
        await session.endSession();
      }),
    );

    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(await rollups.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
      { month: "2026-01", sector: "NGO", n: 2 },
    ]);
  });

  it("keeps an invariant under concurrent withTransaction retries", async () => {
    const accounts = await fresh();
    await accounts.insertMany([
      { _id: "a", balance: 100 },
      { _id: "b", balance: 100 },
    ]);

    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const session = store.client.startSession();
        await session.withTransaction(async () => {
          const [from, to] = i % 2 ? ["a", "b"] : ["b", "a"];
          await accounts.updateOne({ _id: from }, { $inc: { balance: -1 } }, { session });
          await accounts.updateOne({ _id: to }, { $inc: { balance: 1 } }, { session });
        });
        await session.endSession();
      }),
    );
    const balances = await accounts.find().toArray();

    expect(balances.reduce((sum, account) => sum + (account.balance as number), 0)).toBe(200);
  });
});
