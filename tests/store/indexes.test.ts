// Queries that an index can answer examine only the documents they return: `$in`, ranges,
// compound-index prefixes, sorts with a limit and an aggregation's leading `$match`, counted
// with serverStatus's `metrics.queryExecutor` as MongoDB counts them (keys and documents
// examined). Every answer equals the one from the same documents without indexes.
import { rmSync } from "node:fs";

import fc from "fast-check";
import {
  type Collection,
  type Db,
  Decimal128,
  type Document,
  Double,
  type Filter,
  Int32,
  Long,
  MongoClient,
  ObjectId,
} from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmbeddedStore } from "../../src/store/index.js";
import type { TestDocument } from "../support/driver.js";
import { realMongoUri, startTestStore, tempDir, type TestStore } from "../support/store.js";

const SIZE = 10_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

let store: TestStore;
let indexed: Collection<TestDocument>;
let plain: Collection<TestDocument>;

/** Document i: 20 per visit, 4 kinds, one day apart, with an array field and a few gaps. */
function document(i: number): TestDocument {
  return {
    _id: i,
    visitId: `v${String(i % 500).padStart(3, "0")}`,
    n: i % 3 === 0 ? i : i + 0.0,
    kind: ["a", "b", "c", "d"][i % 4],
    at: new Date(START + i * DAY),
    tags: [i % 7, 10 + (i % 11)],
    ...(i % 10 === 0 ? {} : { rank: i % 100 }),
  };
}

async function fill(collection: Collection<TestDocument>): Promise<void> {
  const documents = Array.from({ length: SIZE }, (_, i) => document(i));
  await collection.insertMany(documents);
}

async function counters(db: Db): Promise<{ keys: number; documents: number }> {
  const status = await db.admin().command({ serverStatus: 1 });
  const executor = status.metrics.queryExecutor as Document;
  return { keys: Number(executor.scanned), documents: Number(executor.scannedObjects) };
}

/** What `work` returns, and the index keys and documents the store examined meanwhile. */
async function examining<T>(work: () => Promise<T>) {
  const before = await counters(store.db);
  const result = await work();
  const after = await counters(store.db);
  return { result, keys: after.keys - before.keys, documents: after.documents - before.documents };
}

beforeAll(async () => {
  store = await startTestStore();
  indexed = store.db.collection("indexed");
  plain = store.db.collection("plain");
  await fill(indexed);
  await fill(plain);
  await indexed.createIndex({ visitId: 1 });
  await indexed.createIndex({ n: 1 });
  await indexed.createIndex({ kind: 1, at: -1 });
  await indexed.createIndex({ tags: 1 });
  await indexed.createIndex({ rank: 1 }, { sparse: true });
}, 60_000);
afterAll(() => store.stop());

describe("queries served by an index", () => {
  it("answers $in by examining only the matching documents", async () => {
    // Arrange
    const filter = { visitId: { $in: ["v001", "v017", "v250", "v499", "v999"] } };

    // Act
    const { result, documents } = await examining(() => indexed.find(filter).toArray());

    // Assert
    expect(result).toHaveLength(80);
    expect(documents).toBeLessThanOrEqual(80);
    expect(result).toEqual(await plain.find(filter).toArray());
  });

  it("answers a combined range by examining only the documents in it", async () => {
    // Arrange
    const filter = { n: { $gte: 100, $lt: 250 } };

    // Act
    const { result, documents, keys } = await examining(() => indexed.find(filter).toArray());

    // Assert
    expect(result).toHaveLength(150);
    expect(documents).toBeLessThanOrEqual(150);
    expect(keys).toBeLessThanOrEqual(151);
    expect(result).toEqual(await plain.find(filter).toArray());
  });

  it("answers equality on a compound index's first field and a range on the next", async () => {
    // Arrange
    const filter = {
      kind: { $in: ["a", "c"] },
      at: { $gt: new Date(START + 1000 * DAY), $lte: new Date(START + 1400 * DAY) },
    };

    // Act
    const { result, documents } = await examining(() => indexed.find(filter).toArray());

    // Assert
    expect(result).toHaveLength(200);
    expect(documents).toBeLessThanOrEqual(200);
    expect(result).toEqual(await plain.find(filter).toArray());
  });

  it("answers equality on a compound index's prefix alone", async () => {
    // Act
    const { result, documents } = await examining(() => indexed.find({ kind: "d" }).toArray());

    // Assert
    expect(result).toHaveLength(SIZE / 4);
    expect(documents).toBeLessThanOrEqual(SIZE / 4);
    expect(result).toEqual(await plain.find({ kind: "d" }).toArray());
  });

  it("walks the index in order for a sort with a limit instead of sorting the collection", async () => {
    // Arrange
    const latestOfKind = (collection: Collection<TestDocument>) =>
      collection.find({ kind: "b" }).sort({ at: -1 }).limit(10).toArray();
    const lowest = (collection: Collection<TestDocument>) =>
      collection.find({}).sort({ n: 1 }).skip(5).limit(5).toArray();

    // Act
    const byKind = await examining(() => latestOfKind(indexed));
    const byNumber = await examining(() => lowest(indexed));

    // Assert
    expect(byKind.result.map((d) => d._id)).toEqual([
      9997, 9993, 9989, 9985, 9981, 9977, 9973, 9969, 9965, 9961,
    ]);
    expect(byKind.documents).toBeLessThanOrEqual(10);
    expect(byKind.result).toEqual(await latestOfKind(plain));
    expect(byNumber.result.map((d) => d._id)).toEqual([5, 6, 7, 8, 9]);
    expect(byNumber.documents).toBeLessThanOrEqual(10);
    expect(byNumber.result).toEqual(await lowest(plain));
  });

  it("serves an aggregation's leading $match, and its $sort and $limit", async () => {
    // Arrange
    const visits = ["v002", "v003", "v004"];
    const counts = [
      { $match: { visitId: { $in: visits } } },
      { $group: { _id: "$visitId", n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ];
    const latest = [
      { $match: { kind: "a" } },
      { $sort: { at: -1 } },
      { $limit: 3 },
      { $project: { _id: 1 } },
    ];

    // Act
    const counted = await examining(() => indexed.aggregate(counts).toArray());
    const sorted = await examining(() => indexed.aggregate(latest).toArray());

    // Assert
    expect(counted.result).toEqual(visits.map((visitId) => ({ _id: visitId, n: 20 })));
    expect(counted.documents).toBeLessThanOrEqual(60);
    expect(sorted.result).toEqual([{ _id: 9996 }, { _id: 9992 }, { _id: 9988 }]);
    expect(sorted.documents).toBeLessThanOrEqual(3);
    expect(await plain.aggregate(latest).toArray()).toEqual(sorted.result);
  });

  it("still scans for what no index serves, and counts every document it examines", async () => {
    // Act
    const early = { at: { $lt: new Date(START + 200 * DAY) } }; // not the compound index's prefix
    const { result, documents } = await examining(() => indexed.find(early).toArray());

    // Assert
    expect(result).toHaveLength(200);
    expect(documents).toBe(SIZE);
  });
});

describe("answers through an index equal a full scan", () => {
  const id = new ObjectId();
  const special: TestDocument[] = [
    { _id: "long", n: Long.fromNumber(5), at: new Date(START), tags: [] },
    { _id: "int32", n: new Int32(6), kind: null, tags: [3, 3] },
    { _id: "decimal", n: Decimal128.fromString("7.0"), tags: [[1, 2]] },
    { _id: "string", n: "5", kind: "a", visitId: id },
    { _id: "nested", tags: { a: 1 }, rank: null },
    { _id: "missing" },
  ];

  beforeAll(async () => {
    await indexed.insertMany(special);
    await plain.insertMany(special);
    const change = async (collection: Collection<TestDocument>) => {
      await collection.updateMany({ n: { $lt: 30 } }, { $set: { kind: "e" } });
      await collection.deleteMany({ visitId: "v100" });
      await collection.updateOne({ _id: 42 }, { $set: { tags: [99, 98, 97] } });
      // Rewritten in place: still before "decimal" in natural order, among the same index keys.
      await collection.updateOne({ _id: "int32" }, { $set: { touched: true } });
    };
    await change(indexed);
    await change(plain);
  });

  const filters: Filter<TestDocument>[] = [
    { n: 5 },
    { n: { $in: [6, 7, Long.fromNumber(12)] } },
    { n: { $gte: 5, $lte: 7 } },
    { n: { $gt: "4" } },
    { n: { $lt: 10, $gte: Decimal128.fromString("6") } },
    { visitId: id },
    { visitId: null },
    { kind: null },
    { kind: { $in: ["e", null] } },
    { kind: "e", at: { $lt: new Date(START + 20 * DAY) } },
    { kind: { $gte: "d" } },
    { tags: 3 },
    { tags: { $gt: 6, $lt: 10 } },
    { tags: { $gt: 18, $lt: 98 } },
    { tags: { $in: [[1, 2], 99] } },
    { tags: [] },
    { rank: { $gte: 98 } },
    { rank: null },
    { rank: { $exists: false } },
    { $and: [{ n: { $gt: 9000 } }, { kind: "c" }, { visitId: { $in: ["v001", "v002"] } }] },
    { _id: { $in: [1, "long", 10_500, 42] } },
    { visitId: { $in: [] } },
  ];

  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))(
    "find(%s)",
    async (_name, filter) => {
      // Act
      const found = await indexed.find(filter).toArray();

      // Assert
      expect(found).toEqual(await plain.find(filter).toArray());
    },
  );

  const sorts: [Filter<TestDocument>, Document][] = [
    [{}, { n: -1 }],
    [{ kind: "e" }, { at: 1 }],
    [{ kind: "e" }, { kind: 1, at: -1 }],
    [{ kind: "c", at: { $lt: new Date(START + 100 * DAY) } }, { at: -1 }],
    [{}, { rank: 1 }],
    [{}, { tags: -1 }],
    [{ kind: { $in: ["a", "b"] } }, { at: -1 }],
  ];

  it.each(sorts.map(([filter, sort]) => [JSON.stringify([filter, sort]), filter, sort] as const))(
    "find(%s) with a limit",
    async (_name, filter, sort) => {
      // Act
      const found = await indexed.find(filter).sort(sort).limit(7).toArray();

      // Assert
      expect(found).toEqual(await plain.find(filter).sort(sort).limit(7).toArray());
    },
  );
});

describe("random writes and queries", () => {
  // Values of many BSON types, equal across types where MongoDB says so (1, 1.0, Long 1).
  const value = fc.constantFrom<unknown>(
    1,
    new Double(1),
    Long.fromNumber(2),
    2.5,
    "a",
    "b",
    true,
    null,
    new Date(START),
    [1, "a"],
    [2, 2],
    [1, 3],
    ["a", "c"],
    [],
    { x: 1 },
  );
  const field = fc.constantFrom("a", "b", "c.d");
  const doc = fc.record(
    { a: value, b: value, c: fc.oneof(fc.record({ d: value }), fc.array(fc.record({ d: value }))) },
    { requiredKeys: [] },
  );
  const scalar = fc.constantFrom<unknown>(
    1,
    Long.fromNumber(2),
    2.5,
    "a",
    "b",
    true,
    new Date(START),
  );
  const condition = fc.oneof(
    scalar,
    fc.record({ $in: fc.array(scalar, { maxLength: 3 }) }),
    fc.record({ $gt: scalar }),
    fc.record({ $gte: scalar, $lt: scalar }),
    fc.record({ $lte: scalar }),
  );
  const filter = fc.dictionary(field, condition, { maxKeys: 2 });
  const someFilter = fc.dictionary(field, condition, { minKeys: 1, maxKeys: 2 });
  const sort = fc.option(fc.dictionary(field, fc.constantFrom(1, -1), { minKeys: 1, maxKeys: 2 }));
  const indexKeys = fc.constantFrom<Document>(
    { a: 1 },
    { b: -1 },
    { a: 1, b: 1 },
    { b: 1, a: -1 },
    { "c.d": 1 },
    { a: 1, "c.d": -1 },
  );
  let run = 0;

  it("answers every query as a collection without indexes does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(indexKeys, { minLength: 1, maxLength: 3 }),
        fc.array(doc, { minLength: 10, maxLength: 40 }),
        fc.array(fc.tuple(someFilter, value, someFilter), { maxLength: 4 }),
        fc.array(fc.tuple(filter, sort, fc.integer({ min: 1, max: 5 })), {
          minLength: 3,
          maxLength: 6,
        }),
        async (keys, documents, changes, queries) => {
          // Arrange
          run += 1;
          const withIndexes = store.db.collection<TestDocument>(`random_indexed_${run}`);
          const without = store.db.collection<TestDocument>(`random_plain_${run}`);
          for (const key of keys) await withIndexes.createIndex(key);
          for (const collection of [withIndexes, without]) {
            if (documents.length > 0) {
              await collection.insertMany(documents.map((d, i) => ({ _id: i, ...d })));
            }
            for (const [where, set, gone] of changes) {
              await collection.updateMany(where, { $set: { b: set } });
              await collection.deleteMany(gone);
            }
          }

          for (const [where, order, limit] of queries) {
            // Act
            const find = (collection: Collection<TestDocument>) =>
              order
                ? collection.find(where).sort(order).limit(limit).toArray()
                : collection.find(where).toArray();

            // Assert
            expect(await find(withIndexes)).toEqual(await find(without));
          }
        },
      ),
      { seed: 20261202, numRuns: 60 },
    );
  }, 120_000);
});

describe.skipIf(realMongoUri)("a store reopened from disk", () => {
  const dataDir = tempDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("answers a range and $in through its indexes as the first queries", async () => {
    // Arrange
    const first = await startEmbeddedStore({ dataDir, port: 0 });
    let client = await new MongoClient(first.uri).connect();
    const documents = Array.from({ length: 100 }, (_, i) => document(i));
    await client.db("app").collection("docs").createIndex({ n: 1 });
    await client.db("app").collection<TestDocument>("docs").insertMany(documents);
    await client.close();
    await first.close();
    const second = await startEmbeddedStore({ dataDir, port: 0 });
    client = await new MongoClient(second.uri).connect();

    // Act
    const docs = client.db("app").collection("docs");
    const range = await docs.find({ n: { $gte: 10, $lt: 20 } }).toArray();
    const sorted = await docs.find({}).sort({ n: -1 }).limit(2).toArray();
    await client.close();
    await second.close();

    // Assert
    expect(range.map((d) => d._id)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(sorted.map((d) => d._id)).toEqual([99, 98]);
  });
});
