// Every command the embedded store answers, through the official driver, with MongoDB's
// documented results and error codes.
import { type Collection, type Document, Long, ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";

import { freshCollection, rejection, type TestDocument } from "../support/driver.js";
import { realMongoUri, storeModes, useTestStore } from "../support/store.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  let counter = 0;
  const fresh = (): Collection<TestDocument> => freshCollection(store, `c${++counter}`);

  describe("handshake and server information", () => {
    it("presents a writable primary with MongoDB's limits", async () => {
      const reply = await store.db.admin().command({ hello: 1 });

      expect(reply).toMatchObject({
        ok: 1,
        isWritablePrimary: true,
        maxBsonObjectSize: 16 * 1024 * 1024,
        maxMessageSizeBytes: 48_000_000,
        maxWriteBatchSize: 100_000,
        logicalSessionTimeoutMinutes: 30,
      });
      expect(reply.maxWireVersion).toBeGreaterThanOrEqual(17);
    });

    it("answers the legacy isMaster name too", async () => {
      const reply = await store.db.admin().command({ isMaster: 1 });

      expect(reply.ismaster).toBe(true);
    });

    it("answers ping, buildInfo, getParameter and endSessions", async () => {
      const admin = store.db.admin();

      expect((await admin.command({ ping: 1 })).ok).toBe(1);
      expect((await admin.command({ buildInfo: 1 })).version).toMatch(/^\d+\.\d+/);
      expect(
        (await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 }))
          .featureCompatibilityVersion,
      ).toBeDefined();
      expect((await admin.command({ endSessions: [] })).ok).toBe(1);
    });

    it("answers an unknown command with CommandNotFound (59) and keeps serving", async () => {
      const error = await rejection(store.db.command({ frobnicate: 1 }));

      expect(error.code).toBe(59);
      expect(error.codeName).toBe("CommandNotFound");
      expect((await store.db.command({ ping: 1 })).ok).toBe(1);
    });
  });

  describe("databases and collections", () => {
    it("creates, lists and drops collections", async () => {
      await store.db.createCollection("listed");

      const names = (await store.db.listCollections({}, { nameOnly: true }).toArray()).map(
        (c) => c.name,
      );
      const databases = await store.client.db("admin").admin().listDatabases();
      const dropped = await store.db.dropCollection("listed");
      const after = await store.db.listCollections({ name: "listed" }).toArray();

      expect(names).toContain("listed");
      expect(databases.databases.map((d) => d.name)).toContain(store.db.databaseName);
      expect(dropped).toBe(true);
      expect(after).toEqual([]);
    });

    it("refuses to create an existing collection with NamespaceExists (48)", async () => {
      await store.db.createCollection("twice");

      const error = await rejection(store.db.command({ create: "twice" }));

      expect(error.code).toBe(48);
    });

    it("drops a whole database", async () => {
      const other = store.client.db(`${store.db.databaseName}_drop`);
      await other.collection("x").insertOne({ a: 1 });

      await other.dropDatabase();

      const names = (await store.client.db("admin").admin().listDatabases()).databases.map(
        (d) => d.name,
      );
      expect(names).not.toContain(other.databaseName);
    });
  });

  describe("insert", () => {
    it("generates an _id and returns the document with it", async () => {
      const collection = fresh();

      const result = await collection.insertOne({ name: "Zioła Siedleckie" });
      const found = await collection.findOne({ _id: result.insertedId });

      expect(found).toEqual({ _id: result.insertedId, name: "Zioła Siedleckie" });
    });

    it("stops an ordered batch at the first duplicate and reports it", async () => {
      const collection = fresh();

      const error = await rejection(
        collection.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }], { ordered: true }),
      );

      expect(error.code).toBe(11000);
      expect(await collection.countDocuments()).toBe(1);
    });

    it("goes on past a duplicate in an unordered batch", async () => {
      const collection = fresh();

      const error = await rejection(
        collection.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }], { ordered: false }),
      );

      expect(error.code).toBe(11000);
      expect(await collection.countDocuments()).toBe(2);
    });

    it("keeps BSON types: ObjectId, Date, nested documents and arrays, Long, Binary", async () => {
      const collection = fresh();
      const document = {
        _id: new ObjectId(),
        at: new Date("2017-08-23T08:00:00Z"),
        nested: { list: [1, "two", { three: 3 }] },
        big: Long.fromString("9007199254740993"),
        polish: "zażółć gęślą jaźń",
      };

      await collection.insertOne(document);
      const found = await collection.findOne({ _id: document._id });

      expect(found).toEqual(document);
    });

    it("refuses a document over 16 MB with BSONObjectTooLarge (10334)", async () => {
      const collection = fresh();

      const error = await rejection(
        collection.insertOne({ blob: "x".repeat(16 * 1024 * 1024 + 1) }),
      );

      expect([10334, 2]).toContain(error.code);
      expect(await collection.countDocuments()).toBe(0);
    });

    it("accepts a document just under 16 MB", async () => {
      const collection = fresh();

      await collection.insertOne({ _id: 1, blob: "x".repeat(16 * 1024 * 1024 - 100) });

      expect((await collection.findOne({ _id: 1 }))?.blob.length).toBe(16 * 1024 * 1024 - 100);
    });
  });

  describe("find, getMore and killCursors", () => {
    let collection: Collection<TestDocument>;
    beforeAll(async () => {
      collection = fresh();
      await collection.insertMany(
        Array.from({ length: 250 }, (_, i) => ({ _id: i, n: i % 10, tag: i % 2 ? "odd" : "even" })),
      );
    });

    it("filters, sorts, skips, limits and projects", async () => {
      const found = await collection
        .find({ n: { $gte: 7 }, tag: "odd" }, { projection: { _id: 1, n: 1 } })
        .sort({ n: -1, _id: 1 })
        .skip(2)
        .limit(3)
        .toArray();

      expect(found).toEqual([
        { _id: 29, n: 9 },
        { _id: 39, n: 9 },
        { _id: 49, n: 9 },
      ]);
    });

    it("returns every document across batches through getMore", async () => {
      const ids = (await collection.find({}, { batchSize: 7 }).toArray()).map(
        (d) => d._id as number,
      );

      expect(ids).toHaveLength(250);
      expect(new Set(ids).size).toBe(250);
    });

    it("answers getMore with the cursor id and kills a cursor", async () => {
      const first = await store.db.command({ find: collection.collectionName, batchSize: 2 });
      const id = first.cursor.id as Long;
      const more = await store.db.command({
        getMore: id,
        collection: collection.collectionName,
        batchSize: 3,
      });
      const killed = await store.db.command({
        killCursors: collection.collectionName,
        cursors: [id],
      });
      const error = await rejection(
        store.db.command({ getMore: id, collection: collection.collectionName }),
      );

      expect(first.cursor.firstBatch).toHaveLength(2);
      expect(more.cursor.nextBatch).toHaveLength(3);
      expect(killed.cursorsKilled.map(String)).toEqual([String(id)]);
      expect(error.code).toBe(43);
    });

    it("counts and lists distinct values", async () => {
      const count = await store.db.command({
        count: collection.collectionName,
        query: { tag: "odd" },
      });
      const distinct = await collection.distinct("n", { tag: "even" });

      expect(count.n).toBe(125);
      expect(distinct).toEqual([0, 2, 4, 6, 8]);
    });

    it("uses a unique index for an equality on its field", async () => {
      const indexed = fresh();
      await indexed.createIndex({ code: 1 }, { unique: true });
      await indexed.insertMany(Array.from({ length: 50 }, (_, i) => ({ code: `PL9${i}` })));

      const found = await indexed.find({ code: "PL925" }).toArray();

      expect(found.map((d) => d.code)).toEqual(["PL925"]);
    });
  });

  describe("update", () => {
    it("applies operators to one or many documents", async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 1, n: 1, tags: ["a"] },
        { _id: 2, n: 2, tags: [] },
      ]);

      const one = await collection.updateOne({ _id: 1 }, {
        $inc: { n: 5 },
        $push: { tags: "b" },
      } as Document);
      const many = await collection.updateMany({}, { $set: { seen: true } });

      expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
      expect(await collection.find().toArray()).toEqual([
        { _id: 1, n: 6, tags: ["a", "b"], seen: true },
        { _id: 2, n: 2, tags: [], seen: true },
      ]);
    });

    it("reports a match without a change as not modified", async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 1, n: 1 });

      const result = await collection.updateOne({ _id: 1 }, { $set: { n: 1 } });

      expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });

    it("upserts from the filter's equality fields and $setOnInsert", async () => {
      const collection = fresh();

      const result = await collection.updateOne(
        { code: "PL925", status: { $in: ["x"] } },
        { $set: { name: "siedlecki" }, $setOnInsert: { created: 1 } },
        { upsert: true },
      );
      const found = await collection.findOne({ _id: result.upsertedId! });

      expect(result.upsertedCount).toBe(1);
      expect(found).toEqual({
        _id: result.upsertedId,
        code: "PL925",
        name: "siedlecki",
        created: 1,
      });
    });

    it("updates the elements arrayFilters select", async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 1, grades: [95, 92, 90] });

      await collection.updateOne(
        { _id: 1 },
        { $set: { "grades.$[element]": 100 } },
        { arrayFilters: [{ element: { $gte: 92 } }] },
      );

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [100, 100, 90] });
    });

    it("replaces a whole document and keeps its _id", async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 1, a: 1, b: 2 });

      await collection.replaceOne({ _id: 1 }, { c: 3 });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
    });

    it("refuses to change _id with ImmutableField (66)", async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 1 });

      const error = await rejection(collection.updateOne({ _id: 1 }, { $set: { _id: 2 } }));

      expect(error.code).toBe(66);
    });

    it("refuses an unknown update operator with FailedToParse (9)", async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 1 });

      const error = await rejection(
        collection.updateOne({ _id: 1 }, { $frob: { a: 1 } } as Document),
      );

      expect(error.code).toBe(9);
    });
  });

  describe("delete and findAndModify", () => {
    it("deletes one or many", async () => {
      const collection = fresh();
      await collection.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);

      const one = await collection.deleteOne({ k: 1 });
      const many = await collection.deleteMany({});

      expect(one.deletedCount).toBe(1);
      expect(many.deletedCount).toBe(2);
    });

    it("returns the document before or after an update, in sort order", async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 1, q: 5 },
        { _id: 2, q: 9 },
      ]);

      const before = await collection.findOneAndUpdate(
        {},
        { $inc: { q: 1 } },
        { sort: { q: -1 }, returnDocument: "before" },
      );
      const after = await collection.findOneAndUpdate(
        { _id: 1 },
        { $inc: { q: 1 } },
        { returnDocument: "after", projection: { q: 1, _id: 0 } },
      );

      expect(before).toEqual({ _id: 2, q: 9 });
      expect(after).toEqual({ q: 6 });
    });

    it("upserts, deletes and reports lastErrorObject", async () => {
      const collection = fresh();

      const upserted = await collection.findOneAndUpdate(
        { _id: 7 },
        { $set: { v: 1 } },
        { upsert: true, returnDocument: "after", includeResultMetadata: true },
      );
      const removed = await collection.findOneAndDelete({ _id: 7 });

      expect(upserted.value).toEqual({ _id: 7, v: 1 });
      expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 7 });
      expect(removed).toEqual({ _id: 7, v: 1 });
      expect(await collection.countDocuments()).toBe(0);
    });
  });

  describe("aggregate", () => {
    it("groups and sorts through a cursor", async () => {
      const collection = fresh();
      await collection.insertMany(
        Array.from({ length: 30 }, (_, i) => ({
          sector: ["NGO", "JST", "biznes"][i % 3],
          score: i,
        })),
      );

      const groups = await collection
        .aggregate(
          [
            { $match: { score: { $gte: 3 } } },
            { $group: { _id: "$sector", n: { $sum: 1 }, best: { $max: "$score" } } },
            { $sort: { _id: 1 } },
          ],
          { batchSize: 1 },
        )
        .toArray();

      expect(groups).toEqual([
        { _id: "JST", n: 9, best: 28 },
        { _id: "NGO", n: 9, best: 27 },
        { _id: "biznes", n: 9, best: 29 },
      ]);
    });

    it("joins another collection with $lookup", async () => {
      const visits = fresh();
      const stops = fresh();
      await visits.insertOne({ _id: "v1", title: "Siedlce" });
      await stops.insertMany([
        { visit: "v1", order: 2 },
        { visit: "v1", order: 1 },
      ]);

      const [joined] = await visits
        .aggregate([
          {
            $lookup: {
              from: stops.collectionName,
              localField: "_id",
              foreignField: "visit",
              as: "stops",
            },
          },
          { $project: { n: { $size: "$stops" } } },
        ])
        .toArray();

      expect(joined).toEqual({ _id: "v1", n: 2 });
    });

    it("writes results with $out", async () => {
      const source = fresh();
      const target = fresh();
      await source.insertMany([{ a: 1 }, { a: 2 }]);

      await source
        .aggregate([{ $project: { _id: 0, a: 1 } }, { $out: target.collectionName }])
        .toArray();

      expect((await target.find({}, { projection: { _id: 0 } }).toArray()).map((d) => d.a)).toEqual(
        [1, 2],
      );
    });

    it("counts documents the way countDocuments asks", async () => {
      const collection = fresh();
      await collection.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);

      expect(await collection.countDocuments({ a: { $gt: 1 } })).toBe(2);
      expect(await collection.estimatedDocumentCount()).toBe(3);
    });
  });

  describe("indexes", () => {
    it("creates, lists and drops indexes", async () => {
      const collection = fresh();

      const name = await collection.createIndex({ visit: 1, email: 1 }, { unique: true });
      const listed = await collection.listIndexes().toArray();
      await collection.dropIndex(name);
      const after = await collection.listIndexes().toArray();

      expect(name).toBe("visit_1_email_1");
      expect(listed.map((i) => i.name)).toEqual(["_id_", "visit_1_email_1"]);
      expect(listed[1]).toMatchObject({ key: { visit: 1, email: 1 }, unique: true });
      expect(after.map((i) => i.name)).toEqual(["_id_"]);
    });

    it("enforces a compound unique index with E11000 and keyValue", async () => {
      const collection = fresh();
      await collection.createIndex({ visit: 1, email: 1 }, { unique: true });
      await collection.insertOne({ visit: 1, email: "a@x.pl" });
      await collection.insertOne({ visit: 2, email: "a@x.pl" });

      const error = await rejection(collection.insertOne({ visit: 1, email: "a@x.pl" }));

      expect(error.code).toBe(11000);
      expect(error.message).toMatch(/^E11000 duplicate key error/);
      expect(error.keyValue).toEqual({ visit: 1, email: "a@x.pl" });
    });

    it("enforces uniqueness on update and leaves the document unchanged", async () => {
      const collection = fresh();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertMany([
        { _id: 1, email: "a" },
        { _id: 2, email: "b" },
      ]);

      const error = await rejection(collection.updateOne({ _id: 2 }, { $set: { email: "a" } }));

      expect(error.code).toBe(11000);
      expect(await collection.findOne({ _id: 2 })).toEqual({ _id: 2, email: "b" });
    });

    it("refuses to build a unique index over existing duplicates", async () => {
      const collection = fresh();
      await collection.insertMany([{ email: "a" }, { email: "a" }]);

      const error = await rejection(collection.createIndex({ email: 1 }, { unique: true }));

      expect(error.code).toBe(11000);
      expect((await collection.listIndexes().toArray()).map((i) => i.name)).toEqual(["_id_"]);
    });

    it("lets a sparse unique index skip documents without the field", async () => {
      const collection = fresh();
      await collection.createIndex({ nip: 1 }, { unique: true, sparse: true });

      await collection.insertMany([{ a: 1 }, { a: 2 }, { nip: "123" }]);

      expect(await collection.countDocuments()).toBe(3);
    });

    it("applies a partial unique index only where its filter matches", async () => {
      const collection = fresh();
      await collection.createIndex(
        { email: 1 },
        { unique: true, partialFilterExpression: { active: true } },
      );
      await collection.insertMany([
        { email: "a", active: false },
        { email: "a", active: true },
      ]);

      const error = await rejection(collection.insertOne({ email: "a", active: true }));

      expect(error.code).toBe(11000);
    });

    it("reports conflicting index definitions", async () => {
      const collection = fresh();
      await collection.createIndex({ a: 1 }, { name: "by_a" });

      const error = await rejection(collection.createIndex({ b: 1 }, { name: "by_a" }));

      expect([85, 86]).toContain(error.code);
    });
  });

  describe.skipIf(realMongoUri)("embedded store limits", () => {
    it("refuses options it does not implement instead of ignoring them", async () => {
      const collection = fresh();

      const error = await rejection(collection.createIndex({ text: "text" }));

      expect(error.code).toBe(115);
      expect(error.message).toMatch(/not supported by the embedded store/);
    });
  });
});
