// Projection operators the store claims (src/store/query/operators.ts), through the official
// driver, with the expected results of MongoDB's manual.
import { describe, expect, it } from "vitest";

import { storeModes, useTestStore } from "../../support/store.js";
import { freshCollection } from "./support.js";

describe.each(storeModes)("store %s", (mode) => {
  const store = useTestStore(mode);
  const fresh = (name: string) => freshCollection(store, name);

  // https://www.mongodb.com/docs/manual/reference/operator/projection/elemMatch/
  describe("$elemMatch (projection)", () => {
    const schools = [
      {
        _id: 1,
        zipcode: "63109",
        students: [
          { name: "john", school: 102, age: 10 },
          { name: "jess", school: 102, age: 11 },
          { name: "jeff", school: 108, age: 15 },
        ],
      },
      {
        _id: 2,
        zipcode: "63110",
        students: [
          { name: "ajax", school: 100, age: 7 },
          { name: "achilles", school: 100, age: 8 },
        ],
      },
      {
        _id: 3,
        zipcode: "63109",
        students: [
          { name: "ajax", school: 100, age: 7 },
          { name: "achilles", school: 100, age: 8 },
        ],
      },
      {
        _id: 4,
        zipcode: "63109",
        students: [
          { name: "barney", school: 102, age: 7 },
          { name: "ruth", school: 102, age: 16 },
        ],
      },
    ];

    it("keeps only the first matching element, and drops the field when none matches", async () => {
      const collection = fresh("proj_elem_match");
      await collection.insertMany(schools);

      const found = await collection
        .find({ zipcode: "63109" }, { projection: { students: { $elemMatch: { school: 102 } } } })
        .toArray();

      expect(found).toEqual([
        { _id: 1, students: [{ name: "john", school: 102, age: 10 }] },
        { _id: 3 },
        { _id: 4, students: [{ name: "barney", school: 102, age: 7 }] },
      ]);
    });

    it("applies criteria on several fields", async () => {
      const collection = fresh("proj_elem_match_fields");
      await collection.insertMany(schools);

      const found = await collection
        .find(
          { zipcode: "63109" },
          { projection: { students: { $elemMatch: { school: 102, age: { $gt: 10 } } } } },
        )
        .toArray();

      expect(found).toEqual([
        { _id: 1, students: [{ name: "jess", school: 102, age: 11 }] },
        { _id: 3 },
        { _id: 4, students: [{ name: "ruth", school: 102, age: 16 }] },
      ]);
    });

    it("sorts before projecting", async () => {
      const collection = fresh("proj_elem_match_sort");
      await collection.insertMany(schools);

      const found = await collection
        .find({ zipcode: "63109" }, { projection: { students: { $elemMatch: { school: 102 } } } })
        .sort({ "students.age": -1 })
        .toArray();

      expect(found).toEqual([
        { _id: 4, students: [{ name: "barney", school: 102, age: 7 }] },
        { _id: 1, students: [{ name: "john", school: 102, age: 10 }] },
        { _id: 3 },
      ]);
    });
  });

  // https://www.mongodb.com/docs/manual/reference/operator/projection/slice/
  describe("$slice (projection)", () => {
    const posts = [
      {
        _id: 1,
        title: "Bagels are not croissants.",
        comments: [{ comment: "0. true" }, { comment: "1. croissants aren't bagels." }],
      },
      {
        _id: 2,
        title: "Coffee please.",
        comments: [
          { comment: "0. fooey" },
          { comment: "1. tea please" },
          { comment: "2. iced coffee" },
          { comment: "3. cappuccino" },
          { comment: "4. whatever" },
        ],
      },
    ];

    it("returns the first n elements, and every field of the document", async () => {
      const collection = fresh("proj_slice_first");
      await collection.insertMany(posts);

      const found = await collection
        .find({}, { projection: { comments: { $slice: 3 } } })
        .toArray();

      expect(found).toEqual([
        {
          _id: 1,
          title: "Bagels are not croissants.",
          comments: [{ comment: "0. true" }, { comment: "1. croissants aren't bagels." }],
        },
        {
          _id: 2,
          title: "Coffee please.",
          comments: [
            { comment: "0. fooey" },
            { comment: "1. tea please" },
            { comment: "2. iced coffee" },
          ],
        },
      ]);
    });

    it("returns the last n elements", async () => {
      const collection = fresh("proj_slice_last");
      await collection.insertMany(posts);

      const found = await collection
        .find({}, { projection: { comments: { $slice: -3 } } })
        .toArray();

      expect(found.map((post) => post.comments)).toEqual([
        [{ comment: "0. true" }, { comment: "1. croissants aren't bagels." }],
        [{ comment: "2. iced coffee" }, { comment: "3. cappuccino" }, { comment: "4. whatever" }],
      ]);
    });

    it("skips then limits with [skip, limit]", async () => {
      const collection = fresh("proj_slice_skip");
      await collection.insertMany(posts);

      const found = await collection
        .find({}, { projection: { comments: { $slice: [1, 3] } } })
        .toArray();

      expect(found.map((post) => post.comments)).toEqual([
        [{ comment: "1. croissants aren't bagels." }],
        [{ comment: "1. tea please" }, { comment: "2. iced coffee" }, { comment: "3. cappuccino" }],
      ]);
    });

    it("skips backwards from the end with a negative skip", async () => {
      const collection = fresh("proj_slice_back");
      await collection.insertMany(posts);

      const found = await collection
        .find({}, { projection: { comments: { $slice: [-1, 3] } } })
        .toArray();

      expect(found.map((post) => post.comments)).toEqual([
        [{ comment: "1. croissants aren't bagels." }],
        [{ comment: "4. whatever" }],
      ]);
    });

    it("combines with an inclusion projection", async () => {
      const collection = fresh("proj_slice_include");
      await collection.insertMany(posts);

      const found = await collection
        .find({ _id: 2 }, { projection: { title: 1, comments: { $slice: 1 } } })
        .toArray();

      expect(found).toEqual([
        { _id: 2, title: "Coffee please.", comments: [{ comment: "0. fooey" }] },
      ]);
    });
  });
});
