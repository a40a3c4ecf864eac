// Aggregation pipeline stages the store claims (src/store/query/operators.ts), through the
// official driver, with the expected results of MongoDB's manual.
import { type Document, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";

import { realMongoUri, storeModes, useTestStore } from "../../support/store.js";
import { expectRefusal, freshCollection, rejection } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  const fresh = (name: string) => freshCollection(store, name);

  const byId = (a: Document, b: Document) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

  const articles = [
    { _id: 1, author: "dave", score: 80, views: 100 },
    { _id: 2, author: "dave", score: 85, views: 521 },
    { _id: 3, author: "ahn", score: 60, views: 1000 },
    { _id: 4, author: "li", score: 55, views: 5000 },
    { _id: 5, author: "annT", score: 60, views: 50 },
    { _id: 6, author: "li", score: 94, views: 999 },
    { _id: 7, author: "ty", score: 95, views: 1000 },
  ];

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/match/
  describe("$match", () => {
    it("filters on equality", async () => {
      const collection = fresh("match");
      await collection.insertMany(articles);

      const found = await collection.aggregate([{ $match: { author: "dave" } }]).toArray();

      expect(found).toEqual([articles[0], articles[1]]);
    });

    it("filters with $or and feeds a $group count", async () => {
      const collection = fresh("match_count");
      await collection.insertMany(articles);

      const found = await collection
        .aggregate([
          { $match: { $or: [{ score: { $gt: 70, $lt: 90 } }, { views: { $gte: 1000 } }] } },
          { $group: { _id: null, count: { $sum: 1 } } },
        ])
        .toArray();

      expect(found).toEqual([{ _id: null, count: 5 }]);
    });

    it("filters after another stage", async () => {
      const collection = fresh("match_late");
      await collection.insertMany(articles);

      const found = await collection
        .aggregate([
          { $project: { author: 1, popular: { $gte: ["$views", 1000] } } },
          { $match: { popular: true } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 3, author: "ahn", popular: true },
        { _id: 4, author: "li", popular: true },
        { _id: 7, author: "ty", popular: true },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/project/
  describe("$project", () => {
    const book = {
      _id: 1,
      title: "abc123",
      isbn: "0001122223334",
      author: { last: "zzz", first: "aaa" },
      copies: 5,
      lastModified: "2016-07-28",
    };

    it("includes fields, with _id by default", async () => {
      const collection = fresh("project_include");
      await collection.insertOne(book);

      const withId = await collection.aggregate([{ $project: { title: 1, author: 1 } }]).toArray();
      const withoutId = await collection
        .aggregate([{ $project: { _id: 0, title: 1, author: 1 } }])
        .toArray();

      expect(withId).toEqual([{ _id: 1, title: "abc123", author: { last: "zzz", first: "aaa" } }]);
      expect(withoutId).toEqual([{ title: "abc123", author: { last: "zzz", first: "aaa" } }]);
    });

    it("excludes fields, embedded ones included", async () => {
      const collection = fresh("project_exclude");
      await collection.insertOne(book);

      const found = await collection
        .aggregate([{ $project: { "author.first": 0, lastModified: 0 } }])
        .toArray();

      expect(found).toEqual([
        { _id: 1, title: "abc123", isbn: "0001122223334", author: { last: "zzz" }, copies: 5 },
      ]);
    });

    it("computes new fields and renames", async () => {
      const collection = fresh("project_computed");
      await collection.insertOne(book);

      const found = await collection
        .aggregate([
          {
            $project: {
              title: 1,
              isbn: {
                prefix: { $substrCP: ["$isbn", 0, 3] },
                group: { $substrCP: ["$isbn", 3, 2] },
                publisher: { $substrCP: ["$isbn", 5, 4] },
                title: { $substrCP: ["$isbn", 9, 3] },
                checkDigit: { $substrCP: ["$isbn", 12, 1] },
              },
              lastName: "$author.last",
              copiesSold: "$copies",
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        {
          _id: 1,
          title: "abc123",
          isbn: { prefix: "000", group: "11", publisher: "2222", title: "333", checkDigit: "4" },
          lastName: "zzz",
          copiesSold: 5,
        },
      ]);
    });

    it("removes a field conditionally with $$REMOVE", async () => {
      const collection = fresh("project_remove");
      await collection.insertMany([
        { _id: 1, title: "abc123", author: { last: "zzz", first: "aaa" } },
        { _id: 2, title: "Baked Goods", author: { last: "xyz", first: "abc", middle: "" } },
        { _id: 3, title: "Ice Cream Cakes", author: { last: "xyz", first: "abc", middle: "mmm" } },
      ]);

      const found = await collection
        .aggregate([
          {
            $project: {
              title: 1,
              "author.first": 1,
              "author.last": 1,
              "author.middle": {
                $cond: {
                  if: { $eq: ["", "$author.middle"] },
                  then: "$$REMOVE",
                  else: "$author.middle",
                },
              },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1, title: "abc123", author: { last: "zzz", first: "aaa" } },
        { _id: 2, title: "Baked Goods", author: { last: "xyz", first: "abc" } },
        { _id: 3, title: "Ice Cream Cakes", author: { last: "xyz", first: "abc", middle: "mmm" } },
      ]);
    });

    it("builds arrays, with null for missing fields", async () => {
      const collection = fresh("project_array");
      await collection.insertOne({ _id: 1, x: 1, y: 1 });

      const found = await collection
        .aggregate([{ $project: { myArray: ["$x", "$y", "$someField"] } }])
        .toArray();

      expect(found).toEqual([{ _id: 1, myArray: [1, 1, null] }]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/addFields/
  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/set/
  describe("$addFields and $set", () => {
    const scores = [
      { _id: 1, student: "Maya", homework: [10, 5, 10], quiz: [10, 8], extraCredit: 0 },
      { _id: 2, student: "Ryan", homework: [5, 6, 5], quiz: [8, 8], extraCredit: 8 },
    ];

    it("adds computed fields in two stages", async () => {
      const collection = fresh("add_fields");
      await collection.insertMany(scores);

      const found = await collection
        .aggregate([
          { $addFields: { totalHomework: { $sum: "$homework" }, totalQuiz: { $sum: "$quiz" } } },
          { $set: { totalScore: { $add: ["$totalHomework", "$totalQuiz", "$extraCredit"] } } },
        ])
        .toArray();

      expect(found).toEqual([
        { ...scores[0], totalHomework: 25, totalQuiz: 18, totalScore: 43 },
        { ...scores[1], totalHomework: 16, totalQuiz: 16, totalScore: 40 },
      ]);
    });

    it("adds fields to embedded documents and overwrites existing ones", async () => {
      const collection = fresh("add_fields_embedded");
      await collection.insertMany([
        { _id: 1, type: "car", specs: { doors: 4, wheels: 4 } },
        { _id: 2, type: "motorcycle", specs: { doors: 0, wheels: 2 } },
        { _id: 3, type: "jet ski" },
      ]);

      const found = await collection
        .aggregate([{ $addFields: { "specs.fuel_type": "unleaded", type: { $toUpper: "$type" } } }])
        .toArray();

      expect(found).toEqual([
        { _id: 1, type: "CAR", specs: { doors: 4, wheels: 4, fuel_type: "unleaded" } },
        { _id: 2, type: "MOTORCYCLE", specs: { doors: 0, wheels: 2, fuel_type: "unleaded" } },
        { _id: 3, type: "JET SKI", specs: { fuel_type: "unleaded" } },
      ]);
    });

    it("$set appends to an array with $concatArrays", async () => {
      const collection = fresh("set_stage_array");
      await collection.insertMany(scores);

      const found = await collection
        .aggregate([
          { $match: { _id: 1 } },
          { $set: { homework: { $concatArrays: ["$homework", [7]] } } },
        ])
        .toArray();

      expect(found).toEqual([{ ...scores[0], homework: [10, 5, 10, 7] }]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/unset/
  describe("$unset (stage)", () => {
    const book = {
      _id: 1,
      title: "Antelope Antics",
      isbn: "0001122223334",
      author: { last: "An", first: "Auntie" },
      copies: [
        { warehouse: "A", qty: 5 },
        { warehouse: "B", qty: 15 },
      ],
    };

    it("removes one field, several fields, and embedded fields", async () => {
      const collection = fresh("unset_stage");
      await collection.insertOne(book);

      const one = await collection.aggregate([{ $unset: "copies" }]).toArray();
      const several = await collection.aggregate([{ $unset: ["isbn", "copies"] }]).toArray();
      const embedded = await collection
        .aggregate([{ $unset: ["isbn", "author.first", "copies.warehouse"] }])
        .toArray();

      expect(one).toEqual([
        { _id: 1, title: "Antelope Antics", isbn: "0001122223334", author: book.author },
      ]);
      expect(several).toEqual([{ _id: 1, title: "Antelope Antics", author: book.author }]);
      expect(embedded).toEqual([
        {
          _id: 1,
          title: "Antelope Antics",
          author: { last: "An" },
          copies: [{ qty: 5 }, { qty: 15 }],
        },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/group/
  describe("$group", () => {
    const sales = [
      { _id: 1, item: "abc", price: 10, quantity: 2, date: new Date("2014-03-01T08:00:00Z") },
      { _id: 2, item: "jkl", price: 20, quantity: 1, date: new Date("2014-03-01T09:00:00Z") },
      { _id: 3, item: "xyz", price: 5, quantity: 10, date: new Date("2014-03-15T09:00:00Z") },
      { _id: 4, item: "xyz", price: 5, quantity: 20, date: new Date("2014-04-04T11:21:39.736Z") },
      { _id: 5, item: "abc", price: 10, quantity: 10, date: new Date("2014-04-04T21:23:13.331Z") },
      { _id: 6, item: "def", price: 7.5, quantity: 5, date: new Date("2015-06-04T05:08:13Z") },
      { _id: 7, item: "def", price: 7.5, quantity: 10, date: new Date("2015-09-10T08:43:00Z") },
      { _id: 8, item: "abc", price: 10, quantity: 5, date: new Date("2016-02-06T20:20:13Z") },
    ];

    it("counts documents", async () => {
      const collection = fresh("group_count");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([{ $group: { _id: null, count: { $count: {} } } }])
        .toArray();

      expect(found).toEqual([{ _id: null, count: 8 }]);
    });

    it("retrieves distinct values", async () => {
      const collection = fresh("group_distinct");
      await collection.insertMany(sales);

      const found = await collection.aggregate([{ $group: { _id: "$item" } }]).toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "abc" },
        { _id: "def" },
        { _id: "jkl" },
        { _id: "xyz" },
      ]);
    });

    it("groups by item, then filters the groups", async () => {
      const collection = fresh("group_having");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          {
            $group: {
              _id: "$item",
              totalSaleAmount: { $sum: { $multiply: ["$price", "$quantity"] } },
            },
          },
          { $match: { totalSaleAmount: { $gte: 100 } } },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "abc", totalSaleAmount: 170 },
        { _id: "def", totalSaleAmount: 112.5 },
        { _id: "xyz", totalSaleAmount: 150 },
      ]);
    });

    it("groups by day, with several accumulators, sorted", async () => {
      const collection = fresh("group_day");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          { $match: { date: { $gte: new Date("2014-01-01"), $lt: new Date("2015-01-01") } } },
          {
            $group: {
              _id: { $dateToString: { format: "%Y-%m-%d", date: "$date" } },
              totalSaleAmount: { $sum: { $multiply: ["$price", "$quantity"] } },
              averageQuantity: { $avg: "$quantity" },
              count: { $sum: 1 },
            },
          },
          { $sort: { totalSaleAmount: -1 } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: "2014-04-04", totalSaleAmount: 200, averageQuantity: 15, count: 2 },
        { _id: "2014-03-15", totalSaleAmount: 50, averageQuantity: 10, count: 1 },
        { _id: "2014-03-01", totalSaleAmount: 40, averageQuantity: 1.5, count: 2 },
      ]);
    });

    it("groups everything with _id null", async () => {
      const collection = fresh("group_null");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          {
            $group: {
              _id: null,
              totalSaleAmount: { $sum: { $multiply: ["$price", "$quantity"] } },
              averageQuantity: { $avg: "$quantity" },
              count: { $sum: 1 },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: null, totalSaleAmount: 452.5, averageQuantity: 7.875, count: 8 },
      ]);
    });

    it("pivots data with $push, of a field and of $$ROOT", async () => {
      const collection = fresh("group_pivot");
      await collection.insertMany([
        { _id: 8751, title: "The Banquet", author: "Dante", copies: 2 },
        { _id: 8752, title: "Divine Comedy", author: "Dante", copies: 1 },
        { _id: 8645, title: "Eclogues", author: "Dante", copies: 2 },
        { _id: 7000, title: "The Odyssey", author: "Homer", copies: 10 },
        { _id: 7020, title: "Iliad", author: "Homer", copies: 10 },
      ]);

      const titles = await collection
        .aggregate([{ $group: { _id: "$author", books: { $push: "$title" } } }])
        .toArray();
      const totals = await collection
        .aggregate([
          { $group: { _id: "$author", books: { $push: "$$ROOT" } } },
          { $addFields: { totalCopies: { $sum: "$books.copies" } } },
          { $project: { totalCopies: 1 } },
        ])
        .toArray();

      expect(titles.sort(byId)).toEqual([
        { _id: "Dante", books: ["The Banquet", "Divine Comedy", "Eclogues"] },
        { _id: "Homer", books: ["The Odyssey", "Iliad"] },
      ]);
      expect(totals.sort(byId)).toEqual([
        { _id: "Dante", totalCopies: 5 },
        { _id: "Homer", totalCopies: 20 },
      ]);
    });

    it("groups documents with the same fields in another order apart", async () => {
      // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/#objects
      const collection = fresh("group_field_order");
      await collection.insertMany([
        { _id: 1, key: { a: 1, b: 2 } },
        { _id: 2, key: { b: 2, a: 1 } },
        { _id: 3, key: { a: 1, b: 2 } },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: "$key", n: { $sum: 1 } } }])
        .toArray();

      expect(found.map((group) => [Object.keys(group._id as object), group.n])).toEqual(
        expect.arrayContaining([
          [["a", "b"], 2],
          [["b", "a"], 1],
        ]),
      );
      expect(found).toHaveLength(2);
    });

    it("groups by a compound key, numbers of different types together", async () => {
      const collection = fresh("group_compound");
      await collection.insertMany([
        { _id: 1, y: 2020, m: 1, v: 1 },
        { _id: 2, y: 2020, m: 1.0, v: 2 },
        { _id: 3, y: 2020, m: 2, v: 3 },
      ]);

      const found = await collection
        .aggregate([
          { $group: { _id: { y: "$y", m: "$m" }, total: { $sum: "$v" } } },
          { $sort: { "_id.m": 1 } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: { y: 2020, m: 1 }, total: 3 },
        { _id: { y: 2020, m: 2 }, total: 3 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/sort/
  // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
  describe("$sort", () => {
    it("sorts on several fields, ascending and descending", async () => {
      const collection = fresh("sort");
      await collection.insertMany([
        { _id: 1, name: "Central Park Cafe", borough: "Manhattan" },
        { _id: 2, name: "Rock A Feller Bar and Grill", borough: "Queens" },
        { _id: 3, name: "Empire State Pub", borough: "Brooklyn" },
        { _id: 4, name: "Stan's Pizzaria", borough: "Manhattan" },
        { _id: 5, name: "Jane's Deli", borough: "Brooklyn" },
      ]);

      const ascending = await collection.aggregate([{ $sort: { borough: 1, _id: 1 } }]).toArray();
      const descending = await collection
        .aggregate([{ $sort: { borough: -1, _id: -1 } }])
        .toArray();

      expect(ascending.map((d) => d._id)).toEqual([3, 5, 1, 4, 2]);
      expect(descending.map((d) => d._id)).toEqual([2, 4, 1, 5, 3]);
    });

    it("orders values of different BSON types in MongoDB's comparison order", async () => {
      const collection = fresh("sort_types");
      const objectId = new ObjectId("5f1d7a3b2c4e5a6b7c8d9e0f");
      const date = new Date("2020-01-01T00:00:00Z");
      await collection.insertMany([
        { _id: 1, v: date },
        { _id: 2, v: true },
        { _id: 3, v: objectId },
        { _id: 4, v: [[1, 2]] },
        { _id: 5, v: { a: 1 } },
        { _id: 6, v: "a string" },
        { _id: 7, v: 42 },
        { _id: 8, v: null },
      ]);

      const ascending = await collection.aggregate([{ $sort: { v: 1 } }]).toArray();
      const descending = await collection.aggregate([{ $sort: { v: -1 } }]).toArray();
      const found = await collection.find().sort({ v: 1 }).toArray();

      expect(ascending.map((d) => d._id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
      expect(descending.map((d) => d._id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(found.map((d) => d._id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    });

    it("sorts a missing field with null, and an empty array before both", async () => {
      const collection = fresh("sort_missing");
      await collection.insertMany([
        { _id: 1, v: 1 },
        { _id: 2, v: null },
        { _id: 3 },
        { _id: 4, v: [] },
      ]);

      const found = await collection.aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray();

      expect(found.map((d) => d._id)).toEqual([4, 2, 3, 1]);
    });

    it("sorts arrays by their smallest element ascending and their largest descending", async () => {
      const collection = fresh("sort_arrays");
      await collection.insertMany([
        { _id: "A", sizes: [7, 11] },
        { _id: "B", sizes: [8, 9, 10] },
        { _id: "C", sizes: 9 },
      ]);

      const ascending = await collection.aggregate([{ $sort: { sizes: 1 } }]).toArray();
      const descending = await collection.aggregate([{ $sort: { sizes: -1 } }]).toArray();
      const found = await collection.find().sort({ sizes: 1 }).toArray();

      expect(ascending.map((d) => d._id)).toEqual(["A", "B", "C"]);
      expect(descending.map((d) => d._id)).toEqual(["A", "B", "C"]);
      expect(found.map((d) => d._id)).toEqual(["A", "B", "C"]);
    });

    it("compares numbers of different types by value", async () => {
      const collection = fresh("sort_numbers");
      await collection.insertMany([
        { _id: 1, v: 10 },
        { _id: 2, v: 2.5 },
        { _id: 3, v: -1 },
      ]);

      const found = await collection.aggregate([{ $sort: { v: 1 } }]).toArray();

      expect(found.map((d) => d._id)).toEqual([3, 2, 1]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/skip/
  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/limit/
  describe("$skip and $limit", () => {
    it("skip then limit", async () => {
      const collection = fresh("skip_limit");
      await collection.insertMany(articles);

      const found = await collection
        .aggregate([{ $sort: { _id: 1 } }, { $skip: 2 }, { $limit: 3 }])
        .toArray();

      expect(found.map((d) => d._id)).toEqual([3, 4, 5]);
    });

    it("refuses a zero limit and a negative skip", async () => {
      const collection = fresh("limit_zero");
      await collection.insertMany(articles);

      const limit = await rejection(collection.aggregate([{ $limit: 0 }]).toArray());
      const skip = await rejection(collection.aggregate([{ $skip: -1 }]).toArray());

      expect(limit.message).toContain("limit must be positive");
      expect(typeof skip.code).toBe("number");
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/count/
  describe("$count", () => {
    it("counts the documents reaching it", async () => {
      const collection = fresh("count");
      await collection.insertMany([
        { _id: 1, subject: "History", score: 88 },
        { _id: 2, subject: "History", score: 92 },
        { _id: 3, subject: "History", score: 97 },
        { _id: 4, subject: "History", score: 71 },
        { _id: 5, subject: "History", score: 79 },
        { _id: 6, subject: "History", score: 83 },
      ]);

      const found = await collection
        .aggregate([{ $match: { score: { $gt: 80 } } }, { $count: "passing_scores" }])
        .toArray();

      expect(found).toEqual([{ passing_scores: 4 }]);
    });

    it("returns nothing when no document reaches it", async () => {
      const collection = fresh("count_none");
      await collection.insertOne({ _id: 1, score: 1 });

      const found = await collection
        .aggregate([{ $match: { score: 2 } }, { $count: "n" }])
        .toArray();

      expect(found).toEqual([]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/unwind/
  describe("$unwind", () => {
    const clothing = [
      { _id: 1, item: "Shirt", sizes: ["S", "M", "L"] },
      { _id: 2, item: "Shorts", sizes: [] },
      { _id: 3, item: "Hat", sizes: "M" },
      { _id: 4, item: "Gloves" },
      { _id: 5, item: "Scarf", sizes: null },
    ];

    it("outputs a document per element, treating a non-array as one element", async () => {
      const collection = fresh("unwind");
      await collection.insertMany(clothing);

      const found = await collection.aggregate([{ $unwind: "$sizes" }]).toArray();

      expect(found).toEqual([
        { _id: 1, item: "Shirt", sizes: "S" },
        { _id: 1, item: "Shirt", sizes: "M" },
        { _id: 1, item: "Shirt", sizes: "L" },
        { _id: 3, item: "Hat", sizes: "M" },
      ]);
    });

    it("preserves null, missing and empty arrays on request", async () => {
      const collection = fresh("unwind_preserve");
      await collection.insertMany(clothing);

      const found = await collection
        .aggregate([{ $unwind: { path: "$sizes", preserveNullAndEmptyArrays: true } }])
        .toArray();

      expect(found).toEqual([
        { _id: 1, item: "Shirt", sizes: "S" },
        { _id: 1, item: "Shirt", sizes: "M" },
        { _id: 1, item: "Shirt", sizes: "L" },
        { _id: 2, item: "Shorts" },
        { _id: 3, item: "Hat", sizes: "M" },
        { _id: 4, item: "Gloves" },
        { _id: 5, item: "Scarf", sizes: null },
      ]);
    });

    it("includes the array index", async () => {
      const collection = fresh("unwind_index");
      await collection.insertMany(clothing);

      const found = await collection
        .aggregate([{ $unwind: { path: "$sizes", includeArrayIndex: "arrayIndex" } }])
        .toArray();

      expect(found).toEqual([
        { _id: 1, item: "Shirt", sizes: "S", arrayIndex: 0 },
        { _id: 1, item: "Shirt", sizes: "M", arrayIndex: 1 },
        { _id: 1, item: "Shirt", sizes: "L", arrayIndex: 2 },
        { _id: 3, item: "Hat", sizes: "M", arrayIndex: null },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/lookup/
  describe("$lookup", () => {
    it("joins on equality, a missing local field matching null and missing foreign fields", async () => {
      const orders = fresh("lookup_orders");
      const inventory = fresh("lookup_inventory");
      await orders.insertMany([
        { _id: 1, item: "almonds", price: 12, quantity: 2 },
        { _id: 2, item: "pecans", price: 20, quantity: 1 },
        { _id: 3 },
      ]);
      await inventory.insertMany([
        { _id: 1, sku: "almonds", description: "product 1", instock: 120 },
        { _id: 2, sku: "bread", description: "product 2", instock: 80 },
        { _id: 3, sku: "cashews", description: "product 3", instock: 60 },
        { _id: 4, sku: "pecans", description: "product 4", instock: 70 },
        { _id: 5, sku: null, description: "Incomplete" },
        { _id: 6 },
      ]);

      const found = await orders
        .aggregate([
          {
            $lookup: {
              from: inventory.collectionName,
              localField: "item",
              foreignField: "sku",
              as: "inventory_docs",
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        {
          _id: 1,
          item: "almonds",
          price: 12,
          quantity: 2,
          inventory_docs: [{ _id: 1, sku: "almonds", description: "product 1", instock: 120 }],
        },
        {
          _id: 2,
          item: "pecans",
          price: 20,
          quantity: 1,
          inventory_docs: [{ _id: 4, sku: "pecans", description: "product 4", instock: 70 }],
        },
        { _id: 3, inventory_docs: [{ _id: 5, sku: null, description: "Incomplete" }, { _id: 6 }] },
      ]);
    });

    it("matches each element of an array local field", async () => {
      const classes = fresh("lookup_classes");
      const members = fresh("lookup_members");
      await classes.insertMany([
        {
          _id: 1,
          title: "Reading is ...",
          enrollmentlist: ["giraffe2", "pandabear", "artie"],
          days: ["M", "W", "F"],
        },
        {
          _id: 2,
          title: "But Writing ...",
          enrollmentlist: ["giraffe1", "artie"],
          days: ["T", "F"],
        },
      ]);
      await members.insertMany([
        { _id: 1, name: "artie", joined: new Date("2016-05-01"), status: "A" },
        { _id: 2, name: "giraffe", joined: new Date("2017-05-01"), status: "D" },
        { _id: 3, name: "giraffe1", joined: new Date("2017-10-01"), status: "A" },
        { _id: 4, name: "panda", joined: new Date("2018-10-11"), status: "A" },
        { _id: 5, name: "pandabear", joined: new Date("2018-12-01"), status: "A" },
        { _id: 6, name: "giraffe2", joined: new Date("2018-12-01"), status: "D" },
      ]);

      const found = await classes
        .aggregate([
          {
            $lookup: {
              from: members.collectionName,
              localField: "enrollmentlist",
              foreignField: "name",
              as: "enrollee_info",
            },
          },
          { $project: { names: "$enrollee_info.name" } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1, names: ["artie", "pandabear", "giraffe2"] },
        { _id: 2, names: ["artie", "giraffe1"] },
      ]);
    });

    it("runs a correlated pipeline with let variables", async () => {
      const orders = fresh("lookup_let_orders");
      const warehouses = fresh("lookup_warehouses");
      await orders.insertMany([
        { _id: 1, item: "almonds", price: 12, ordered: 2 },
        { _id: 2, item: "pecans", price: 20, ordered: 1 },
        { _id: 3, item: "cookies", price: 10, ordered: 60 },
      ]);
      await warehouses.insertMany([
        { _id: 1, stock_item: "almonds", warehouse: "A", instock: 120 },
        { _id: 2, stock_item: "pecans", warehouse: "A", instock: 80 },
        { _id: 3, stock_item: "almonds", warehouse: "B", instock: 60 },
        { _id: 4, stock_item: "cookies", warehouse: "B", instock: 40 },
        { _id: 5, stock_item: "cookies", warehouse: "A", instock: 80 },
      ]);

      const found = await orders
        .aggregate([
          {
            $lookup: {
              from: warehouses.collectionName,
              let: { order_item: "$item", order_qty: "$ordered" },
              pipeline: [
                {
                  $match: {
                    $expr: {
                      $and: [
                        { $eq: ["$stock_item", "$$order_item"] },
                        { $gte: ["$instock", "$$order_qty"] },
                      ],
                    },
                  },
                },
                { $project: { stock_item: 0, _id: 0 } },
              ],
              as: "stockdata",
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        {
          _id: 1,
          item: "almonds",
          price: 12,
          ordered: 2,
          stockdata: [
            { warehouse: "A", instock: 120 },
            { warehouse: "B", instock: 60 },
          ],
        },
        {
          _id: 2,
          item: "pecans",
          price: 20,
          ordered: 1,
          stockdata: [{ warehouse: "A", instock: 80 }],
        },
        {
          _id: 3,
          item: "cookies",
          price: 10,
          ordered: 60,
          stockdata: [{ warehouse: "A", instock: 80 }],
        },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/replaceRoot/
  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/replaceWith/
  describe("$replaceRoot and $replaceWith", () => {
    it("promotes an embedded document", async () => {
      const collection = fresh("replace_root");
      await collection.insertMany([
        { _id: 1, name: { first: "John", last: "Backus" } },
        { _id: 2, name: { first: "John", last: "McCarthy" } },
      ]);

      const found = await collection.aggregate([{ $replaceRoot: { newRoot: "$name" } }]).toArray();

      expect(found).toEqual([
        { first: "John", last: "Backus" },
        { first: "John", last: "McCarthy" },
      ]);
    });

    it("merges defaults with $mergeObjects", async () => {
      const collection = fresh("replace_root_merge");
      await collection.insertMany([
        { _id: 1, name: "Arlene", age: 34, pets: { dogs: 2, cats: 1 } },
        { _id: 2, name: "Sam", age: 41, pets: { cats: 1, fish: 3 } },
        { _id: 3, name: "Maria", age: 25 },
      ]);

      const found = await collection
        .aggregate([
          { $replaceWith: { $mergeObjects: [{ dogs: 0, cats: 0, birds: 0, fish: 0 }, "$pets"] } },
        ])
        .toArray();

      expect(found).toEqual([
        { dogs: 2, cats: 1, birds: 0, fish: 0 },
        { dogs: 0, cats: 1, birds: 0, fish: 3 },
        { dogs: 0, cats: 0, birds: 0, fish: 0 },
      ]);
    });

    it("refuses a new root that is not a document", async () => {
      const collection = fresh("replace_root_missing");
      await collection.insertOne({ _id: 1, name: "no embedded document" });

      const error = await rejection(
        collection.aggregate([{ $replaceRoot: { newRoot: "$name" } }]).toArray(),
      );

      expect(typeof error.code).toBe("number");
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/sortByCount/
  describe("$sortByCount", () => {
    it("groups by value and sorts by count, descending", async () => {
      const collection = fresh("sort_by_count");
      await collection.insertMany([
        {
          _id: 1,
          title: "The Pillars of Society",
          artist: "Grosz",
          year: 1926,
          tags: ["painting", "satire", "Expressionism", "caricature"],
        },
        {
          _id: 2,
          title: "Melancholy III",
          artist: "Munch",
          year: 1902,
          tags: ["woodcut", "Expressionism"],
        },
        {
          _id: 3,
          title: "Dancer",
          artist: "Miro",
          year: 1925,
          tags: ["oil", "Surrealism", "painting"],
        },
        {
          _id: 4,
          title: "The Great Wave off Kanagawa",
          artist: "Hokusai",
          tags: ["woodblock", "ukiyo-e"],
        },
        {
          _id: 5,
          title: "The Persistence of Memory",
          artist: "Dali",
          year: 1931,
          tags: ["Surrealism", "painting", "oil"],
        },
        {
          _id: 6,
          title: "Composition VII",
          artist: "Kandinsky",
          year: 1913,
          tags: ["oil", "painting", "abstract"],
        },
        {
          _id: 7,
          title: "The Scream",
          artist: "Munch",
          year: 1893,
          tags: ["Expressionism", "painting", "oil"],
        },
        {
          _id: 8,
          title: "Blue Flower",
          artist: "O'Keefe",
          year: 1918,
          tags: ["abstract", "painting"],
        },
      ]);

      const found = await collection
        .aggregate([{ $unwind: "$tags" }, { $sortByCount: "$tags" }])
        .toArray();

      expect(found.slice(0, 3)).toEqual([
        { _id: "painting", count: 6 },
        { _id: "oil", count: 4 },
        { _id: "Expressionism", count: 3 },
      ]);
      expect(found.slice(3, 5).sort(byId)).toEqual([
        { _id: "Surrealism", count: 2 },
        { _id: "abstract", count: 2 },
      ]);
      expect(found.slice(5).sort(byId)).toEqual([
        { _id: "caricature", count: 1 },
        { _id: "satire", count: 1 },
        { _id: "ukiyo-e", count: 1 },
        { _id: "woodblock", count: 1 },
        { _id: "woodcut", count: 1 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/bucket/
  describe("$bucket", () => {
    const artists = [
      {
        _id: 1,
        last_name: "Bernard",
        first_name: "Emil",
        year_born: 1868,
        year_died: 1941,
        nationality: "France",
      },
      {
        _id: 2,
        last_name: "Rippl-Ronai",
        first_name: "Joszef",
        year_born: 1861,
        year_died: 1927,
        nationality: "Hungary",
      },
      {
        _id: 3,
        last_name: "Ostroumova",
        first_name: "Anna",
        year_born: 1871,
        year_died: 1955,
        nationality: "Russia",
      },
      {
        _id: 4,
        last_name: "Van Gogh",
        first_name: "Vincent",
        year_born: 1853,
        year_died: 1890,
        nationality: "Holland",
      },
      {
        _id: 5,
        last_name: "Maurer",
        first_name: "Alfred",
        year_born: 1868,
        year_died: 1932,
        nationality: "USA",
      },
      {
        _id: 6,
        last_name: "Munch",
        first_name: "Edvard",
        year_born: 1863,
        year_died: 1944,
        nationality: "Norway",
      },
      {
        _id: 7,
        last_name: "Redon",
        first_name: "Odilon",
        year_born: 1840,
        year_died: 1916,
        nationality: "France",
      },
      {
        _id: 8,
        last_name: "Diriks",
        first_name: "Edvard",
        year_born: 1855,
        year_died: 1930,
        nationality: "Norway",
      },
    ];

    it("buckets by year with output accumulators, a boundary value going to the bucket it starts", async () => {
      const collection = fresh("bucket");
      await collection.insertMany(artists);

      const found = await collection
        .aggregate([
          {
            $bucket: {
              groupBy: "$year_born",
              boundaries: [1840, 1850, 1860, 1870, 1880],
              default: "Other",
              output: {
                count: { $sum: 1 },
                artists: {
                  $push: {
                    name: { $concat: ["$first_name", " ", "$last_name"] },
                    year_born: "$year_born",
                  },
                },
              },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1840, count: 1, artists: [{ name: "Odilon Redon", year_born: 1840 }] },
        {
          _id: 1850,
          count: 2,
          artists: [
            { name: "Vincent Van Gogh", year_born: 1853 },
            { name: "Edvard Diriks", year_born: 1855 },
          ],
        },
        {
          _id: 1860,
          count: 4,
          artists: [
            { name: "Emil Bernard", year_born: 1868 },
            { name: "Joszef Rippl-Ronai", year_born: 1861 },
            { name: "Alfred Maurer", year_born: 1868 },
            { name: "Edvard Munch", year_born: 1863 },
          ],
        },
        { _id: 1870, count: 1, artists: [{ name: "Anna Ostroumova", year_born: 1871 }] },
      ]);
    });

    it("filters bucket results in a following stage", async () => {
      const collection = fresh("bucket_match");
      await collection.insertMany(artists);

      const found = await collection
        .aggregate([
          {
            $bucket: {
              groupBy: "$year_born",
              boundaries: [1840, 1850, 1860, 1870, 1880],
              default: "Other",
            },
          },
          { $match: { count: { $gt: 3 } } },
        ])
        .toArray();

      expect(found).toEqual([{ _id: 1860, count: 4 }]);
    });

    it("puts a value equal to an inner boundary into the bucket above, and drops empty buckets", async () => {
      const collection = fresh("bucket_edges");
      await collection.insertMany([
        { _id: 1, v: 0 },
        { _id: 2, v: 5 },
        { _id: 3, v: 5 },
        { _id: 4, v: 17 },
        { _id: 5, v: 20 },
      ]);

      const found = await collection
        .aggregate([
          { $bucket: { groupBy: "$v", boundaries: [0, 5, 10, 15, 20], default: "Other" } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 0, count: 1 },
        { _id: 5, count: 2 },
        { _id: 15, count: 1 },
        { _id: "Other", count: 1 },
      ]);
    });

    it("puts missing values and values of other types into the default bucket", async () => {
      const collection = fresh("bucket_default");
      await collection.insertMany([
        { _id: 1, price: 199.99 },
        { _id: 2, price: 280 },
        { _id: 3 },
        { _id: 4, price: "n/a" },
      ]);

      const found = await collection
        .aggregate([
          { $bucket: { groupBy: "$price", boundaries: [0, 200, 400], default: "Other" } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 0, count: 1 },
        { _id: 200, count: 1 },
        { _id: "Other", count: 2 },
      ]);
    });

    it("refuses a value outside the boundaries without a default", async () => {
      const collection = fresh("bucket_no_default");
      await collection.insertMany([
        { _id: 1, v: 1 },
        { _id: 2, v: 100 },
      ]);

      const error = await rejection(
        collection.aggregate([{ $bucket: { groupBy: "$v", boundaries: [0, 10] } }]).toArray(),
      );

      expect(typeof error.code).toBe("number");
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/facet/
  describe("$facet", () => {
    it("runs several sub-pipelines over the same input", async () => {
      const collection = fresh("facet");
      await collection.insertMany([
        {
          _id: 1,
          title: "The Pillars of Society",
          artist: "Grosz",
          year: 1926,
          price: 199.99,
          tags: ["painting", "satire"],
        },
        {
          _id: 2,
          title: "Melancholy III",
          artist: "Munch",
          year: 1902,
          price: 280,
          tags: ["woodcut"],
        },
        {
          _id: 3,
          title: "Dancer",
          artist: "Miro",
          year: 1925,
          price: 76.04,
          tags: ["oil", "painting"],
        },
        {
          _id: 4,
          title: "The Great Wave off Kanagawa",
          artist: "Hokusai",
          price: 167.3,
          tags: ["woodblock"],
        },
        {
          _id: 5,
          title: "The Persistence of Memory",
          artist: "Dali",
          year: 1931,
          price: 483,
          tags: ["oil", "painting"],
        },
      ]);

      const found = await collection
        .aggregate([
          {
            $facet: {
              categorizedByTags: [{ $unwind: "$tags" }, { $sortByCount: "$tags" }, { $limit: 2 }],
              categorizedByPrice: [
                { $match: { price: { $exists: 1 } } },
                {
                  $bucket: {
                    groupBy: "$price",
                    boundaries: [0, 150, 200, 300, 400],
                    default: "Other",
                    output: { count: { $sum: 1 }, titles: { $push: "$title" } },
                  },
                },
              ],
              total: [{ $count: "n" }],
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        {
          categorizedByTags: [
            { _id: "painting", count: 3 },
            { _id: "oil", count: 2 },
          ],
          categorizedByPrice: [
            { _id: 0, count: 1, titles: ["Dancer"] },
            {
              _id: 150,
              count: 2,
              titles: ["The Pillars of Society", "The Great Wave off Kanagawa"],
            },
            { _id: 200, count: 1, titles: ["Melancholy III"] },
            { _id: "Other", count: 1, titles: ["The Persistence of Memory"] },
          ],
          total: [{ n: 5 }],
        },
      ]);
    });
  });

  describe("stages the store does not claim", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/bucketAuto/
    it.skipIf(realMongoUri)("refuses $bucketAuto with an error and keeps serving", async () => {
      const collection = fresh("bucket_auto");
      await collection.insertMany([
        { _id: 1, v: 1 },
        { _id: 2, v: 2 },
      ]);

      await expectRefusal(
        store,
        collection.aggregate([{ $bucketAuto: { groupBy: "$v", buckets: 2 } }]).toArray(),
        "$bucketAuto",
      );
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/sample/
    it.skipIf(realMongoUri)(
      "refuses $sample inside $facet with an error and keeps serving",
      async () => {
        const collection = fresh("sample");
        await collection.insertMany([{ _id: 1 }, { _id: 2 }]);

        await expectRefusal(
          store,
          collection.aggregate([{ $facet: { some: [{ $sample: { size: 1 } }] } }]).toArray(),
          "$sample",
        );
      },
    );
  });
});
