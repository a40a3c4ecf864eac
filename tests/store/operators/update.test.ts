// Update operators the store claims (src/store/query/mql.ts), through the official driver, with
// the expected results of MongoDB's manual.
import {
  type Collection,
  Decimal128,
  type Document,
  Int32,
  Long,
  Timestamp,
  type UpdateFilter,
  type UpdateOptions,
} from "mongodb";
import { describe, expect, it } from "vitest";

import { realMongoUri, storeModes, useTestStore } from "../../support/store.js";
import { expectRefusal, freshCollection, rejection, type TestDocument } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  const fresh = (name: string) => freshCollection(store, name);

  // The manual's update documents, sent as they are (the driver's types forbid some on purpose).
  const updateOne = (
    collection: Collection<TestDocument>,
    filter: Document,
    update: Document | Document[],
    options?: UpdateOptions,
  ) => collection.updateOne(filter, update as UpdateFilter<TestDocument>, options);
  const updateMany = (
    collection: Collection<TestDocument>,
    filter: Document,
    update: Document | Document[],
    options?: UpdateOptions,
  ) => collection.updateMany(filter, update as UpdateFilter<TestDocument>, options);

  // https://www.mongodb.com/docs/manual/reference/operator/update/set/
  describe("$set", () => {
    const product = {
      _id: 100,
      quantity: 250,
      instock: true,
      reorder: false,
      details: { model: "14QQ", make: "Clothes Corp" },
      tags: ["apparel", "clothing"],
      ratings: [{ by: "Customer007", rating: 4 }],
    };

    it("sets top-level fields", async () => {
      const collection = fresh("set_top");
      await collection.insertOne(product);

      await updateOne(
        collection,
        { _id: 100 },
        {
          $set: {
            quantity: 500,
            details: { model: "2600", make: "Fashionaires" },
            tags: ["coats", "outerwear", "clothing"],
          },
        },
      );

      expect(await collection.findOne({ _id: 100 })).toEqual({
        _id: 100,
        quantity: 500,
        instock: true,
        reorder: false,
        details: { model: "2600", make: "Fashionaires" },
        tags: ["coats", "outerwear", "clothing"],
        ratings: [{ by: "Customer007", rating: 4 }],
      });
    });

    it("sets fields in embedded documents", async () => {
      const collection = fresh("set_embedded");
      await collection.insertOne(product);

      await updateOne(collection, { _id: 100 }, { $set: { "details.make": "Kustom Kidz" } });

      expect((await collection.findOne({ _id: 100 }))?.details).toEqual({
        model: "14QQ",
        make: "Kustom Kidz",
      });
    });

    it("sets array elements by index", async () => {
      const collection = fresh("set_index");
      await collection.insertOne(product);

      await updateOne(
        collection,
        { _id: 100 },
        { $set: { "tags.1": "rain gear", "ratings.0.rating": 2 } },
      );

      const updated = await collection.findOne({ _id: 100 });
      expect(updated?.tags).toEqual(["apparel", "rain gear"]);
      expect(updated?.ratings).toEqual([{ by: "Customer007", rating: 2 }]);
    });

    it("creates missing embedded documents along the path", async () => {
      const collection = fresh("set_missing");
      await collection.insertOne({ _id: 1 });

      await updateOne(collection, { _id: 1 }, { $set: { "a.b.c": 5 } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, a: { b: { c: 5 } } });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/unset/
  describe("$unset", () => {
    it("removes fields from the first matching document", async () => {
      const collection = fresh("unset");
      await collection.insertMany([
        { _id: 1, item: "chisel", sku: "C001", quantity: 4, instock: true },
        { _id: 2, item: "hammer", sku: "unknown", quantity: 3, instock: true },
        { _id: 3, item: "nails", sku: "unknown", quantity: 100, instock: true },
      ]);

      await updateOne(collection, { sku: "unknown" }, { $unset: { quantity: "", instock: "" } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, item: "chisel", sku: "C001", quantity: 4, instock: true },
        { _id: 2, item: "hammer", sku: "unknown" },
        { _id: 3, item: "nails", sku: "unknown", quantity: 100, instock: true },
      ]);
    });

    it("does nothing for a missing field", async () => {
      const collection = fresh("unset_missing");
      await collection.insertOne({ _id: 1, a: 1 });

      const result = await updateOne(collection, { _id: 1 }, { $unset: { b: "" } });

      expect(result.modifiedCount).toBe(0);
      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
    });

    it("replaces an array element with null instead of removing it", async () => {
      const collection = fresh("unset_element");
      await collection.insertOne({ _id: 1, grades: [85, 80, 90] });

      await updateOne(collection, { _id: 1, grades: 80 }, { $unset: { "grades.$": "" } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [85, null, 90] });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/inc/
  describe("$inc", () => {
    it("increments and decrements, embedded fields included", async () => {
      const collection = fresh("inc");
      await collection.insertOne({
        _id: 1,
        sku: "abc123",
        quantity: 10,
        metrics: { orders: 2, ratings: 3.5 },
      });

      await updateOne(
        collection,
        { sku: "abc123" },
        { $inc: { quantity: -2, "metrics.orders": 1 } },
      );

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        sku: "abc123",
        quantity: 8,
        metrics: { orders: 3, ratings: 3.5 },
      });
    });

    it("creates a missing field with the increment", async () => {
      const collection = fresh("inc_missing");
      await collection.insertOne({ _id: 1 });

      await updateOne(collection, { _id: 1 }, { $inc: { visits: 5 } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, visits: 5 });
    });

    it("refuses to increment a non-numeric value", async () => {
      const collection = fresh("inc_string");
      await collection.insertOne({ _id: 1, name: "x" });

      const error = await rejection(updateOne(collection, { _id: 1 }, { $inc: { name: 1 } }));

      expect(error.code).toBe(14);
      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, name: "x" });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/mul/
  describe("$mul", () => {
    it("multiplies fields", async () => {
      const collection = fresh("mul");
      await collection.insertOne({ _id: 1, item: "ABC", price: 10.5, qty: 25 });

      await updateOne(collection, { _id: 1 }, { $mul: { price: 1.25, qty: 2 } });

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        item: "ABC",
        price: 13.125,
        qty: 50,
      });
    });

    it("multiplies Decimal128 values exactly", async () => {
      const collection = fresh("mul_decimal");
      await collection.insertOne({
        _id: 1,
        item: "ABC",
        price: Decimal128.fromString("10.99"),
        qty: 25,
      });

      await updateOne(
        collection,
        { _id: 1 },
        { $mul: { price: Decimal128.fromString("1.25"), qty: 2 } },
      );

      const updated = await collection.findOne({ _id: 1 });
      expect(updated?.price).toBeInstanceOf(Decimal128);
      expect(updated?.price.toString()).toBe("13.7375");
      expect(updated?.qty).toBe(50);
    });

    it("creates a missing field as zero", async () => {
      const collection = fresh("mul_missing");
      await collection.insertOne({ _id: 2, item: "Unknown" });

      await updateOne(collection, { _id: 2 }, { $mul: { price: Long.fromNumber(100) } });

      expect(await collection.findOne({ _id: 2 })).toEqual({ _id: 2, item: "Unknown", price: 0 });
    });

    it("multiplies mixed numeric types", async () => {
      const collection = fresh("mul_mixed");
      await collection.insertOne({ _id: 3, item: "XYZ", price: Long.fromNumber(10) });

      await updateOne(collection, { _id: 3 }, { $mul: { price: new Int32(5) } });

      expect(await collection.findOne({ _id: 3 })).toEqual({ _id: 3, item: "XYZ", price: 50 });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/min/
  // https://www.mongodb.com/docs/manual/reference/operator/update/max/
  describe("$min and $max", () => {
    it("$min lowers a number and leaves a smaller one alone", async () => {
      const collection = fresh("min");
      await collection.insertOne({ _id: 1, highScore: 800, lowScore: 200 });

      await updateOne(collection, { _id: 1 }, { $min: { lowScore: 150 } });
      const afterFirst = await collection.findOne({ _id: 1 });
      const second = await updateOne(collection, { _id: 1 }, { $min: { lowScore: 250 } });

      expect(afterFirst).toEqual({ _id: 1, highScore: 800, lowScore: 150 });
      expect(second.modifiedCount).toBe(0);
      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        highScore: 800,
        lowScore: 150,
      });
    });

    it("$max raises a number and leaves a larger one alone", async () => {
      const collection = fresh("max");
      await collection.insertOne({ _id: 1, highScore: 800, lowScore: 200 });

      await updateOne(collection, { _id: 1 }, { $max: { highScore: 950 } });
      const afterFirst = await collection.findOne({ _id: 1 });
      const second = await updateOne(collection, { _id: 1 }, { $max: { highScore: 870 } });

      expect(afterFirst).toEqual({ _id: 1, highScore: 950, lowScore: 200 });
      expect(second.modifiedCount).toBe(0);
    });

    it("compare dates", async () => {
      const collection = fresh("min_max_dates");
      await collection.insertOne({
        _id: 1,
        desc: "crafts",
        dateEntered: new Date("2013-10-01T05:00:00Z"),
        dateExpired: new Date("2013-10-01T16:38:16Z"),
      });

      await updateOne(
        collection,
        { _id: 1 },
        {
          $min: { dateEntered: new Date("2013-09-25") },
          $max: { dateExpired: new Date("2013-09-30") },
        },
      );

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        desc: "crafts",
        dateEntered: new Date("2013-09-25T00:00:00Z"),
        dateExpired: new Date("2013-10-01T16:38:16Z"),
      });
    });

    it("compare values of different types in BSON order", async () => {
      const collection = fresh("min_max_types");
      await collection.insertOne({ _id: 1, low: 5, high: 5, missing: "x" });

      await updateOne(
        collection,
        { _id: 1 },
        { $min: { low: null, created: 3 }, $max: { high: "a string" } },
      );

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        low: null,
        high: "a string",
        missing: "x",
        created: 3,
      });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/rename/
  describe("$rename", () => {
    const students = [
      {
        _id: 1,
        alias: ["The American Cincinnatus", "The American Fabius"],
        mobile: "555-555-5555",
        nmae: { first: "george", last: "washington" },
      },
      {
        _id: 2,
        alias: ["My dearest friend"],
        mobile: "222-222-2222",
        nmae: { first: "abigail", last: "adams" },
      },
    ];

    it("renames a field", async () => {
      const collection = fresh("rename");
      await collection.insertMany(students);

      await updateMany(collection, {}, { $rename: { nmae: "name" } });

      expect(await collection.find().toArray()).toEqual([
        {
          _id: 1,
          alias: ["The American Cincinnatus", "The American Fabius"],
          mobile: "555-555-5555",
          name: { first: "george", last: "washington" },
        },
        {
          _id: 2,
          alias: ["My dearest friend"],
          mobile: "222-222-2222",
          name: { first: "abigail", last: "adams" },
        },
      ]);
    });

    it("renames a field in an embedded document", async () => {
      const collection = fresh("rename_embedded");
      await collection.insertMany(students);

      await updateOne(collection, { _id: 1 }, { $rename: { "nmae.first": "nmae.fname" } });

      expect((await collection.findOne({ _id: 1 }))?.nmae).toEqual({
        fname: "george",
        last: "washington",
      });
    });

    it("does nothing for a missing field, and replaces an existing target", async () => {
      const collection = fresh("rename_missing");
      await collection.insertOne({ _id: 1, a: 1, b: 2 });

      const missing = await updateOne(collection, { _id: 1 }, { $rename: { wife: "spouse" } });
      await updateOne(collection, { _id: 1 }, { $rename: { a: "b" } });

      expect(missing.modifiedCount).toBe(0);
      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, b: 1 });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/push/
  // https://www.mongodb.com/docs/manual/reference/operator/update/each/
  // https://www.mongodb.com/docs/manual/reference/operator/update/position/
  // https://www.mongodb.com/docs/manual/reference/operator/update/slice/
  // https://www.mongodb.com/docs/manual/reference/operator/update/sort/
  describe("$push with $each, $position, $slice and $sort", () => {
    it("appends a value, and an array as a single element", async () => {
      const collection = fresh("push");
      await collection.insertOne({ _id: 1, scores: [44, 78, 38, 80] });

      await updateOne(collection, { _id: 1 }, { $push: { scores: 89 } });
      await updateOne(collection, { _id: 1 }, { $push: { scores: [1, 2] } });

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        scores: [44, 78, 38, 80, 89, [1, 2]],
      });
    });

    it("creates a missing array and refuses a non-array field", async () => {
      const collection = fresh("push_missing");
      await collection.insertOne({ _id: 1, name: "joe" });

      await updateOne(collection, { _id: 1 }, { $push: { scores: 89 } });
      const error = await rejection(updateOne(collection, { _id: 1 }, { $push: { name: "x" } }));

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, name: "joe", scores: [89] });
      expect(typeof error.code).toBe("number");
    });

    it("$each appends several values", async () => {
      const collection = fresh("push_each");
      await collection.insertOne({ _id: 1, name: "joe", scores: [44, 78] });

      await updateOne(collection, { name: "joe" }, { $push: { scores: { $each: [90, 92, 85] } } });

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        name: "joe",
        scores: [44, 78, 90, 92, 85],
      });
    });

    it("$position inserts at the start, the middle, and from the end", async () => {
      const collection = fresh("push_position");
      await collection.insertMany([
        { _id: 1, scores: [100] },
        { _id: 2, scores: [50, 60, 70, 100] },
        { _id: 3, scores: [50, 60, 20, 30, 70, 100] },
      ]);

      await updateOne(
        collection,
        { _id: 1 },
        { $push: { scores: { $each: [50, 60, 70], $position: 0 } } },
      );
      await updateOne(
        collection,
        { _id: 2 },
        { $push: { scores: { $each: [20, 30], $position: 2 } } },
      );
      await updateOne(
        collection,
        { _id: 3 },
        { $push: { scores: { $each: [90, 80], $position: -2 } } },
      );

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, scores: [50, 60, 70, 100] },
        { _id: 2, scores: [50, 60, 20, 30, 70, 100] },
        { _id: 3, scores: [50, 60, 20, 30, 90, 80, 70, 100] },
      ]);
    });

    it("$slice keeps the last, the first, or only sorts", async () => {
      const collection = fresh("push_slice");
      await collection.insertMany([
        { _id: 1, scores: [40, 50, 60] },
        { _id: 2, scores: [89, 90] },
        { _id: 3, scores: [89, 70, 100, 20] },
      ]);

      await updateOne(
        collection,
        { _id: 1 },
        { $push: { scores: { $each: [80, 78, 86], $slice: -5 } } },
      );
      await updateOne(
        collection,
        { _id: 2 },
        { $push: { scores: { $each: [100, 20], $slice: 3 } } },
      );
      await updateOne(collection, { _id: 3 }, { $push: { scores: { $each: [], $slice: -3 } } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, scores: [50, 60, 80, 78, 86] },
        { _id: 2, scores: [89, 90, 100] },
        { _id: 3, scores: [70, 100, 20] },
      ]);
    });

    it("$sort orders documents by a field, stably", async () => {
      const collection = fresh("push_sort_docs");
      await collection.insertOne({
        _id: 1,
        quizzes: [
          { id: 1, score: 6 },
          { id: 2, score: 9 },
        ],
      });

      await updateOne(
        collection,
        { _id: 1 },
        {
          $push: {
            quizzes: {
              $each: [
                { id: 3, score: 8 },
                { id: 4, score: 7 },
                { id: 5, score: 6 },
              ],
              $sort: { score: 1 },
            },
          },
        },
      );

      expect((await collection.findOne({ _id: 1 }))?.quizzes).toEqual([
        { id: 1, score: 6 },
        { id: 5, score: 6 },
        { id: 4, score: 7 },
        { id: 3, score: 8 },
        { id: 2, score: 9 },
      ]);
    });

    it("$sort orders values that are not documents, with an empty $each", async () => {
      const collection = fresh("push_sort_values");
      await collection.insertMany([
        { _id: 2, tests: [89, 70, 89, 50] },
        { _id: 3, tests: [89, 70, 100, 20] },
      ]);

      await updateOne(collection, { _id: 2 }, { $push: { tests: { $each: [40, 60], $sort: 1 } } });
      await updateOne(collection, { _id: 3 }, { $push: { tests: { $each: [], $sort: -1 } } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 2, tests: [40, 50, 60, 70, 89, 89] },
        { _id: 3, tests: [100, 89, 70, 20] },
      ]);
    });

    it("applies position, then sort, then slice, whatever the order of the modifiers", async () => {
      const collection = fresh("push_modifiers");
      await collection.insertOne({
        _id: 5,
        quizzes: [
          { wk: 1, score: 10 },
          { wk: 2, score: 8 },
          { wk: 3, score: 5 },
          { wk: 4, score: 6 },
        ],
      });

      await updateOne(
        collection,
        { _id: 5 },
        {
          $push: {
            quizzes: {
              $slice: 3,
              $sort: { score: -1 },
              $each: [
                { wk: 5, score: 8 },
                { wk: 6, score: 7 },
                { wk: 7, score: 6 },
              ],
            },
          },
        },
      );

      expect((await collection.findOne({ _id: 5 }))?.quizzes).toEqual([
        { wk: 1, score: 10 },
        { wk: 2, score: 8 },
        { wk: 5, score: 8 },
      ]);
    });

    it("$sort uses MongoDB's order across BSON types", async () => {
      // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
      const collection = fresh("push_sort_types");
      await collection.insertOne({ _id: 1, mixed: [true, "b", 3, { a: 1 }, null] });

      await updateOne(collection, { _id: 1 }, { $push: { mixed: { $each: [1], $sort: 1 } } });

      expect((await collection.findOne({ _id: 1 }))?.mixed).toEqual([
        null,
        1,
        3,
        "b",
        { a: 1 },
        true,
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/
  describe("$addToSet", () => {
    it("adds a missing value and ignores a present one", async () => {
      const collection = fresh("add_to_set");
      await collection.insertOne({
        _id: 1,
        item: "polarizing_filter",
        tags: ["electronics", "camera"],
      });

      await updateOne(collection, { _id: 1 }, { $addToSet: { tags: "accessories" } });
      const present = await updateOne(collection, { _id: 1 }, { $addToSet: { tags: "camera" } });

      expect(present.modifiedCount).toBe(0);
      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        item: "polarizing_filter",
        tags: ["electronics", "camera", "accessories"],
      });
    });

    it("adds an array as a single element", async () => {
      const collection = fresh("add_to_set_array");
      await collection.insertOne({ _id: 1, letters: ["a", "b"] });

      await updateOne(collection, { _id: 1 }, { $addToSet: { letters: ["c", "d"] } });

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        letters: ["a", "b", ["c", "d"]],
      });
    });

    it("$each adds each missing value", async () => {
      const collection = fresh("add_to_set_each");
      await collection.insertOne({ _id: 2, item: "cable", tags: ["electronics", "supplies"] });

      await updateOne(
        collection,
        { _id: 2 },
        { $addToSet: { tags: { $each: ["camera", "electronics", "accessories"] } } },
      );

      expect(await collection.findOne({ _id: 2 })).toEqual({
        _id: 2,
        item: "cable",
        tags: ["electronics", "supplies", "camera", "accessories"],
      });
    });

    it("treats documents with other field orders as different, and refuses a non-array", async () => {
      const collection = fresh("add_to_set_docs");
      await collection.insertOne({ _id: 1, pairs: [{ a: 1, b: 2 }], colors: "blue,green,red" });

      await updateOne(
        collection,
        { _id: 1 },
        {
          $addToSet: {
            pairs: {
              $each: [
                { a: 1, b: 2 },
                { b: 2, a: 1 },
              ],
            },
          },
        },
      );
      const error = await rejection(
        updateOne(collection, { _id: 1 }, { $addToSet: { colors: "c" } }),
      );

      const pairs = (await collection.findOne({ _id: 1 }))?.pairs as object[];
      expect(pairs.map((pair) => Object.keys(pair))).toEqual([
        ["a", "b"],
        ["b", "a"],
      ]);
      expect(typeof error.code).toBe("number");
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/pull/
  describe("$pull", () => {
    it("removes every value equal to, or matching, a condition", async () => {
      const collection = fresh("pull");
      await collection.insertMany([
        {
          _id: 1,
          fruits: ["apples", "pears", "oranges", "grapes", "bananas"],
          vegetables: ["carrots", "celery", "squash", "carrots"],
        },
        {
          _id: 2,
          fruits: ["plums", "kiwis", "oranges", "bananas", "apples"],
          vegetables: ["broccoli", "zucchini", "carrots", "onions"],
        },
      ]);

      await updateMany(
        collection,
        {},
        { $pull: { fruits: { $in: ["apples", "oranges"] }, vegetables: "carrots" } },
      );

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, fruits: ["pears", "grapes", "bananas"], vegetables: ["celery", "squash"] },
        {
          _id: 2,
          fruits: ["plums", "kiwis", "bananas"],
          vegetables: ["broccoli", "zucchini", "onions"],
        },
      ]);
    });

    it("removes values matching a comparison", async () => {
      const collection = fresh("pull_gte");
      await collection.insertOne({ _id: 1, votes: [3, 5, 6, 7, 7, 8] });

      await updateOne(collection, { _id: 1 }, { $pull: { votes: { $gte: 6 } } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, votes: [3, 5] });
    });

    it("applies a condition to embedded documents as if they were top-level documents", async () => {
      const collection = fresh("pull_docs");
      await collection.insertMany([
        {
          _id: 1,
          results: [
            { item: "A", score: 5 },
            { item: "B", score: 8, comment: "Strongly agree" },
          ],
        },
        {
          _id: 2,
          results: [
            { item: "C", score: 8, comment: "Strongly agree" },
            { item: "B", score: 4 },
          ],
        },
      ]);

      await updateMany(collection, {}, { $pull: { results: { score: 8, item: "B" } } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, results: [{ item: "A", score: 5 }] },
        {
          _id: 2,
          results: [
            { item: "C", score: 8, comment: "Strongly agree" },
            { item: "B", score: 4 },
          ],
        },
      ]);
    });

    it("uses $elemMatch for arrays inside the elements", async () => {
      const collection = fresh("pull_nested");
      await collection.insertMany([
        {
          _id: 1,
          results: [
            {
              item: "A",
              score: 5,
              answers: [
                { q: 1, a: 4 },
                { q: 2, a: 6 },
              ],
            },
            {
              item: "B",
              score: 8,
              answers: [
                { q: 1, a: 8 },
                { q: 2, a: 9 },
              ],
            },
          ],
        },
        {
          _id: 2,
          results: [
            {
              item: "C",
              score: 8,
              answers: [
                { q: 1, a: 8 },
                { q: 2, a: 7 },
              ],
            },
            {
              item: "B",
              score: 4,
              answers: [
                { q: 1, a: 0 },
                { q: 2, a: 8 },
              ],
            },
          ],
        },
      ]);

      await updateMany(
        collection,
        {},
        { $pull: { results: { answers: { $elemMatch: { q: 2, a: { $gte: 8 } } } } } },
      );

      expect(await collection.find().toArray()).toEqual([
        {
          _id: 1,
          results: [
            {
              item: "A",
              score: 5,
              answers: [
                { q: 1, a: 4 },
                { q: 2, a: 6 },
              ],
            },
          ],
        },
        {
          _id: 2,
          results: [
            {
              item: "C",
              score: 8,
              answers: [
                { q: 1, a: 8 },
                { q: 2, a: 7 },
              ],
            },
          ],
        },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/pullAll/
  describe("$pullAll", () => {
    it("removes every instance of the listed values", async () => {
      const collection = fresh("pull_all");
      await collection.insertOne({ _id: 1, scores: [0, 2, 5, 5, 1, 0] });

      await updateOne(collection, { _id: 1 }, { $pullAll: { scores: [0, 5] } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, scores: [2, 1] });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/pop/
  describe("$pop", () => {
    it("removes the first element with -1 and the last with 1", async () => {
      const collection = fresh("pop");
      await collection.insertMany([
        { _id: 1, scores: [8, 9, 10] },
        { _id: 10, scores: [9, 10] },
      ]);

      await updateOne(collection, { _id: 1 }, { $pop: { scores: -1 } });
      await updateOne(collection, { _id: 10 }, { $pop: { scores: 1 } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, scores: [9, 10] },
        { _id: 10, scores: [9] },
      ]);
    });

    it("fails on a field that is not an array", async () => {
      const collection = fresh("pop_scalar");
      await collection.insertOne({ _id: 1, scores: 8 });

      const error = await rejection(updateOne(collection, { _id: 1 }, { $pop: { scores: 1 } }));

      expect(typeof error.code).toBe("number");
      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, scores: 8 });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/currentDate/
  describe("$currentDate", () => {
    it("sets a date, and a timestamp on request", async () => {
      const collection = fresh("current_date");
      await collection.insertOne({
        _id: 1,
        status: "a",
        lastModified: new Date("2013-10-02T01:11:18.965Z"),
      });
      const before = Date.now();

      await updateOne(
        collection,
        { _id: 1 },
        {
          $currentDate: { lastModified: true, "cancellation.date": { $type: "timestamp" } },
          $set: { "cancellation.reason": "user request", status: "D" },
        },
      );

      const updated = await collection.findOne({ _id: 1 });
      expect(updated?.status).toBe("D");
      expect(updated?.lastModified).toBeInstanceOf(Date);
      expect((updated?.lastModified as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(updated?.cancellation.reason).toBe("user request");
      expect(updated?.cancellation.date).toBeInstanceOf(Timestamp);
      expect((updated?.cancellation.date as Timestamp).high).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) - 1,
      );
    });

    it('sets a date with { $type: "date" }', async () => {
      const collection = fresh("current_date_date");
      await collection.insertOne({ _id: 1 });

      await updateOne(collection, { _id: 1 }, { $currentDate: { at: { $type: "date" } } });

      expect((await collection.findOne({ _id: 1 }))?.at).toBeInstanceOf(Date);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/setOnInsert/
  describe("$setOnInsert", () => {
    it("sets fields when an upsert inserts", async () => {
      const collection = fresh("set_on_insert");

      const result = await updateOne(
        collection,
        { _id: 1 },
        { $set: { item: "apple" }, $setOnInsert: { defaultQty: 100 } },
        { upsert: true },
      );

      expect(result.upsertedId).toBe(1);
      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        item: "apple",
        defaultQty: 100,
      });
    });

    it("does nothing when the update matches a document", async () => {
      const collection = fresh("set_on_insert_match");
      await collection.insertOne({ _id: 1, item: "pear" });

      await updateOne(
        collection,
        { _id: 1 },
        { $set: { item: "apple" }, $setOnInsert: { defaultQty: 100 } },
        { upsert: true },
      );

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, item: "apple" });
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/bit/
  describe("$bit", () => {
    it("performs and, or and xor", async () => {
      const collection = fresh("bit");
      await collection.insertMany([
        { _id: 1, expdata: new Int32(13) },
        { _id: 2, expdata: Long.fromNumber(3) },
        { _id: 3, expdata: Long.fromNumber(1) },
      ]);

      await updateOne(collection, { _id: 1 }, { $bit: { expdata: { and: new Int32(10) } } });
      await updateOne(collection, { _id: 2 }, { $bit: { expdata: { or: new Int32(5) } } });
      await updateOne(collection, { _id: 3 }, { $bit: { expdata: { xor: new Int32(5) } } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, expdata: 8 },
        { _id: 2, expdata: 7 },
        { _id: 3, expdata: 4 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/positional/
  describe("positional $", () => {
    it("updates the first array element the query matched", async () => {
      const collection = fresh("positional");
      await collection.insertMany([
        { _id: 1, grades: [85, 80, 80] },
        { _id: 2, grades: [88, 90, 92] },
        { _id: 3, grades: [85, 100, 90] },
      ]);

      await updateOne(collection, { _id: 1, grades: 80 }, { $set: { "grades.$": 82 } });

      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [85, 82, 80] });
    });

    it("updates a field of the matched embedded document", async () => {
      const collection = fresh("positional_docs");
      await collection.insertOne({
        _id: 4,
        grades: [
          { grade: 80, mean: 75, std: 8 },
          { grade: 85, mean: 90, std: 5 },
          { grade: 85, mean: 85, std: 8 },
        ],
      });

      await updateOne(collection, { _id: 4, "grades.grade": 85 }, { $set: { "grades.$.std": 6 } });

      expect((await collection.findOne({ _id: 4 }))?.grades).toEqual([
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 90, std: 6 },
        { grade: 85, mean: 85, std: 8 },
      ]);
    });

    it("uses the element $elemMatch matched", async () => {
      const collection = fresh("positional_elem_match");
      await collection.insertOne({
        _id: 5,
        grades: [
          { grade: 80, mean: 75, std: 8 },
          { grade: 85, mean: 90, std: 5 },
          { grade: 90, mean: 85, std: 3 },
        ],
      });

      await updateOne(
        collection,
        { _id: 5, grades: { $elemMatch: { grade: { $lte: 90 }, mean: { $gt: 80 } } } },
        { $set: { "grades.$.std": 6 } },
      );

      expect((await collection.findOne({ _id: 5 }))?.grades).toEqual([
        { grade: 80, mean: 75, std: 8 },
        { grade: 85, mean: 90, std: 6 },
        { grade: 90, mean: 85, std: 3 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/positional-all/
  describe("all positional $[]", () => {
    it("updates every element", async () => {
      const collection = fresh("positional_all");
      await collection.insertMany([
        { _id: 1, grades: [85, 82, 80] },
        { _id: 2, grades: [88, 90, 92] },
        { _id: 3, grades: [85, 100, 90] },
      ]);

      await updateMany(collection, {}, { $inc: { "grades.$[]": 10 } });

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, grades: [95, 92, 90] },
        { _id: 2, grades: [98, 100, 102] },
        { _id: 3, grades: [95, 110, 100] },
      ]);
    });

    it("updates a field of every embedded document, with a negated query", async () => {
      const collection = fresh("positional_all_docs");
      await collection.insertMany([
        {
          _id: 1,
          grades: [
            { grade: 80, mean: 75, std: 8 },
            { grade: 85, mean: 90, std: 6 },
          ],
        },
        { _id: 2, grades: [{ grade: 100, mean: 75, std: 8 }] },
      ]);

      await updateMany(
        collection,
        { "grades.grade": { $ne: 100 } },
        { $inc: { "grades.$[].std": -2 } },
      );

      expect(await collection.find().toArray()).toEqual([
        {
          _id: 1,
          grades: [
            { grade: 80, mean: 75, std: 6 },
            { grade: 85, mean: 90, std: 4 },
          ],
        },
        { _id: 2, grades: [{ grade: 100, mean: 75, std: 8 }] },
      ]);
    });

    it("upserts from an exact array match in the query", async () => {
      const collection = fresh("positional_all_upsert");

      await updateOne(
        collection,
        { myArray: [5, 8] },
        { $set: { "myArray.$[]": 10 } },
        { upsert: true },
      );

      expect(await collection.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
        { myArray: [10, 10] },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/update/positional-filtered/
  describe("filtered positional $[<identifier>] with arrayFilters", () => {
    it("updates the elements the filter selects", async () => {
      const collection = fresh("filtered");
      await collection.insertMany([
        { _id: 1, grades: [95, 92, 90] },
        { _id: 2, grades: [98, 100, 102] },
        { _id: 3, grades: [95, 110, 100] },
      ]);

      await updateMany(
        collection,
        {},
        { $set: { "grades.$[element]": 100 } },
        { arrayFilters: [{ element: { $gte: 100 } }] },
      );

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, grades: [95, 92, 90] },
        { _id: 2, grades: [98, 100, 100] },
        { _id: 3, grades: [95, 100, 100] },
      ]);
    });

    it("filters embedded documents on several conditions", async () => {
      const collection = fresh("filtered_docs");
      await collection.insertMany([
        {
          _id: 1,
          grades: [
            { grade: 80, mean: 75, std: 6 },
            { grade: 85, mean: 100, std: 4 },
            { grade: 85, mean: 100, std: 6 },
          ],
        },
        {
          _id: 2,
          grades: [
            { grade: 90, mean: 100, std: 6 },
            { grade: 87, mean: 100, std: 3 },
            { grade: 85, mean: 100, std: 4 },
          ],
        },
      ]);

      await updateMany(
        collection,
        {},
        { $inc: { "grades.$[elem].std": -1 } },
        { arrayFilters: [{ "elem.grade": { $gte: 80 }, "elem.std": { $gte: 5 } }] },
      );

      expect(await collection.find().toArray()).toEqual([
        {
          _id: 1,
          grades: [
            { grade: 80, mean: 75, std: 5 },
            { grade: 85, mean: 100, std: 4 },
            { grade: 85, mean: 100, std: 5 },
          ],
        },
        {
          _id: 2,
          grades: [
            { grade: 90, mean: 100, std: 5 },
            { grade: 87, mean: 100, std: 3 },
            { grade: 85, mean: 100, std: 4 },
          ],
        },
      ]);
    });

    it("filters with a negation", async () => {
      const collection = fresh("filtered_ne");
      await collection.insertOne({
        _id: 1,
        degrees: [
          { level: "Master", major: "Biology" },
          { level: "Bachelor", major: "Biology" },
        ],
      });

      await updateMany(
        collection,
        {},
        { $set: { "degrees.$[degree].gradcampaign": 1 } },
        { arrayFilters: [{ "degree.level": { $ne: "Bachelor" } }] },
      );

      expect((await collection.findOne({ _id: 1 }))?.degrees).toEqual([
        { level: "Master", major: "Biology", gradcampaign: 1 },
        { level: "Bachelor", major: "Biology" },
      ]);
    });

    it("updates nested arrays, together with $[]", async () => {
      const collection = fresh("filtered_nested");
      const grades = [
        { type: "quiz", questions: [10, 8, 5] },
        { type: "quiz", questions: [8, 9, 6] },
        { type: "hw", questions: [5, 4, 3] },
        { type: "exam", questions: [25, 10, 23, 0] },
      ];
      await collection.insertMany([
        { _id: 1, grades },
        { _id: 2, grades },
      ]);

      await updateOne(
        collection,
        { _id: 1 },
        { $inc: { "grades.$[t].questions.$[score]": 2 } },
        { arrayFilters: [{ "t.type": "quiz" }, { score: { $gte: 8 } }] },
      );
      await updateOne(
        collection,
        { _id: 2 },
        { $inc: { "grades.$[].questions.$[score]": 2 } },
        { arrayFilters: [{ score: { $gte: 8 } }] },
      );

      expect(await collection.find().toArray()).toEqual([
        {
          _id: 1,
          grades: [
            { type: "quiz", questions: [12, 10, 5] },
            { type: "quiz", questions: [10, 11, 6] },
            { type: "hw", questions: [5, 4, 3] },
            { type: "exam", questions: [25, 10, 23, 0] },
          ],
        },
        {
          _id: 2,
          grades: [
            { type: "quiz", questions: [12, 10, 5] },
            { type: "quiz", questions: [10, 11, 6] },
            { type: "hw", questions: [5, 4, 3] },
            { type: "exam", questions: [27, 12, 25, 0] },
          ],
        },
      ]);
    });

    it("upserts from an exact array match in the query", async () => {
      const collection = fresh("filtered_upsert");

      await updateOne(
        collection,
        { myArray: [0, 1] },
        { $set: { "myArray.$[element]": 2 } },
        { arrayFilters: [{ element: 0 }], upsert: true },
      );

      expect(await collection.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
        { myArray: [2, 1] },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/tutorial/update-documents-with-aggregation-pipeline/
  describe("updates with an aggregation pipeline", () => {
    it("$set with $$NOW", async () => {
      const collection = fresh("pipeline_set");
      await collection.insertOne({ _id: 3, student: "Meor", points: 80 });
      const before = Date.now();

      await updateOne(collection, { _id: 3 }, [{ $set: { test3: 98, modified: "$$NOW" } }]);

      const updated = await collection.findOne({ _id: 3 });
      expect(updated).toMatchObject({ _id: 3, student: "Meor", points: 80, test3: 98 });
      expect((updated?.modified as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    });

    it("$replaceRoot with $mergeObjects gives defaults", async () => {
      const collection = fresh("pipeline_replace_root");
      await collection.insertMany([
        { _id: 1, quiz1: 8, test2: 100, quiz2: 9 },
        { _id: 2, quiz2: 5, test1: 80, test2: 89 },
      ]);

      await updateMany(collection, {}, [
        {
          $replaceRoot: {
            newRoot: { $mergeObjects: [{ quiz1: 0, quiz2: 0, test1: 0, test2: 0 }, "$$ROOT"] },
          },
        },
      ]);

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, quiz1: 8, quiz2: 9, test1: 0, test2: 100 },
        { _id: 2, quiz1: 0, quiz2: 5, test1: 80, test2: 89 },
      ]);
    });

    it("$set then $unset move fields into an array", async () => {
      const collection = fresh("pipeline_unset");
      await collection.insertOne({
        _id: 1,
        student: "Skye",
        commentsSemester1: "great at math",
        commentsSemester2: "loses temper",
      });

      await updateOne(collection, { _id: 1 }, [
        { $set: { status: "Modified", comments: ["$commentsSemester1", "$commentsSemester2"] } },
        { $unset: ["commentsSemester1", "commentsSemester2"] },
      ]);

      expect(await collection.findOne({ _id: 1 })).toEqual({
        _id: 1,
        student: "Skye",
        status: "Modified",
        comments: ["great at math", "loses temper"],
      });
    });

    it("$addFields, $project and $replaceWith", async () => {
      const collection = fresh("pipeline_other");
      await collection.insertOne({ _id: 1, a: 1, b: 2, c: { d: 4 } });

      await updateOne(collection, { _id: 1 }, [
        { $addFields: { sum: { $add: ["$a", "$b"] } } },
        { $project: { b: 0 } },
      ]);
      const afterProject = await collection.findOne({ _id: 1 });
      await updateOne(collection, { _id: 1 }, [
        { $replaceWith: { $mergeObjects: ["$c", { _id: "$_id" }] } },
      ]);

      expect(afterProject).toEqual({ _id: 1, a: 1, c: { d: 4 }, sum: 3 });
      expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, d: 4 });
    });

    it("refuses stages an update pipeline may not use", async () => {
      const collection = fresh("pipeline_refused");
      await collection.insertOne({ _id: 1 });

      const error = await rejection(updateOne(collection, { _id: 1 }, [{ $group: { _id: null } }]));

      expect(typeof error.code).toBe("number");
      expect(error.message).toContain("$group");
    });
  });

  describe("update operators the store does not claim", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/query/bitsAllSet/
    it.skipIf(realMongoUri)(
      "refuses an unclaimed query operator in arrayFilters and keeps serving",
      async () => {
        const collection = fresh("array_filters_unclaimed");
        await collection.insertOne({ _id: 1, a: [1, 2, 3] });

        await expectRefusal(
          store,
          updateOne(
            collection,
            { _id: 1 },
            { $set: { "a.$[x]": 0 } },
            { arrayFilters: [{ x: { $bitsAllSet: 1 } }] },
          ),
          "$bitsAllSet",
        );
        expect(await collection.findOne({ _id: 1 })).toEqual({ _id: 1, a: [1, 2, 3] });
      },
    );

    // https://www.mongodb.com/docs/manual/reference/operator/update/pushAll/ (removed in 3.6)
    it.skipIf(realMongoUri)("refuses $pushAll with an error and keeps serving", async () => {
      const collection = fresh("push_all");
      await collection.insertOne({ _id: 1, a: [] });

      await expectRefusal(
        store,
        updateOne(collection, { _id: 1 }, { $pushAll: { a: [1] } }),
        "$pushAll",
      );
    });
  });
});
