// Accumulators the store claims (src/store/query/operators.ts), in $group and in $project,
// through the official driver, with the expected results of MongoDB's manual.
import { type Document } from "mongodb";
import { describe, expect, it } from "vitest";

import { realMongoUri, storeModes, useTestStore } from "../../support/store.js";
import { expectRefusal, freshCollection } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  const fresh = (name: string) => freshCollection(store, name);

  const byId = (a: Document, b: Document) =>
    String(a._id) < String(b._id) ? -1 : String(a._id) > String(b._id) ? 1 : 0;

  const sales = [
    { _id: 1, item: "abc", price: 10, quantity: 2, date: new Date("2014-01-01T08:00:00Z") },
    { _id: 2, item: "jkl", price: 20, quantity: 1, date: new Date("2014-02-03T09:00:00Z") },
    { _id: 3, item: "xyz", price: 5, quantity: 5, date: new Date("2014-02-03T09:05:00Z") },
    { _id: 4, item: "abc", price: 10, quantity: 10, date: new Date("2014-02-15T08:00:00Z") },
    { _id: 5, item: "xyz", price: 5, quantity: 10, date: new Date("2014-02-15T09:05:00Z") },
  ];

  const students = [
    { _id: 1, quizzes: [10, 6, 7], labs: [5, 8], final: 80, midterm: 75 },
    { _id: 2, quizzes: [9, 10], labs: [8, 8], final: 95, midterm: 80 },
    { _id: 3, quizzes: [4, 5, 5], labs: [6, 5], final: 78, midterm: 70 },
  ];

  const day = { $dateToString: { format: "%Y-%m-%d", date: "$date" } };

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/sum/
  describe("$sum", () => {
    it("sums expressions and counts in $group", async () => {
      const collection = fresh("sum_group");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          {
            $group: {
              _id: day,
              totalAmount: { $sum: { $multiply: ["$price", "$quantity"] } },
              count: { $sum: 1 },
            },
          },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "2014-01-01", totalAmount: 20, count: 1 },
        { _id: "2014-02-03", totalAmount: 45, count: 2 },
        { _id: "2014-02-15", totalAmount: 150, count: 2 },
      ]);
    });

    it("sums an array or a list of expressions in $project", async () => {
      const collection = fresh("sum_project");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          {
            $project: {
              quizTotal: { $sum: "$quizzes" },
              labTotal: { $sum: "$labs" },
              examTotal: { $sum: ["$final", "$midterm"] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1, quizTotal: 23, labTotal: 13, examTotal: 155 },
        { _id: 2, quizTotal: 19, labTotal: 16, examTotal: 175 },
        { _id: 3, quizTotal: 14, labTotal: 11, examTotal: 148 },
      ]);
    });

    it("outside $group, takes a single non-array operand as it is and does not traverse arrays in a list", async () => {
      const collection = fresh("sum_operands");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          { $match: { _id: 1 } },
          {
            $project: {
              single: { $sum: "$final" },
              missing: { $sum: "$nothing" },
              listWithArray: { $sum: ["$quizzes", "$final"] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([{ _id: 1, single: 80, missing: 0, listWithArray: 80 }]);
    });

    it("in $group, treats an array as a non-numeric value", async () => {
      const collection = fresh("sum_group_array");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([{ $group: { _id: null, total: { $sum: "$quizzes" } } }])
        .toArray();

      expect(found).toEqual([{ _id: null, total: 0 }]);
    });

    it("ignores non-numeric values and returns 0 when none is numeric", async () => {
      const collection = fresh("sum_non_numeric");
      await collection.insertMany([
        { _id: 1, g: "a", v: 5 },
        { _id: 2, g: "a", v: "7" },
        { _id: 3, g: "a" },
        { _id: 4, g: "b", v: "x" },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: "$g", total: { $sum: "$v" } } }])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "a", total: 5 },
        { _id: "b", total: 0 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/avg/
  describe("$avg", () => {
    it("averages in $group", async () => {
      const collection = fresh("avg_group");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          {
            $group: {
              _id: "$item",
              avgAmount: { $avg: { $multiply: ["$price", "$quantity"] } },
              avgQuantity: { $avg: "$quantity" },
            },
          },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "abc", avgAmount: 60, avgQuantity: 6 },
        { _id: "jkl", avgAmount: 20, avgQuantity: 1 },
        { _id: "xyz", avgAmount: 37.5, avgQuantity: 7.5 },
      ]);
    });

    it("averages an array or a list of expressions in $project", async () => {
      const collection = fresh("avg_project");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          {
            $project: {
              quizAvg: { $avg: "$quizzes" },
              labAvg: { $avg: "$labs" },
              examAvg: { $avg: ["$final", "$midterm"] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1, quizAvg: 23 / 3, labAvg: 6.5, examAvg: 77.5 },
        { _id: 2, quizAvg: 9.5, labAvg: 8, examAvg: 87.5 },
        { _id: 3, quizAvg: 14 / 3, labAvg: 5.5, examAvg: 74 },
      ]);
    });

    it("outside $group, averages a single non-array operand as it is", async () => {
      const collection = fresh("avg_operand");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          { $match: { _id: 2 } },
          { $project: { single: { $avg: "$final" }, none: { $avg: "$nothing" } } },
        ])
        .toArray();

      expect(found).toEqual([{ _id: 2, single: 95, none: null }]);
    });

    it("ignores non-numeric values and returns null when none is numeric", async () => {
      const collection = fresh("avg_non_numeric");
      await collection.insertMany([
        { _id: 1, g: "a", v: 4 },
        { _id: 2, g: "a", v: "x" },
        { _id: 3, g: "a", v: 8 },
        { _id: 4, g: "b" },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: "$g", average: { $avg: "$v" } } }])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "a", average: 6 },
        { _id: "b", average: null },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/min/
  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/max/
  describe("$min and $max", () => {
    it("find extremes in $group", async () => {
      const collection = fresh("min_max_group");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          {
            $group: {
              _id: "$item",
              minQuantity: { $min: "$quantity" },
              maxTotalAmount: { $max: { $multiply: ["$price", "$quantity"] } },
            },
          },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "abc", minQuantity: 2, maxTotalAmount: 100 },
        { _id: "jkl", minQuantity: 1, maxTotalAmount: 20 },
        { _id: "xyz", minQuantity: 5, maxTotalAmount: 50 },
      ]);
    });

    it("find extremes of arrays and lists in $project", async () => {
      const collection = fresh("min_max_project");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          {
            $project: {
              quizMin: { $min: "$quizzes" },
              labMax: { $max: "$labs" },
              examMin: { $min: ["$final", "$midterm"] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: 1, quizMin: 6, labMax: 8, examMin: 75 },
        { _id: 2, quizMin: 9, labMax: 8, examMin: 80 },
        { _id: 3, quizMin: 4, labMax: 6, examMin: 70 },
      ]);
    });

    it("outside $group, take a single non-array operand as it is", async () => {
      const collection = fresh("min_max_operand");
      await collection.insertMany(students);

      const found = await collection
        .aggregate([
          { $match: { _id: 3 } },
          {
            $project: {
              low: { $min: "$final" },
              high: { $max: "$midterm" },
              none: { $max: "$nothing" },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([{ _id: 3, low: 78, high: 70, none: null }]);
    });

    it("ignore null and missing values, and return null when there is nothing else", async () => {
      const collection = fresh("min_max_null");
      await collection.insertMany([
        { _id: 1, g: "a", v: null },
        { _id: 2, g: "a", v: 3 },
        { _id: 3, g: "a" },
        { _id: 4, g: "b", v: null },
        { _id: 5, g: "b" },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: "$g", low: { $min: "$v" }, high: { $max: "$v" } } }])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "a", low: 3, high: 3 },
        { _id: "b", low: null, high: null },
      ]);
    });

    it("compare values of different types in BSON order", async () => {
      const collection = fresh("min_max_types");
      await collection.insertMany([
        { _id: 1, v: 100 },
        { _id: 2, v: "apple" },
        { _id: 3, v: { a: 1 } },
        { _id: 4, v: -5 },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: null, low: { $min: "$v" }, high: { $max: "$v" } } }])
        .toArray();

      expect(found).toEqual([{ _id: null, low: -5, high: { a: 1 } }]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/first/
  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/last/
  describe("$first and $last", () => {
    const moreSales = [
      ...sales,
      { _id: 6, item: "xyz", price: 5, quantity: 5, date: new Date("2014-02-15T12:05:10Z") },
      { _id: 7, item: "xyz", price: 5, quantity: 10, date: new Date("2014-02-15T14:12:12Z") },
    ];

    it("take the first and last values of each sorted group", async () => {
      const collection = fresh("first_last");
      await collection.insertMany(moreSales);

      const found = await collection
        .aggregate([
          { $sort: { item: 1, date: 1 } },
          {
            $group: { _id: "$item", firstSale: { $first: "$date" }, lastSale: { $last: "$date" } },
          },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        {
          _id: "abc",
          firstSale: new Date("2014-01-01T08:00:00Z"),
          lastSale: new Date("2014-02-15T08:00:00Z"),
        },
        {
          _id: "jkl",
          firstSale: new Date("2014-02-03T09:00:00Z"),
          lastSale: new Date("2014-02-03T09:00:00Z"),
        },
        {
          _id: "xyz",
          firstSale: new Date("2014-02-03T09:05:00Z"),
          lastSale: new Date("2014-02-15T14:12:12Z"),
        },
      ]);
    });

    it("$first gives null for a missing value", async () => {
      const collection = fresh("first_missing");
      await collection.insertMany([
        { _id: 1, price: 6, quantity: 6 },
        { _id: 2, item: "album", price: 5, quantity: 5 },
        { _id: 7, item: "tape", price: 6, quantity: 6 },
        { _id: 8, price: 5, quantity: 5 },
        { _id: 9, item: "album", price: 3, quantity: "" },
        { _id: 10, item: "tape", price: 3, quantity: 4 },
        { _id: 12, item: "cd", price: 7 },
      ]);

      const found = await collection
        .aggregate([
          { $sort: { item: 1, price: 1 } },
          { $group: { _id: "$item", inStock: { $first: "$quantity" } } },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "album", inStock: "" },
        { _id: "cd", inStock: null },
        { _id: null, inStock: 5 },
        { _id: "tape", inStock: 4 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/push/
  describe("$push (accumulator)", () => {
    it("collects values in input order", async () => {
      const collection = fresh("push_acc");
      await collection.insertMany(sales);

      const found = await collection
        .aggregate([
          { $sort: { date: 1, item: 1 } },
          { $group: { _id: day, itemsSold: { $push: { item: "$item", quantity: "$quantity" } } } },
        ])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "2014-01-01", itemsSold: [{ item: "abc", quantity: 2 }] },
        {
          _id: "2014-02-03",
          itemsSold: [
            { item: "jkl", quantity: 1 },
            { item: "xyz", quantity: 5 },
          ],
        },
        {
          _id: "2014-02-15",
          itemsSold: [
            { item: "abc", quantity: 10 },
            { item: "xyz", quantity: 10 },
          ],
        },
      ]);
    });
  });

  describe("$push (accumulator) and missing values", () => {
    // MongoDB's own issue tracker states it (the manual does not):
    // https://jira.mongodb.org/browse/SERVER-6199 — "The 'z' result is [1], the undefined values of
    // the first and last documents are excluded."
    it("leaves out documents where the expression is missing, but keeps null values", async () => {
      const collection = fresh("push_missing");
      await collection.insertMany([{ _id: 1 }, { _id: 2, a: 1 }, { _id: 3, a: null }, { _id: 4 }]);

      const found = await collection
        .aggregate([{ $group: { _id: 0, z: { $push: "$a" }, set: { $addToSet: "$a" } } }])
        .toArray();

      expect(found).toEqual([{ _id: 0, z: [1, null], set: [1, null] }]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/addToSet/
  describe("$addToSet (accumulator)", () => {
    it("collects unique values", async () => {
      const collection = fresh("add_to_set_acc");
      await collection.insertMany([
        ...sales,
        { _id: 6, item: "xyz", price: 5, quantity: 5, date: new Date("2014-02-15T12:05:10Z") },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: day, itemsSold: { $addToSet: "$item" } } }])
        .toArray();

      expect(found.sort(byId).map((group) => [group._id, [...group.itemsSold].sort()])).toEqual([
        ["2014-01-01", ["abc"]],
        ["2014-02-03", ["jkl", "xyz"]],
        ["2014-02-15", ["abc", "xyz"]],
      ]);
    });

    it("treats documents as duplicates only with the same fields in the same order", async () => {
      const collection = fresh("add_to_set_docs");
      await collection.insertMany([
        { _id: 1, v: { a: 1, b: 2 } },
        { _id: 2, v: { a: 1, b: 2 } },
        { _id: 3, v: { b: 2, a: 1 } },
        { _id: 4, v: [1, 2] },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: null, values: { $addToSet: "$v" } } }])
        .toArray();

      const values = found[0]?.values as unknown[];
      expect(values).toHaveLength(3);
      expect(
        values.map((value) => (Array.isArray(value) ? value : Object.keys(value as object))),
      ).toEqual(
        expect.arrayContaining([
          ["a", "b"],
          ["b", "a"],
          [1, 2],
        ]),
      );
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/aggregation/count-accumulator/
  describe("$count (accumulator)", () => {
    it("counts the documents of each group", async () => {
      const collection = fresh("count_acc");
      await collection.insertMany([
        { _id: 1, state: "CA" },
        { _id: 2, state: "WA" },
        { _id: 3, state: "CA" },
      ]);

      const found = await collection
        .aggregate([{ $group: { _id: "$state", countNumberOfDocumentsForState: { $count: {} } } }])
        .toArray();

      expect(found.sort(byId)).toEqual([
        { _id: "CA", countNumberOfDocumentsForState: 2 },
        { _id: "WA", countNumberOfDocumentsForState: 1 },
      ]);
    });
  });

  describe("accumulators the store does not claim", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/push/ ($group only)
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/first-array-element/
    it.skipIf(realMongoUri)(
      "refuses $push and $first outside $group and keeps serving",
      async () => {
        const collection = fresh("group_only");
        await collection.insertMany(students);

        await expectRefusal(
          store,
          collection.aggregate([{ $project: { q: { $push: "$quizzes" } } }]).toArray(),
          "$push",
        );
        await expectRefusal(
          store,
          collection.aggregate([{ $project: { q: { $first: "$quizzes" } } }]).toArray(),
          "$first",
        );
      },
    );

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/stdDevPop/
    it.skipIf(realMongoUri)("refuses $stdDevPop with an error and keeps serving", async () => {
      const collection = fresh("std_dev");
      await collection.insertMany([
        { _id: 1, v: 1 },
        { _id: 2, v: 3 },
      ]);

      await expectRefusal(
        store,
        collection.aggregate([{ $group: { _id: null, s: { $stdDevPop: "$v" } } }]).toArray(),
        "$stdDevPop",
      );
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/top/
    it.skipIf(realMongoUri)("refuses $top with an error and keeps serving", async () => {
      const collection = fresh("top");
      await collection.insertMany([{ _id: 1, v: 1 }]);

      await expectRefusal(
        store,
        collection
          .aggregate([{ $group: { _id: null, t: { $top: { sortBy: { v: 1 }, output: "$v" } } } }])
          .toArray(),
        "$top",
      );
    });
  });
});
