// Expression operators the store claims (src/store/query/operators.ts), evaluated in $project,
// through the official driver, with the expected results of MongoDB's manual.
import { type Collection, type Document, Double, Long, ObjectId } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";

import { realMongoUri, storeModes, useTestStore } from "../../support/store.js";
import { expectRefusal, freshCollection, rejection, type TestDocument } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  let single: Collection<TestDocument>;
  const fresh = (name: string) => freshCollection(store, name);

  beforeAll(async () => {
    single = fresh("single");
    await single.insertOne({ _id: 1 });
  });

  /** The value of `expression` evaluated against one empty document. */
  async function evaluate(expression: unknown): Promise<unknown> {
    const [result] = await single.aggregate([{ $project: { _id: 0, v: expression } }]).toArray();
    return result?.v;
  }

  /** `field` of each document after `$project: { field: expression }`, in _id order. */
  async function project(
    documents: Document[],
    expression: unknown,
    name: string,
  ): Promise<unknown[]> {
    const collection = fresh(name);
    await collection.insertMany(documents);
    const results = await collection
      .aggregate([{ $sort: { _id: 1 } }, { $project: { v: expression } }])
      .toArray();
    return results.map((result) => result.v);
  }

  describe("arithmetic", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/add/
    it("$add adds numbers, and milliseconds to a date", async () => {
      const sales = [
        { _id: 1, item: "abc", price: 10, fee: 2, date: new Date("2014-03-01T08:00:00Z") },
        { _id: 2, item: "jkl", price: 20, fee: 1, date: new Date("2014-03-01T09:00:00Z") },
        { _id: 3, item: "xyz", price: 5, fee: 0, date: new Date("2014-03-15T09:00:00Z") },
      ];

      const totals = await project(sales, { $add: ["$price", "$fee"] }, "add");
      const billing = await project(sales, { $add: ["$date", 3 * 24 * 60 * 60000] }, "add_date");
      const nullOperand = await evaluate({ $add: [1, null] });

      expect(totals).toEqual([12, 21, 5]);
      expect(billing).toEqual([
        new Date("2014-03-04T08:00:00Z"),
        new Date("2014-03-04T09:00:00Z"),
        new Date("2014-03-18T09:00:00Z"),
      ]);
      expect(nullOperand).toBeNull();
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/subtract/
    it("$subtract subtracts numbers, milliseconds from a date, and dates", async () => {
      const sales = [
        {
          _id: 1,
          item: "abc",
          price: 10,
          fee: 2,
          discount: 5,
          date: new Date("2014-03-01T08:00:00Z"),
        },
        {
          _id: 2,
          item: "jkl",
          price: 20,
          fee: 1,
          discount: 2,
          date: new Date("2014-03-01T09:00:00Z"),
        },
      ];

      const totals = await project(
        sales,
        { $subtract: [{ $add: ["$price", "$fee"] }, "$discount"] },
        "subtract",
      );
      const earlier = await project(sales, { $subtract: ["$date", 5 * 60 * 1000] }, "subtract_ms");
      const elapsed = await project(
        sales,
        { $subtract: [new Date("2014-03-01T10:00:00Z"), "$date"] },
        "subtract_dates",
      );

      expect(totals).toEqual([7, 19]);
      expect(earlier).toEqual([new Date("2014-03-01T07:55:00Z"), new Date("2014-03-01T08:55:00Z")]);
      expect(elapsed).toEqual([7200000, 3600000]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/multiply/
    it("$multiply multiplies", async () => {
      const found = await project(
        [
          { _id: 1, item: "abc", price: 10, quantity: 2 },
          { _id: 2, item: "jkl", price: 20, quantity: 1 },
          { _id: 3, item: "xyz", price: 5, quantity: 10 },
        ],
        { $multiply: ["$price", "$quantity"] },
        "multiply",
      );

      expect(found).toEqual([20, 20, 50]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/divide/
    it("$divide divides, and refuses a division by zero", async () => {
      const found = await project(
        [
          { _id: 1, name: "A", hours: 80, resources: 7 },
          { _id: 2, name: "B", hours: 40, resources: 4 },
        ],
        { $divide: ["$hours", 8] },
        "divide",
      );
      const error = await rejection(evaluate({ $divide: [1, 0] }));

      expect(found).toEqual([10, 5]);
      expect(error.message).toMatch(/divide by zero/);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/mod/
    it("$mod gives the remainder, negative for a negative dividend", async () => {
      const found = await project(
        [
          { _id: 1, hours: 80, tasks: 7 },
          { _id: 2, hours: 40, tasks: 4 },
          { _id: 3, hours: -80, tasks: 7 },
        ],
        { $mod: ["$hours", "$tasks"] },
        "mod",
      );

      expect(found).toEqual([3, 0, -3]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/abs/
    it("$abs gives the absolute value, and null for null", async () => {
      const found = await project(
        [
          { _id: 1, startTemp: 50, endTemp: 60 },
          { _id: 2, startTemp: 40, endTemp: 40 },
          { _id: 3, startTemp: 90, endTemp: 70 },
          { _id: 4, startTemp: 60 },
        ],
        { $abs: { $subtract: ["$startTemp", "$endTemp"] } },
        "abs",
      );

      expect(found).toEqual([10, 0, 20, null]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/round/
    // (The page's example for place -1 contradicts its own definition and chart — 19.25 gives 10 —
    // so place -1 is checked with the chart.)
    it("$round rounds to a place, half to even on the exact value", async () => {
      const samples = [
        { _id: 1, value: 19.25 },
        { _id: 2, value: 28.73 },
        { _id: 3, value: 34.32 },
        { _id: 4, value: -45.39 },
      ];

      const one = await project(samples, { $round: ["$value", 1] }, "round_1");
      const zero = await project(samples, { $round: ["$value", 0] }, "round_0");
      const chart = await Promise.all(
        [124.5, 125.5, 25, 12.5, 2.25, 2.45].map(async (value) => [
          await evaluate({ $round: [value, 1] }),
          await evaluate({ $round: [value, 0] }),
          await evaluate({ $round: [value, -1] }),
        ]),
      );
      const definition = await Promise.all(
        [2, -2, -4, 0].map((place) => evaluate({ $round: [1234.5678, place] })),
      );
      const toEven = await Promise.all(
        [10.5, 11.5, 12.5, 13.5].map((value) => evaluate({ $round: [value, 0] })),
      );
      const slightlyAbove = await evaluate({ $round: [0.05, 1] });
      const nullValue = await evaluate({ $round: [null, 1] });

      expect(one).toEqual([19.2, 28.7, 34.3, -45.4]);
      expect(zero).toEqual([19, 29, 34, -45]);
      expect(chart).toEqual([
        [124.5, 124, 120],
        [125.5, 126, 130],
        [25, 25, 20],
        [12.5, 12, 10],
        [2.2, 2, 0],
        [2.5, 2, 0],
      ]);
      expect(definition).toEqual([1234.57, 1200, 0, 1235]);
      expect(toEven).toEqual([10, 12, 12, 14]);
      expect(slightlyAbove).toBe(0.1);
      expect(nullValue).toBeNull();
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/floor/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/ceil/
    it("$floor and $ceil", async () => {
      const samples = [
        { _id: 1, value: 9.25 },
        { _id: 2, value: 8.73 },
        { _id: 3, value: 4.32 },
        { _id: 4, value: -5.34 },
      ];

      const floor = await project(samples, { $floor: "$value" }, "floor");
      const ceil = await project(samples, { $ceil: "$value" }, "ceil");

      expect(floor).toEqual([9, 8, 4, -6]);
      expect(ceil).toEqual([10, 9, 5, -5]);
    });
  });

  describe("comparison and boolean", () => {
    const inventory = [
      { _id: 1, item: "abc1", description: "product 1", qty: 300 },
      { _id: 2, item: "abc2", description: "product 2", qty: 200 },
      { _id: 3, item: "xyz1", description: "product 3", qty: 250 },
      { _id: 4, item: "VWZ1", description: "product 4", qty: 300 },
      { _id: 5, item: "VWZ2", description: "product 5", qty: 180 },
    ];

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/eq/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/ne/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/gt/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/gte/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/lt/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/lte/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/cmp/
    it("$eq, $ne, $gt, $gte, $lt, $lte and $cmp compare with 250", async () => {
      const collection = fresh("comparisons");
      await collection.insertMany(inventory);

      const found = await collection
        .aggregate([
          {
            $project: {
              _id: 0,
              eq: { $eq: ["$qty", 250] },
              ne: { $ne: ["$qty", 250] },
              gt: { $gt: ["$qty", 250] },
              gte: { $gte: ["$qty", 250] },
              lt: { $lt: ["$qty", 250] },
              lte: { $lte: ["$qty", 250] },
              cmp: { $cmp: ["$qty", 250] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { eq: false, ne: true, gt: true, gte: true, lt: false, lte: false, cmp: 1 },
        { eq: false, ne: true, gt: false, gte: false, lt: true, lte: true, cmp: -1 },
        { eq: true, ne: false, gt: false, gte: true, lt: false, lte: true, cmp: 0 },
        { eq: false, ne: true, gt: true, gte: true, lt: false, lte: false, cmp: 1 },
        { eq: false, ne: true, gt: false, gte: false, lt: true, lte: true, cmp: -1 },
      ]);
    });

    // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
    it("compare values of different types in BSON order", async () => {
      const results = await Promise.all([
        evaluate({ $gt: ["a", 1] }),
        evaluate({ $lt: [null, 0] }),
        evaluate({ $cmp: [{ $literal: { a: 1 } }, "z"] }),
        evaluate({ $gt: [true, new Date("2020-01-01T00:00:00Z")] }),
        evaluate({ $eq: [1, 1.0] }),
      ]);

      expect(results).toEqual([true, true, 1, false, true]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/and/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/or/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/not/
    it("$and, $or and $not", async () => {
      const collection = fresh("booleans");
      await collection.insertMany(inventory);

      const found = await collection
        .aggregate([
          {
            $project: {
              _id: 0,
              and: { $and: [{ $gt: ["$qty", 100] }, { $lt: ["$qty", 250] }] },
              or: { $or: [{ $gt: ["$qty", 250] }, { $lt: ["$qty", 200] }] },
              not: { $not: [{ $gt: ["$qty", 250] }] },
            },
          },
        ])
        .toArray();

      expect(found).toEqual([
        { and: false, or: true, not: false },
        { and: true, or: false, not: true },
        { and: false, or: false, not: true },
        { and: false, or: true, not: false },
        { and: true, or: true, not: true },
      ]);
    });

    it("$and, $or and $not treat null, 0 and undefined as false and everything else as true", async () => {
      const results = await Promise.all([
        evaluate({ $and: [1, "green"] }),
        evaluate({ $and: [] }),
        evaluate({ $and: [[null], [false], [0]] }),
        evaluate({ $and: [null, true] }),
        evaluate({ $and: [0, true] }),
        evaluate({ $or: [true, false] }),
        evaluate({ $or: [[false], false] }),
        evaluate({ $or: [null, 0, "$missing"] }),
        evaluate({ $or: [] }),
        evaluate({ $not: [true] }),
        evaluate({ $not: [[false]] }),
        evaluate({ $not: [false] }),
        evaluate({ $not: [null] }),
        evaluate({ $not: [0] }),
      ]);

      expect(results).toEqual([
        true,
        true,
        true,
        false,
        false,
        true,
        true,
        false,
        false,
        false,
        false,
        true,
        true,
        true,
      ]);
    });
  });

  describe("conditional", () => {
    const inventory = [
      { _id: 1, item: "abc1", qty: 300 },
      { _id: 2, item: "abc2", qty: 200 },
      { _id: 3, item: "xyz1", qty: 250 },
    ];

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/cond/
    it("$cond in its document and array forms", async () => {
      const named = await project(
        inventory,
        { $cond: { if: { $gte: ["$qty", 250] }, then: 30, else: 20 } },
        "cond",
      );
      const positional = await project(
        inventory,
        { $cond: [{ $gte: ["$qty", 250] }, 30, 20] },
        "cond_array",
      );

      expect(named).toEqual([30, 20, 30]);
      expect(positional).toEqual([30, 20, 30]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/ifNull/
    it("$ifNull replaces null and missing values, with several inputs", async () => {
      const documents = [
        { _id: 1, item: "buggy", description: "toy car", quantity: 300 },
        { _id: 2, item: "bicycle", description: null, quantity: 200 },
        { _id: 3, item: "flag" },
      ];

      const single = await project(
        documents,
        { $ifNull: ["$description", "Unspecified"] },
        "if_null",
      );
      const several = await project(
        documents,
        { $ifNull: ["$description", "$quantity", "Unspecified"] },
        "if_null_many",
      );

      expect(single).toEqual(["toy car", "Unspecified", "Unspecified"]);
      expect(several).toEqual(["toy car", 200, "Unspecified"]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/switch/
    it("$switch takes the first true branch, else the default, and refuses no match without one", async () => {
      const grades = [
        { _id: 1, name: "Susan Wilkes", scores: [87, 86, 78] },
        { _id: 2, name: "Bob Hanna", scores: [71, 64, 81] },
        { _id: 3, name: "James Torrelio", scores: [91, 84, 97] },
      ];

      const found = await project(
        grades,
        {
          $switch: {
            branches: [
              { case: { $gte: [{ $avg: "$scores" }, 90] }, then: "Doing great!" },
              {
                case: {
                  $and: [{ $gte: [{ $avg: "$scores" }, 80] }, { $lt: [{ $avg: "$scores" }, 90] }],
                },
                then: "Doing pretty well.",
              },
              { case: { $lt: [{ $avg: "$scores" }, 80] }, then: "Needs improvement." },
            ],
            default: "No scores found.",
          },
        },
        "switch",
      );
      const fallback = await evaluate({
        $switch: { branches: [{ case: false, then: 1 }], default: "none" },
      });
      const error = await rejection(
        evaluate({ $switch: { branches: [{ case: false, then: 1 }] } }),
      );

      expect(found).toEqual(["Doing pretty well.", "Needs improvement.", "Doing great!"]);
      expect(fallback).toBe("none");
      expect(typeof error.code).toBe("number");
    });
  });

  describe("string", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/concat/
    it("$concat joins strings and gives null for a null or missing operand", async () => {
      const found = await project(
        [
          { _id: 1, item: "ABC1", quarter: "13Q1", description: "product 1" },
          { _id: 2, item: "ABC2", quarter: "13Q4", description: null },
          { _id: 3, item: "XYZ1", quarter: "14Q2" },
        ],
        { $concat: ["$item", " - ", "$description"] },
        "concat",
      );

      expect(found).toEqual(["ABC1 - product 1", null, null]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/toLower/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/toUpper/
    it("$toLower and $toUpper, with an empty string for null", async () => {
      const inventory = [
        { _id: 1, item: "ABC1", quarter: "13Q1", description: "PRODUCT 1" },
        { _id: 2, item: "abc2", quarter: "13Q4", description: "Product 2" },
        { _id: 3, item: "xyz1", quarter: "14Q2", description: null },
      ];

      const lower = await project(
        inventory,
        { item: { $toLower: "$item" }, description: { $toLower: "$description" } },
        "lower",
      );
      const upper = await project(
        inventory,
        { item: { $toUpper: "$item" }, description: { $toUpper: "$description" } },
        "upper",
      );

      expect(lower).toEqual([
        { item: "abc1", description: "product 1" },
        { item: "abc2", description: "product 2" },
        { item: "xyz1", description: "" },
      ]);
      expect(upper).toEqual([
        { item: "ABC1", description: "PRODUCT 1" },
        { item: "ABC2", description: "PRODUCT 2" },
        { item: "XYZ1", description: "" },
      ]);
    });

    const food = [
      { _id: 1, name: "apple" },
      { _id: 2, name: "banana" },
      { _id: 3, name: "éclair" },
      { _id: 4, name: "hamburger" },
      { _id: 5, name: "jalapeño" },
      { _id: 6, name: "pizza" },
      { _id: 7, name: "tacos" },
      { _id: 8, name: "寿司sushi" },
    ];

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/substrCP/
    it("$substrCP takes code points", async () => {
      const quarters = await project(
        [{ _id: 1, quarter: "13Q1" }],
        {
          yearSubstring: { $substrCP: ["$quarter", 0, 2] },
          quarterSubtring: {
            $substrCP: ["$quarter", 2, { $subtract: [{ $strLenCP: "$quarter" }, 2] }],
          },
        },
        "substr_quarter",
      );
      const menuCodes = await project(food, { $substrCP: ["$name", 0, 3] }, "substr_food");
      const astral = await evaluate({ $substrCP: ["🍕 pizza", 0, 2] });

      expect(quarters).toEqual([{ yearSubstring: "13", quarterSubtring: "Q1" }]);
      expect(menuCodes).toEqual(["app", "ban", "écl", "ham", "jal", "piz", "tac", "寿司s"]);
      expect(astral).toBe("🍕 ");
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/strLenCP/
    it("$strLenCP counts code points", async () => {
      const lengths = await project(food, { $strLenCP: "$name" }, "strlen");
      const astral = await evaluate({ $strLenCP: "🍕🍣" });

      expect(lengths).toEqual([5, 6, 6, 9, 8, 5, 5, 7]);
      expect(astral).toBe(2);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/split/
    it("$split divides a string on a delimiter", async () => {
      const table = await Promise.all([
        evaluate({ $split: ["June-15-2013", "-"] }),
        evaluate({ $split: ["banana split", "a"] }),
        evaluate({ $split: ["Hello World", " "] }),
        evaluate({ $split: ["astronomical", "astro"] }),
        evaluate({ $split: ["pea green boat", "owl"] }),
      ]);
      const error = await rejection(evaluate({ $split: ["headphone jack", 7] }));

      expect(table).toEqual([
        ["June", "15", "2013"],
        ["b", "n", "n", " split"],
        ["Hello", "World"],
        ["", "nomical"],
        ["pea green boat"],
      ]);
      expect(error.message).toContain("$split");
    });

    it("$split feeds a per-state total", async () => {
      const collection = fresh("split_states");
      await collection.insertMany([
        { _id: 1, city: "Berkeley, CA", qty: 648 },
        { _id: 2, city: "Bend, OR", qty: 491 },
        { _id: 3, city: "Kensington, CA", qty: 233 },
        { _id: 4, city: "Eugene, OR", qty: 842 },
        { _id: 5, city: "Reno, NV", qty: 655 },
        { _id: 6, city: "Portland, OR", qty: 408 },
        { _id: 7, city: "Sacramento, CA", qty: 574 },
      ]);

      const found = await collection
        .aggregate([
          { $project: { city_state: { $split: ["$city", ", "] }, qty: 1 } },
          { $unwind: "$city_state" },
          { $match: { city_state: /[A-Z]{2}/ } },
          { $group: { _id: { state: "$city_state" }, total_qty: { $sum: "$qty" } } },
          { $sort: { total_qty: -1 } },
        ])
        .toArray();

      expect(found).toEqual([
        { _id: { state: "OR" }, total_qty: 1741 },
        { _id: { state: "CA" }, total_qty: 1455 },
        { _id: { state: "NV" }, total_qty: 655 },
      ]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/trim/
    it("$trim removes white space or the given characters", async () => {
      const described = await project(
        [
          { _id: 1, item: "ABC1", quarter: "13Q1", description: " product 1" },
          {
            _id: 2,
            item: "ABC2",
            quarter: "13Q4",
            description: "product 2 \n The product is in stock.  \n\n  ",
          },
          { _id: 3, item: "XYZ1", quarter: "14Q2", description: null },
        ],
        { $trim: { input: "$description" } },
        "trim",
      );
      const table = await Promise.all([
        evaluate({ $trim: { input: "  \n good  bye \t  " } }),
        evaluate({ $trim: { input: " ggggoodbyeeeee", chars: "ge" } }),
        evaluate({ $trim: { input: "    ggggoodbyeeeee", chars: " ge" } }),
      ]);

      expect(described).toEqual(["product 1", "product 2 \n The product is in stock.", null]);
      expect(table).toEqual(["good  bye", " ggggoodby", "oodby"]);
    });
  });

  describe("array", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/size/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/isArray/
    it("$size counts elements, guarded by $isArray", async () => {
      const found = await project(
        [
          { _id: 1, item: "ABC1", description: "product 1", colors: ["blue", "black", "red"] },
          { _id: 2, item: "ABC2", description: "product 2", colors: ["purple"] },
          { _id: 3, item: "XYZ1", description: "product 3", colors: [] },
          { _id: 4, item: "ZZZ1", description: "product 4 - missing colors" },
          { _id: 5, item: "ZZZ2", description: "product 5 - colors is string", colors: "blue,red" },
        ],
        { $cond: { if: { $isArray: "$colors" }, then: { $size: "$colors" }, else: "NA" } },
        "size",
      );
      const error = await rejection(evaluate({ $size: "$missing" }));

      expect(found).toEqual([3, 1, 0, "NA", "NA"]);
      expect(typeof error.code).toBe("number");
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/arrayElemAt/
    it("$arrayElemAt takes an element from the start or the end", async () => {
      const found = await project(
        [
          { _id: 1, name: "dave123", favorites: ["chocolate", "cake", "butter", "apples"] },
          { _id: 2, name: "li", favorites: ["apples", "pudding", "pie"] },
          { _id: 3, name: "ahn", favorites: ["pears", "pecans", "chocolate", "cherries"] },
          { _id: 4, name: "ty", favorites: ["ice cream"] },
        ],
        { first: { $arrayElemAt: ["$favorites", 0] }, last: { $arrayElemAt: ["$favorites", -1] } },
        "array_elem_at",
      );
      const outOfRange = await single
        .aggregate([{ $project: { _id: 0, v: { $arrayElemAt: [[1, 2, 3], 15] } } }])
        .toArray();

      expect(found).toEqual([
        { first: "chocolate", last: "apples" },
        { first: "apples", last: "pie" },
        { first: "pears", last: "cherries" },
        { first: "ice cream", last: "ice cream" },
      ]);
      expect(outOfRange).toEqual([{}]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/filter/
    it("$filter keeps the elements matching a condition", async () => {
      const sales = [
        {
          _id: 0,
          items: [
            { item_id: 43, quantity: 2, price: 10 },
            { item_id: 2, quantity: 1, price: 240 },
          ],
        },
        {
          _id: 1,
          items: [
            { item_id: 23, quantity: 3, price: 110 },
            { item_id: 103, quantity: 4, price: 5 },
            { item_id: 38, quantity: 1, price: 300 },
          ],
        },
        { _id: 2, items: [{ item_id: 4, quantity: 1, price: 23 }] },
      ];

      const found = await project(
        sales,
        { $filter: { input: "$items", as: "item", cond: { $gte: ["$$item.price", 100] } } },
        "filter",
      );
      const limited = await project(
        sales,
        { $filter: { input: "$items", cond: { $gte: ["$$this.price", 100] }, limit: 1 } },
        "filter_limit",
      );

      expect(found).toEqual([
        [{ item_id: 2, quantity: 1, price: 240 }],
        [
          { item_id: 23, quantity: 3, price: 110 },
          { item_id: 38, quantity: 1, price: 300 },
        ],
        [],
      ]);
      expect(limited).toEqual([
        [{ item_id: 2, quantity: 1, price: 240 }],
        [{ item_id: 23, quantity: 3, price: 110 }],
        [],
      ]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/map/
    it("$map applies an expression to each element", async () => {
      const found = await project(
        [
          { _id: 1, quizzes: [5, 6, 7] },
          { _id: 2, quizzes: [] },
          { _id: 3, quizzes: [3, 8, 9] },
        ],
        { $map: { input: "$quizzes", as: "grade", in: { $add: ["$$grade", 2] } } },
        "map",
      );

      expect(found).toEqual([[7, 8, 9], [], [5, 10, 11]]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/in/
    it("$in tells whether a value is in an array", async () => {
      const found = await project(
        [
          { _id: 1, location: "24th Street", in_stock: ["apples", "oranges", "bananas"] },
          { _id: 2, location: "36th Street", in_stock: ["bananas", "pears", "grapes"] },
          { _id: 3, location: "82nd Street", in_stock: ["cantaloupes", "watermelons", "apples"] },
        ],
        { $in: ["bananas", "$in_stock"] },
        "in",
      );

      expect(found).toEqual([true, true, false]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/concatArrays/
    it("$concatArrays joins arrays, null when one is missing", async () => {
      const warehouses = [
        { _id: 1, instock: ["chocolate"], ordered: ["butter", "apples"] },
        { _id: 2, instock: ["apples", "pudding", "pie"] },
        { _id: 3, instock: ["pears", "pecans"], ordered: ["cherries"] },
        { _id: 4, instock: ["ice cream"], ordered: [] },
      ];

      const found = await project(
        warehouses,
        { $concatArrays: ["$instock", "$ordered"] },
        "concat_arrays",
      );
      const guarded = await project(
        warehouses,
        {
          $cond: {
            if: { $and: [{ $isArray: "$instock" }, { $isArray: "$ordered" }] },
            then: { $concatArrays: ["$instock", "$ordered"] },
            else: "One or more fields is not an array.",
          },
        },
        "concat_arrays_guarded",
      );

      expect(found).toEqual([
        ["chocolate", "butter", "apples"],
        null,
        ["pears", "pecans", "cherries"],
        ["ice cream"],
      ]);
      expect(guarded[1]).toBe("One or more fields is not an array.");
    });
  });

  describe("dates", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/year/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/month/
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/dayOfMonth/
    it("$year, $month and $dayOfMonth, in UTC and in a time zone", async () => {
      const documents = [
        { _id: 1, item: "abc", price: 10, quantity: 2, date: new Date("2014-01-01T08:15:39.736Z") },
        { _id: 2, item: "abc", price: 10, quantity: 2, date: new Date("2014-01-01T02:00:00Z") },
      ];

      const utc = await project(
        documents,
        { year: { $year: "$date" }, month: { $month: "$date" }, day: { $dayOfMonth: "$date" } },
        "date_parts",
      );
      const newYork = await project(
        documents,
        {
          year: { $year: { date: "$date", timezone: "America/New_York" } },
          month: { $month: { date: "$date", timezone: "America/New_York" } },
          day: { $dayOfMonth: { date: "$date", timezone: "-05:00" } },
        },
        "date_parts_tz",
      );

      expect(utc).toEqual([
        { year: 2014, month: 1, day: 1 },
        { year: 2014, month: 1, day: 1 },
      ]);
      expect(newYork).toEqual([
        { year: 2014, month: 1, day: 1 },
        { year: 2013, month: 12, day: 31 },
      ]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/dateToString/
    it("$dateToString formats, with time zones and onNull", async () => {
      const found = await project(
        [
          {
            _id: 1,
            item: "abc",
            price: 10,
            quantity: 2,
            date: new Date("2014-01-01T08:15:39.736Z"),
          },
          { _id: 2 },
        ],
        {
          yearMonthDayUTC: { $dateToString: { format: "%Y-%m-%d", date: "$date" } },
          timewithOffsetNY: {
            $dateToString: { format: "%H:%M:%S:%L%z", date: "$date", timezone: "America/New_York" },
          },
          timewithOffset430: {
            $dateToString: { format: "%H:%M:%S:%L%z", date: "$date", timezone: "+04:30" },
          },
          minutesOffsetNY: {
            $dateToString: { format: "%Z", date: "$date", timezone: "America/New_York" },
          },
          minutesOffset430: { $dateToString: { format: "%Z", date: "$date", timezone: "+04:30" } },
          defaultFormat: { $dateToString: { date: "$date" } },
          onNull: { $dateToString: { date: "$date", onNull: "no date" } },
        },
        "date_to_string",
      );

      expect(found).toEqual([
        {
          yearMonthDayUTC: "2014-01-01",
          timewithOffsetNY: "03:15:39:736-0500",
          timewithOffset430: "12:45:39:736+0430",
          minutesOffsetNY: "-300",
          minutesOffset430: "270",
          defaultFormat: "2014-01-01T08:15:39.736Z",
          onNull: "2014-01-01T08:15:39.736Z",
        },
        {
          yearMonthDayUTC: null,
          timewithOffsetNY: null,
          timewithOffset430: null,
          minutesOffsetNY: null,
          minutesOffset430: null,
          defaultFormat: null,
          onNull: "no date",
        },
      ]);
    });

    const cakeSales = [
      {
        _id: 0,
        type: "chocolate",
        orderDate: new Date("2020-05-18T14:10:30Z"),
        state: "CA",
        price: 13,
        quantity: 120,
      },
      {
        _id: 1,
        type: "chocolate",
        orderDate: new Date("2021-03-20T11:30:05Z"),
        state: "WA",
        price: 14,
        quantity: 140,
      },
      {
        _id: 2,
        type: "vanilla",
        orderDate: new Date("2021-01-11T06:31:15Z"),
        state: "CA",
        price: 12,
        quantity: 145,
      },
      {
        _id: 3,
        type: "vanilla",
        orderDate: new Date("2020-02-08T13:13:23Z"),
        state: "WA",
        price: 13,
        quantity: 104,
      },
      {
        _id: 4,
        type: "strawberry",
        orderDate: new Date("2019-05-18T16:09:01Z"),
        state: "CA",
        price: 41,
        quantity: 162,
      },
      {
        _id: 5,
        type: "strawberry",
        orderDate: new Date("2019-01-08T06:12:03Z"),
        state: "WA",
        price: 43,
        quantity: 134,
      },
    ];

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/dateTrunc/
    it("$dateTrunc truncates to two weeks starting on Monday in a time zone", async () => {
      const found = await project(
        cakeSales,
        {
          $dateTrunc: {
            date: "$orderDate",
            unit: "week",
            binSize: 2,
            timezone: "America/Los_Angeles",
            startOfWeek: "Monday",
          },
        },
        "date_trunc_week",
      );

      expect(found).toEqual([
        new Date("2020-05-11T07:00:00.000Z"),
        new Date("2021-03-15T07:00:00.000Z"),
        new Date("2021-01-04T08:00:00.000Z"),
        new Date("2020-02-03T08:00:00.000Z"),
        new Date("2019-05-13T07:00:00.000Z"),
        new Date("2019-01-07T08:00:00.000Z"),
      ]);
    });

    it("$dateTrunc groups by six months, and truncates to months, quarters and years", async () => {
      const collection = fresh("date_trunc_group");
      await collection.insertMany(cakeSales);

      const grouped = await collection
        .aggregate([
          {
            $group: {
              _id: {
                truncatedOrderDate: {
                  $dateTrunc: { date: "$orderDate", unit: "month", binSize: 6 },
                },
              },
              sumQuantity: { $sum: "$quantity" },
            },
          },
          { $sort: { "_id.truncatedOrderDate": 1 } },
        ])
        .toArray();
      const units = await Promise.all(
        ["month", "quarter", "year"].map((unit) =>
          evaluate({ $dateTrunc: { date: new Date("2021-08-20T11:30:05Z"), unit } }),
        ),
      );

      expect(grouped).toEqual([
        { _id: { truncatedOrderDate: new Date("2019-01-01T00:00:00.000Z") }, sumQuantity: 296 },
        { _id: { truncatedOrderDate: new Date("2020-01-01T00:00:00.000Z") }, sumQuantity: 224 },
        { _id: { truncatedOrderDate: new Date("2021-01-01T00:00:00.000Z") }, sumQuantity: 285 },
      ]);
      expect(units).toEqual([
        new Date("2021-08-01T00:00:00Z"),
        new Date("2021-07-01T00:00:00Z"),
        new Date("2021-01-01T00:00:00Z"),
      ]);
    });
  });

  describe("type, object and variables", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/toString/
    it("$toString converts values to strings", async () => {
      const objectId = new ObjectId("5ab9cbfa31c2ab715d42129e");
      const results = await Promise.all([
        evaluate({ $toString: true }),
        evaluate({ $toString: 2.5 }),
        evaluate({ $toString: 2 }),
        evaluate({ $toString: new Date("2018-03-27T16:58:51.538Z") }),
        evaluate({ $toString: objectId }),
        evaluate({ $toString: null }),
      ]);
      const zipcodes = await project(
        [
          { _id: 1, item: "apple", qty: 5, zipcode: 12345 },
          { _id: 2, item: "pie", qty: 10, zipcode: 11111 },
          { _id: 3, item: "ice cream", zipcode: "12345" },
          { _id: 4, item: "almonds", qty: 2, zipcode: "12345-0000" },
        ],
        { $toString: "$zipcode" },
        "to_string",
      );

      expect(results).toEqual([
        "true",
        "2.5",
        "2",
        "2018-03-27T16:58:51.538Z",
        "5ab9cbfa31c2ab715d42129e",
        null,
      ]);
      expect(zipcodes).toEqual(["12345", "11111", "12345", "12345-0000"]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/type/
    it("$type names the BSON type, arrays included, and missing fields", async () => {
      const found = await project(
        [
          { _id: 0, a: new Double(8.5) },
          { _id: 1, a: [41.63, 88.19] },
          { _id: 2, a: { a: "apple", b: "banana", c: "carrot" } },
          { _id: 3, a: "caribou" },
          { _id: 5 },
          { _id: 6, a: null },
          { _id: 7, a: new ObjectId("5ab9cbfa31c2ab715d42129e") },
          { _id: 8, a: true },
          { _id: 9, a: new Date("2020-01-01T00:00:00Z") },
          { _id: 10, a: /a/ },
        ],
        { $type: "$a" },
        "type_expr",
      );
      const literals = await Promise.all([
        evaluate({ $type: "a" }),
        evaluate({ $type: /a/ }),
        evaluate({ $type: { $literal: { x: 1 } } }),
        evaluate({ $type: [[1, 2, 3]] }),
      ]);

      expect(found).toEqual([
        "double",
        "array",
        "object",
        "string",
        "missing",
        "null",
        "objectId",
        "bool",
        "date",
        "regex",
      ]);
      expect(literals).toEqual(["string", "regex", "object", "array"]);
    });

    // The embedded store does not keep numbers' BSON types; it refuses the question instead.
    it.skipIf(!realMongoUri)(
      "$type tells 32-bit integers, 64-bit integers and doubles apart",
      async () => {
        const found = await project(
          [
            { _id: 0, a: new Double(8) },
            { _id: 1, a: 8 },
            { _id: 2, a: Long.fromNumber(71) },
          ],
          { $type: "$a" },
          "type_numbers",
        );

        expect(found).toEqual(["double", "int", "long"]);
      },
    );

    it.skipIf(realMongoUri)("$type refuses to name a number's BSON type", async () => {
      const fractional = await project(
        [{ _id: 0, a: new Double(8.5) }],
        { $type: "$a" },
        "type_ok",
      );

      expect(fractional).toEqual(["double"]);
      await expectRefusal(
        store,
        project([{ _id: 0, a: new Double(8) }], { $type: "$a" }, "type_refused"),
        "$type",
      );
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/mergeObjects/
    it("$mergeObjects merges documents, later fields winning, ignoring null", async () => {
      const results = await Promise.all([
        evaluate({ $mergeObjects: [{ a: 1 }, null] }),
        evaluate({ $mergeObjects: [null, null] }),
        evaluate({ $mergeObjects: [{ a: 1 }, { a: 2, b: 2 }, { a: 3, c: 3 }] }),
        evaluate({ $mergeObjects: [{ a: 1 }, { a: 2, b: 2 }, { a: 3, b: null, c: 3 }] }),
      ]);

      expect(results).toEqual([{ a: 1 }, {}, { a: 3, b: 2, c: 3 }, { a: 3, b: null, c: 3 }]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/literal/
    it("$literal keeps a value unevaluated", async () => {
      const store1 = await project(
        [
          { _id: 1, item: "napkins", price: "$2.50" },
          { _id: 2, item: "coffee", price: "1" },
          { _id: 3, item: "tea", price: "$.99" },
          { _id: 4, item: "cups", price: "$1" },
        ],
        { $eq: ["$price", { $literal: "$1" }] },
        "literal",
      );
      const expression = await evaluate({ $literal: { $add: [2, 3] } });
      const editionNumber = await evaluate({ $literal: 1 });

      expect(store1).toEqual([false, false, false, true]);
      expect(expression).toEqual({ $add: [2, 3] });
      expect(editionNumber).toBe(1);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/let/
    it("$let binds variables for an expression", async () => {
      const found = await project(
        [
          { _id: 1, price: 10, tax: 0.5, applyDiscount: true },
          { _id: 2, price: 10, tax: 0.25, applyDiscount: false },
        ],
        {
          $let: {
            vars: {
              total: { $add: ["$price", "$tax"] },
              discounted: { $cond: { if: "$applyDiscount", then: 0.9, else: 1 } },
            },
            in: { $multiply: ["$$total", "$$discounted"] },
          },
        },
        "let",
      );

      expect(found).toEqual([9.450000000000001, 10.25]);
    });
  });

  describe("expressions the store does not claim", () => {
    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/sqrt/
    it.skipIf(realMongoUri)("refuses $sqrt with an error and keeps serving", async () => {
      await expectRefusal(store, evaluate({ $sqrt: 25 }), "$sqrt");
    });

    // https://www.mongodb.com/docs/manual/reference/operator/aggregation/function/
    it.skipIf(realMongoUri)("refuses $function with an error and keeps serving", async () => {
      await expectRefusal(
        store,
        evaluate({ $function: { body: "function() { return 1; }", args: [], lang: "js" } }),
        "$function",
      );
    });
  });
});
