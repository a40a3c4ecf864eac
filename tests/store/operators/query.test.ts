// Query operators the store claims (src/store/query/operators.ts), through the official driver,
// with the expected results of MongoDB's manual.
import { Double, Int32, Long, MaxKey, MinKey, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";

import { realMongoUri, storeModes, useTestStore } from "../../support/store.js";
import { expectRefusal, freshCollection, rejection } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  const fresh = (name: string) => freshCollection(store, name);

  const ids = (documents: { _id: unknown }[]) => documents.map((document) => document._id);

  // https://www.mongodb.com/docs/manual/reference/operator/query/eq/
  describe("$eq", () => {
    const inventory = [
      { _id: 1, item: { name: "ab", code: "123" }, qty: 15, tags: ["A", "B", "C"] },
      { _id: 2, item: { name: "cd", code: "123" }, qty: 20, tags: ["B"] },
      { _id: 3, item: { name: "ij", code: "456" }, qty: 25, tags: ["A", "B"] },
      { _id: 4, item: { name: "xy", code: "456" }, qty: 30, tags: ["B", "A"] },
      { _id: 5, item: { name: "mn", code: "000" }, qty: 20, tags: [["A", "B"], "C"] },
    ];

    it("matches a value, explicitly and implicitly", async () => {
      const collection = fresh("eq_value");
      await collection.insertMany(inventory);

      const explicit = await collection.find({ qty: { $eq: 20 } }).toArray();
      const implicit = await collection.find({ qty: 20 }).toArray();

      expect(explicit).toEqual([inventory[1], inventory[4]]);
      expect(implicit).toEqual(explicit);
    });

    it("matches a field of an embedded document", async () => {
      const collection = fresh("eq_embedded");
      await collection.insertMany(inventory);

      const found = await collection.find({ "item.name": { $eq: "ab" } }).toArray();

      expect(found).toEqual([inventory[0]]);
    });

    it("matches an array element", async () => {
      const collection = fresh("eq_element");
      await collection.insertMany(inventory);

      const found = await collection.find({ tags: { $eq: "B" } }).toArray();

      expect(ids(found)).toEqual([1, 2, 3, 4]);
    });

    it("matches a whole array, or an element that is that array, in order", async () => {
      const collection = fresh("eq_array");
      await collection.insertMany(inventory);

      const found = await collection.find({ tags: { $eq: ["A", "B"] } }).toArray();

      expect(ids(found)).toEqual([3, 5]);
    });

    it("matches a document only with its fields in the same order", async () => {
      const collection = fresh("eq_document");
      await collection.insertMany(inventory);

      const sameOrder = await collection.find({ item: { name: "ab", code: "123" } }).toArray();
      const otherOrder = await collection
        .find({ item: { $eq: { code: "123", name: "ab" } } })
        .toArray();
      const inList = await collection
        .find({ item: { $in: [{ code: "123", name: "cd" }] } })
        .toArray();
      const notEqual = await collection
        .find({ item: { $ne: { name: "ab", code: "123" } } })
        .toArray();

      expect(ids(sameOrder)).toEqual([1]);
      expect(otherOrder).toEqual([]);
      expect(inList).toEqual([]);
      expect(ids(notEqual)).toEqual([2, 3, 4, 5]);
    });

    it("matches a regular expression only as a value, unlike the implicit form", async () => {
      const collection = fresh("eq_regex");
      await collection.insertMany([
        { _id: 1, company: "MongoDB" },
        { _id: 2, company: "MongoDB2" },
      ]);

      const explicit = await collection.find({ company: { $eq: /MongoDB/ } }).toArray();
      const implicit = await collection
        .find({ company: /MongoDB/ }, { projection: { _id: 0 } })
        .toArray();

      expect(explicit).toEqual([]);
      expect(implicit).toEqual([{ company: "MongoDB" }, { company: "MongoDB2" }]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/ne/
  describe("$ne", () => {
    it("selects documents whose value differs, including those without the field", async () => {
      const collection = fresh("ne");
      await collection.insertMany([
        { _id: 1, qty: 20 },
        { _id: 2, qty: 25 },
        { _id: 3 },
        { _id: 4, qty: [20, 30] },
        { _id: 5, qty: [5, 15] },
      ]);

      const found = await collection.find({ qty: { $ne: 20 } }).toArray();

      expect(ids(found)).toEqual([2, 3, 5]);
    });

    it("selects through a missing embedded document", async () => {
      const collection = fresh("ne_embedded");
      await collection.insertMany([
        { _id: 1, carrier: { state: "NY" } },
        { _id: 2, carrier: { state: "NJ" } },
        { _id: 3, carrier: {} },
        { _id: 4 },
      ]);

      const found = await collection.find({ "carrier.state": { $ne: "NY" } }).toArray();

      expect(ids(found)).toEqual([2, 3, 4]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/gt/
  // https://www.mongodb.com/docs/manual/reference/operator/query/gte/
  // https://www.mongodb.com/docs/manual/reference/operator/query/lt/
  // https://www.mongodb.com/docs/manual/reference/operator/query/lte/
  describe("$gt, $gte, $lt, $lte", () => {
    const inventory = [
      { _id: 1, item: "nuts", quantity: 30, carrier: { name: "Shipit", fee: 3 } },
      { _id: 2, item: "bolts", quantity: 50, carrier: { name: "Shipit", fee: 4 } },
      { _id: 3, item: "washers", quantity: 10, carrier: { name: "Shipit", fee: 1 } },
      { _id: 4, item: "screws", quantity: 20, carrier: { name: "Shipit", fee: 2 } },
    ];

    it("compares with a number", async () => {
      const collection = fresh("cmp");
      await collection.insertMany(inventory);

      const gt = await collection.find({ quantity: { $gt: 20 } }).toArray();
      const gte = await collection.find({ quantity: { $gte: 20 } }).toArray();
      const lt = await collection.find({ quantity: { $lt: 20 } }).toArray();
      const lte = await collection.find({ quantity: { $lte: 20 } }).toArray();

      expect(ids(gt)).toEqual([1, 2]);
      expect(ids(gte)).toEqual([1, 2, 4]);
      expect(ids(lt)).toEqual([3]);
      expect(ids(lte)).toEqual([3, 4]);
    });

    it("compares a field of an embedded document", async () => {
      const collection = fresh("cmp_embedded");
      await collection.insertMany(inventory);

      const found = await collection.find({ "carrier.fee": { $gt: 2 } }).toArray();

      expect(ids(found)).toEqual([1, 2]);
    });

    it("compares only values of the same BSON type (type bracketing)", async () => {
      // https://www.mongodb.com/docs/manual/reference/method/db.collection.find/#query-for-ranges
      const collection = fresh("cmp_types");
      await collection.insertMany([
        { _id: 1, v: 5 },
        { _id: 2, v: "7" },
        { _id: 3, v: null },
        { _id: 4, v: new Date("2020-01-01T00:00:00Z") },
        { _id: 5, v: Long.fromNumber(9) },
        { _id: 6, v: new Double(2.5) },
      ]);

      const numbers = await collection.find({ v: { $gt: 3 } }).toArray();
      const strings = await collection.find({ v: { $lt: "9" } }).toArray();
      const dates = await collection
        .find({ v: { $gte: new Date("2019-01-01T00:00:00Z") } })
        .toArray();

      expect(ids(numbers)).toEqual([1, 5]);
      expect(ids(strings)).toEqual([2]);
      expect(ids(dates)).toEqual([4]);
    });

    it("compares embedded documents field by field, in order", async () => {
      // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/#objects
      const collection = fresh("cmp_documents");
      await collection.insertMany([
        { _id: 1, v: { name: "ab", code: "123" } },
        { _id: 2, v: { code: "123", name: "ab" } },
        { _id: 3, v: { name: "a" } },
        { _id: 4, v: "name" },
      ]);

      const greater = await collection.find({ v: { $gt: { name: "a" } } }).toArray();
      const lessOrEqual = await collection.find({ v: { $lte: { name: "a" } } }).toArray();

      expect(ids(greater)).toEqual([1]);
      expect(ids(lessOrEqual)).toEqual([2, 3]);
    });

    it("matches when any array element satisfies the comparison", async () => {
      const collection = fresh("cmp_array");
      await collection.insertMany([
        { _id: 1, scores: [1, 9] },
        { _id: 2, scores: [3, 4] },
      ]);

      const found = await collection.find({ scores: { $gt: 5 } }).toArray();

      expect(ids(found)).toEqual([1]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/in/
  describe("$in", () => {
    it("selects documents whose value equals any listed value", async () => {
      const collection = fresh("in_values");
      await collection.insertMany([
        { _id: 1, qty: 5 },
        { _id: 2, qty: 10 },
        { _id: 3, qty: 15 },
        { _id: 4 },
      ]);

      const found = await collection.find({ qty: { $in: [5, 15] } }).toArray();

      expect(ids(found)).toEqual([1, 3]);
    });

    it("selects arrays holding at least one listed value, and updates them", async () => {
      const collection = fresh("in_array");
      await collection.insertMany([
        { _id: 1, item: "abc", qty: 10, tags: ["school", "clothing"], sale: false },
        { _id: 2, item: "xyz", qty: 20, tags: ["electronics"], sale: false },
      ]);

      await collection.updateMany(
        { tags: { $in: ["appliances", "school"] } },
        { $set: { sale: true } },
      );

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, item: "abc", qty: 10, tags: ["school", "clothing"], sale: true },
        { _id: 2, item: "xyz", qty: 20, tags: ["electronics"], sale: false },
      ]);
    });

    it("accepts regular expressions", async () => {
      const collection = fresh("in_regex");
      await collection.insertMany([
        { _id: 1, tags: ["best", "seller"] },
        { _id: 2, tags: ["stock"] },
        { _id: 3, tags: ["old"] },
      ]);

      const found = await collection.find({ tags: { $in: [/^be/, /^st/] } }).toArray();

      expect(ids(found)).toEqual([1, 2]);
    });

    it("compares numbers by value whatever their BSON type, and documents and arrays whole", async () => {
      const collection = fresh("in_types");
      const id = new ObjectId();
      await collection.insertMany([
        { _id: 1, v: new Int32(5) },
        { _id: 2, v: Long.fromNumber(5) },
        { _id: 3, v: new Double(5) },
        { _id: 4, v: "5" },
        { _id: 5, v: [[1, 2], 3] },
        { _id: 6, v: { a: 1 } },
        { _id: 7, v: id },
        { _id: 8, v: new Date(5) },
      ]);

      const numbers = await collection.find({ v: { $in: [Long.fromNumber(5)] } }).toArray();
      const others = await collection
        .find({ v: { $in: [[1, 2], { a: 1 }, new ObjectId(id.toHexString()), new Date(5)] } })
        .toArray();

      expect(ids(numbers)).toEqual([1, 2, 3]);
      expect(ids(others)).toEqual([5, 6, 7, 8]);
    });

    it("matches null against null and a missing field", async () => {
      // https://www.mongodb.com/docs/manual/tutorial/query-for-null-fields/
      const collection = fresh("in_null");
      await collection.insertMany([{ _id: 1, item: null }, { _id: 2 }, { _id: 3, item: "x" }]);

      const found = await collection.find({ item: { $in: [null] } }).toArray();

      expect(ids(found)).toEqual([1, 2]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/nin/
  describe("$nin", () => {
    it("selects values not listed, including documents without the field", async () => {
      const collection = fresh("nin");
      await collection.insertMany([
        { _id: 1, qty: 5 },
        { _id: 2, qty: 10 },
        { _id: 3, qty: 15 },
        { _id: 4 },
      ]);

      const found = await collection.find({ qty: { $nin: [5, 15] } }).toArray();

      expect(ids(found)).toEqual([2, 4]);
    });

    it("selects arrays with no listed element", async () => {
      const collection = fresh("nin_array");
      await collection.insertMany([
        { _id: 1, tags: ["school", "clothing"] },
        { _id: 2, tags: ["electronics"] },
        { _id: 3 },
      ]);

      await collection.updateMany(
        { tags: { $nin: ["appliances", "school"] } },
        { $set: { sale: false } },
      );

      expect(await collection.find().toArray()).toEqual([
        { _id: 1, tags: ["school", "clothing"] },
        { _id: 2, tags: ["electronics"], sale: false },
        { _id: 3, sale: false },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/and/
  // https://www.mongodb.com/docs/manual/reference/operator/query/or/
  // https://www.mongodb.com/docs/manual/reference/operator/query/nor/
  describe("$and, $or, $nor", () => {
    const inventory = [
      { _id: 1, price: 1.99, qty: 10, sale: true },
      { _id: 2, price: 1.99, qty: 30, sale: true },
      { _id: 3, price: 2.5, qty: 10, sale: false },
      { _id: 4, price: 2.5, qty: 30 },
      { _id: 5, qty: 50, sale: false },
      { _id: 6 },
    ];

    it("$and selects documents satisfying every expression", async () => {
      const collection = fresh("and");
      await collection.insertMany(inventory);

      const explicit = await collection
        .find({ $and: [{ price: 1.99 }, { qty: { $lt: 20 } }, { sale: true }] })
        .toArray();
      const implicit = await collection
        .find({ price: 1.99, qty: { $lt: 20 }, sale: true })
        .toArray();

      expect(ids(explicit)).toEqual([1]);
      expect(ids(implicit)).toEqual([1]);
    });

    it("$and combines two conditions on the same field", async () => {
      const collection = fresh("and_same_field");
      await collection.insertMany(inventory);

      const explicit = await collection
        .find({ $and: [{ price: { $ne: 1.99 } }, { price: { $exists: true } }] })
        .toArray();
      const combined = await collection.find({ price: { $ne: 1.99, $exists: true } }).toArray();

      expect(ids(explicit)).toEqual([3, 4]);
      expect(ids(combined)).toEqual([3, 4]);
    });

    it("$or selects documents satisfying at least one expression", async () => {
      // https://www.mongodb.com/docs/manual/reference/operator/query/or/
      const collection = fresh("or");
      await collection.insertMany(inventory);

      const found = await collection
        .find({ $or: [{ qty: { $lt: 20 } }, { price: 2.5 }] })
        .toArray();

      expect(ids(found)).toEqual([1, 3, 4]);
    });

    it("$nor selects documents failing every expression, missing fields included", async () => {
      const collection = fresh("nor");
      await collection.insertMany(inventory);

      const two = await collection.find({ $nor: [{ price: 1.99 }, { sale: true }] }).toArray();
      const three = await collection
        .find({ $nor: [{ price: 1.99 }, { qty: { $lt: 20 } }, { sale: true }] })
        .toArray();
      const withExists = await collection
        .find({
          $nor: [
            { price: 1.99 },
            { price: { $exists: false } },
            { sale: true },
            { sale: { $exists: false } },
          ],
        })
        .toArray();

      expect(ids(two)).toEqual([3, 4, 5, 6]);
      expect(ids(three)).toEqual([4, 5, 6]);
      expect(ids(withExists)).toEqual([3]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/not/
  describe("$not", () => {
    const inventory = [
      { _id: 1, item: "paper", price: 1.5 },
      { _id: 2, item: "pencil", price: 1.99 },
      { _id: 3, item: "eraser", price: 2.5 },
      { _id: 4, item: "stapler" },
    ];

    it("negates an operator expression, selecting documents without the field too", async () => {
      const collection = fresh("not");
      await collection.insertMany(inventory);

      const notGreater = await collection.find({ price: { $not: { $gt: 1.99 } } }).toArray();
      const lessOrEqual = await collection.find({ price: { $lte: 1.99 } }).toArray();

      expect(ids(notGreater)).toEqual([1, 2, 4]);
      expect(ids(lessOrEqual)).toEqual([1, 2]);
    });

    it("negates a regular expression object and a $regex expression", async () => {
      const collection = fresh("not_regex");
      await collection.insertMany(inventory);

      const object = await collection.find({ item: { $not: /^p.*/ } }).toArray();
      const operator = await collection.find({ item: { $not: { $regex: "^p.*" } } }).toArray();

      expect(ids(object)).toEqual([3, 4]);
      expect(ids(operator)).toEqual([3, 4]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/exists/
  describe("$exists", () => {
    const records = [
      { _id: 1, a: 5, b: 5, c: null },
      { _id: 2, a: 3, b: null, c: 8 },
      { _id: 3, a: null, b: 3, c: 9 },
      { _id: 4, a: 1, b: 2, c: 3 },
      { _id: 5, a: 2, c: 5 },
      { _id: 6, a: 3, b: 2 },
      { _id: 7, a: 4 },
      { _id: 8, b: 2, c: 4 },
      { _id: 9, b: 2 },
      { _id: 10, c: 6 },
    ];

    it("true matches documents with the field, null values included", async () => {
      const collection = fresh("exists_true");
      await collection.insertMany(records);

      const found = await collection.find({ a: { $exists: true } }).toArray();

      expect(ids(found)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it("false matches documents without the field", async () => {
      const collection = fresh("exists_false");
      await collection.insertMany(records);

      const withoutB = await collection.find({ b: { $exists: false } }).toArray();
      const withoutC = await collection.find({ c: { $exists: false } }).toArray();

      expect(ids(withoutB)).toEqual([5, 7, 10]);
      expect(ids(withoutC)).toEqual([6, 7, 9]);
    });

    it("combines with $nin", async () => {
      const collection = fresh("exists_nin");
      await collection.insertMany([{ _id: 1, qty: 5 }, { _id: 2, qty: 10 }, { _id: 3 }]);

      const found = await collection.find({ qty: { $exists: true, $nin: [5, 15] } }).toArray();

      expect(ids(found)).toEqual([2]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/type/
  describe("$type", () => {
    const addressBook = [
      { _id: 1, address: "2030 Martian Way", zipCode: "90698345" },
      { _id: 2, address: "156 Lunar Place", zipCode: new Double(43339374) },
      { _id: 3, address: "2324 Pluto Place", zipCode: Long.fromNumber(3921412) },
      { _id: 4, address: "55 Saturn Ring", zipCode: new Int32(88602117) },
      { _id: 5, address: "104 Venus Drive", zipCode: ["834847278", "1893289032"] },
    ];

    it("selects by BSON type number and by alias; arrays match on an element", async () => {
      const collection = fresh("type_string");
      await collection.insertMany(addressBook);

      const byNumber = await collection.find({ zipCode: { $type: 2 } }).toArray();
      const byAlias = await collection.find({ zipCode: { $type: "string" } }).toArray();

      expect(ids(byNumber)).toEqual([1, 5]);
      expect(ids(byAlias)).toEqual([1, 5]);
    });

    it('"number" matches doubles, 32-bit and 64-bit integers', async () => {
      const collection = fresh("type_number");
      await collection.insertMany(addressBook);

      const found = await collection.find({ zipCode: { $type: "number" } }).toArray();

      expect(ids(found)).toEqual([2, 3, 4]);
    });

    // The embedded store does not keep numbers' BSON types; it refuses these (see below).
    it.skipIf(!realMongoUri)("tells doubles, ints and longs apart", async () => {
      const collection = fresh("type_numeric");
      await collection.insertMany(addressBook);

      const doubles = await collection.find({ zipCode: { $type: "double" } }).toArray();
      const ints = await collection.find({ zipCode: { $type: "int" } }).toArray();
      const longs = await collection.find({ zipCode: { $type: 18 } }).toArray();

      expect(ids(doubles)).toEqual([2]);
      expect(ids(ints)).toEqual([4]);
      expect(ids(longs)).toEqual([3]);
    });

    it.skipIf(!realMongoUri)("accepts a list of types", async () => {
      const collection = fresh("type_list");
      await collection.insertMany([
        { _id: 1, name: "Alice King", classAverage: 87.33333333333333 },
        { _id: 2, name: "Bob Jenkins", classAverage: "83.52" },
        { _id: 3, name: "Cathy Hart", classAverage: "94.06" },
        { _id: 4, name: "Drew Williams", classAverage: new Int32(93) },
      ]);

      const found = await collection.find({ classAverage: { $type: [2, 1] } }).toArray();

      expect(ids(found)).toEqual([1, 2, 3]);
    });

    it('"array" matches fields that are arrays themselves', async () => {
      const collection = fresh("type_array");
      await collection.insertMany([
        { _id: 1, readings: [25, 23, ["Hot", "Hot", "Hot"]] },
        { _id: 2, readings: ["Cold"] },
        { _id: 3, readings: "Warm" },
        { _id: 4, readings: [] },
      ]);

      const found = await collection.find({ readings: { $type: "array" } }).toArray();

      expect(ids(found)).toEqual([1, 2, 4]);
    });

    it("matches the other BSON types by alias", async () => {
      const collection = fresh("type_others");
      const objectId = new ObjectId();
      await collection.insertMany([
        { _id: 1, v: { nested: true } },
        { _id: 2, v: objectId },
        { _id: 3, v: false },
        { _id: 4, v: new Date("2020-01-01T00:00:00Z") },
        { _id: 5, v: null },
        { _id: 6, v: /abc/ },
        { _id: 7, v: new MinKey() },
        { _id: 8, v: new MaxKey() },
      ]);

      const aliases = ["object", "objectId", "bool", "date", "null", "regex", "minKey", "maxKey"];
      const found = await Promise.all(
        aliases.map(async (alias) => ids(await collection.find({ v: { $type: alias } }).toArray())),
      );

      expect(found).toEqual([[1], [2], [3], [4], [5], [6], [7], [8]]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/regex/
  describe("$regex", () => {
    const products = [
      { _id: 100, sku: "abc123", description: "Single line description." },
      { _id: 101, sku: "abc789", description: "First line\nSecond line" },
      { _id: 102, sku: "xyz456", description: "Many spaces before     line" },
      { _id: 103, sku: "xyz789", description: "Multiple\nline description" },
    ];

    it("performs a LIKE match", async () => {
      const collection = fresh("regex_like");
      await collection.insertMany(products);

      const found = await collection.find({ sku: { $regex: /789$/ } }).toArray();

      expect(ids(found)).toEqual([101, 103]);
    });

    it("matches case-insensitively with i", async () => {
      const collection = fresh("regex_i");
      await collection.insertMany(products);

      const literal = await collection.find({ sku: { $regex: /^ABC/i } }).toArray();
      const options = await collection.find({ sku: { $regex: "^ABC", $options: "i" } }).toArray();

      expect(ids(literal)).toEqual([100, 101]);
      expect(ids(options)).toEqual([100, 101]);
    });

    it("anchors at each line with m, and at the string start without it", async () => {
      const collection = fresh("regex_m");
      await collection.insertMany(products);

      const multiline = await collection
        .find({ description: { $regex: /^S/, $options: "m" } })
        .toArray();
      const single = await collection.find({ description: { $regex: /^S/ } }).toArray();
      const unanchored = await collection.find({ description: { $regex: /S/ } }).toArray();

      expect(ids(multiline)).toEqual([100, 101]);
      expect(ids(single)).toEqual([100]);
      expect(ids(unanchored)).toEqual([100, 101]);
    });

    it("lets the dot match new lines with s", async () => {
      const collection = fresh("regex_s");
      await collection.insertMany(products);

      const dotAll = await collection
        .find({ description: { $regex: /m.*line/, $options: "si" } })
        .toArray();
      const withoutS = await collection
        .find({ description: { $regex: /m.*line/, $options: "i" } })
        .toArray();

      expect(ids(dotAll)).toEqual([102, 103]);
      expect(ids(withoutS)).toEqual([102]);
    });

    it("ignores white space and # comments in the pattern with x", async () => {
      const collection = fresh("regex_x");
      await collection.insertMany(products);
      const pattern = "abc #category code\n123 #item number";

      const found = await collection.find({ sku: { $regex: pattern, $options: "x" } }).toArray();

      expect(ids(found)).toEqual([100]);
    });

    it("combines with other conditions on the field", async () => {
      const collection = fresh("regex_and");
      await collection.insertMany([
        { _id: 1, name: "acmeblahcorp" },
        { _id: 2, name: "ACME corp" },
        { _id: 3, name: "other" },
      ]);

      const found = await collection
        .find({ name: { $regex: "acme.*corp", $options: "i", $nin: ["acmeblahcorp"] } })
        .toArray();

      expect(ids(found)).toEqual([2]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/mod/
  describe("$mod", () => {
    const inventory = [
      { _id: 1, item: "abc123", qty: 0 },
      { _id: 2, item: "xyz123", qty: 5 },
      { _id: 3, item: "ijk123", qty: 12 },
    ];

    it("selects by divisor and remainder", async () => {
      const collection = fresh("mod");
      await collection.insertMany(inventory);

      const found = await collection.find({ qty: { $mod: [4, 0] } }).toArray();

      expect(found).toEqual([inventory[0], inventory[2]]);
    });

    it("rounds a decimal divisor towards zero", async () => {
      const collection = fresh("mod_float");
      await collection.insertMany(inventory);

      const found = await collection.find({ qty: { $mod: [4.5, 0] } }).toArray();

      expect(ids(found)).toEqual([1, 3]);
    });

    it("refuses a malformed argument array", async () => {
      const collection = fresh("mod_malformed");
      await collection.insertMany(inventory);

      const tooFew = await rejection(collection.find({ qty: { $mod: [4] } }).toArray());
      const tooMany = await rejection(collection.find({ qty: { $mod: [4, 1, 2, 3] } }).toArray());

      expect(tooFew.message).toContain("malformed mod, not enough elements");
      expect(tooMany.message).toContain("malformed mod, too many elements");
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/expr/
  describe("$expr", () => {
    it("compares two fields of the same document", async () => {
      const collection = fresh("expr_fields");
      await collection.insertMany([
        { _id: 1, category: "food", budget: 400, spent: 450 },
        { _id: 2, category: "drinks", budget: 100, spent: 150 },
        { _id: 3, category: "clothes", budget: 100, spent: 50 },
        { _id: 4, category: "misc", budget: 500, spent: 300 },
        { _id: 5, category: "travel", budget: 200, spent: 650 },
      ]);

      const found = await collection.find({ $expr: { $gt: ["$spent", "$budget"] } }).toArray();

      expect(ids(found)).toEqual([1, 2, 5]);
    });

    it("evaluates conditional expressions", async () => {
      const collection = fresh("expr_cond");
      await collection.insertMany([
        { _id: 1, item: "binder", qty: 100, price: 12 },
        { _id: 2, item: "notebook", qty: 200, price: 8 },
        { _id: 3, item: "pencil", qty: 50, price: 6 },
        { _id: 4, item: "eraser", qty: 150, price: 3 },
      ]);

      const found = await collection
        .find({
          $expr: {
            $lt: [
              {
                $cond: {
                  if: { $gte: ["$qty", 100] },
                  then: { $divide: ["$price", 2] },
                  else: { $divide: ["$price", 4] },
                },
              },
              5,
            ],
          },
        })
        .toArray();

      expect(ids(found)).toEqual([2, 3, 4]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/all/
  describe("$all", () => {
    const inventory = [
      {
        _id: 1,
        code: "xyz",
        tags: ["school", "book", "bag", "headphone", "appliance"],
        qty: [
          { size: "S", num: 10, color: "blue" },
          { size: "M", num: 45, color: "blue" },
          { size: "L", num: 100, color: "green" },
        ],
      },
      {
        _id: 2,
        code: "abc",
        tags: ["appliance", "school", "book"],
        qty: [
          { size: "6", num: 100, color: "green" },
          { size: "6", num: 50, color: "blue" },
          { size: "8", num: 100, color: "brown" },
        ],
      },
      {
        _id: 3,
        code: "efg",
        tags: ["school", "book"],
        qty: [
          { size: "S", num: 10, color: "blue" },
          { size: "M", num: 100, color: "blue" },
          { size: "L", num: 100, color: "green" },
        ],
      },
      {
        _id: 4,
        code: "ijk",
        tags: ["electronics", "school"],
        qty: [{ size: "M", num: 100, color: "green" }],
      },
    ];

    it("selects arrays containing every listed value", async () => {
      const collection = fresh("all");
      await collection.insertMany(inventory);

      const found = await collection
        .find({ tags: { $all: ["appliance", "school", "book"] } })
        .toArray();

      expect(found).toEqual([inventory[0], inventory[1]]);
    });

    it("combines with $elemMatch", async () => {
      const collection = fresh("all_elem_match");
      await collection.insertMany(inventory);

      const found = await collection
        .find({
          qty: {
            $all: [
              { $elemMatch: { size: "M", num: { $gt: 50 } } },
              { $elemMatch: { num: 100, color: "green" } },
            ],
          },
        })
        .toArray();

      expect(found).toEqual([inventory[2], inventory[3]]);
    });

    it("selects a non-array field like an equality", async () => {
      const collection = fresh("all_scalar");
      await collection.insertMany([
        { _id: 1, qty: 50 },
        { _id: 2, qty: 40 },
      ]);

      const all = await collection.find({ qty: { $all: [50] } }).toArray();
      const equal = await collection.find({ qty: 50 }).toArray();

      expect(ids(all)).toEqual([1]);
      expect(equal).toEqual(all);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/elemMatch/
  describe("$elemMatch (query)", () => {
    it("requires one element to satisfy every condition", async () => {
      const collection = fresh("elem_match");
      await collection.insertMany([
        { _id: 1, results: [82, 85, 88] },
        { _id: 2, results: [75, 88, 89] },
      ]);

      const found = await collection
        .find({ results: { $elemMatch: { $gte: 80, $lt: 85 } } })
        .toArray();

      expect(found).toEqual([{ _id: 1, results: [82, 85, 88] }]);
    });

    it("matches embedded documents on several fields of the same element", async () => {
      const collection = fresh("elem_match_docs");
      await collection.insertMany([
        {
          _id: 1,
          array: [
            { value1: 1, value2: 0 },
            { value1: 2, value2: 2 },
          ],
        },
        {
          _id: 2,
          array: [
            { value1: 1, value2: 0 },
            { value1: 1, value2: 2 },
          ],
        },
      ]);

      const found = await collection
        .find({ array: { $elemMatch: { value1: 1, value2: { $gt: 1 } } } })
        .toArray();

      expect(ids(found)).toEqual([2]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/query/size/
  describe("$size (query)", () => {
    it("matches arrays with exactly that many elements", async () => {
      const collection = fresh("size");
      await collection.insertMany([
        { _id: 1, field: ["red", "green"] },
        { _id: 2, field: ["apple", "lime"] },
        { _id: 3, field: "fruit" },
        { _id: 4, field: ["orange", "lemon", "grapefruit"] },
        { _id: 5, field: ["one"] },
      ]);

      const two = await collection.find({ field: { $size: 2 } }).toArray();
      const one = await collection.find({ field: { $size: 1 } }).toArray();

      expect(ids(two)).toEqual([1, 2]);
      expect(ids(one)).toEqual([5]);
    });
  });

  describe("operators the store does not claim", () => {
    it.skipIf(realMongoUri)("refuses $type questions about numeric BSON types", async () => {
      const collection = fresh("type_numeric_refused");
      await collection.insertMany([
        { _id: 1, zipCode: new Double(2) },
        { _id: 2, zipCode: "x" },
      ]);

      await expectRefusal(
        store,
        collection.find({ zipCode: { $type: "double" } }).toArray(),
        "double",
      );
      await expectRefusal(store, collection.find({ zipCode: { $type: [2, 16] } }).toArray(), "int");
      expect(ids(await collection.find({ zipCode: { $type: "number" } }).toArray())).toEqual([1]);
    });

    // https://www.mongodb.com/docs/manual/reference/operator/query/where/
    it.skipIf(realMongoUri)("refuses $where with an error and keeps serving", async () => {
      const collection = fresh("where");
      await collection.insertOne({ _id: 1, a: 1 });

      await expectRefusal(store, collection.find({ $where: "this.a == 1" }).toArray(), "$where");
    });

    // https://www.mongodb.com/docs/manual/reference/operator/query/bitsAllSet/
    it.skipIf(realMongoUri)("refuses $bitsAllSet with an error and keeps serving", async () => {
      const collection = fresh("bits");
      await collection.insertOne({ _id: 1, a: 54 });

      await expectRefusal(
        store,
        collection.find({ a: { $bitsAllSet: [1, 5] } }).toArray(),
        "$bitsAllSet",
      );
    });
  });
});
