// Helpers for tests that talk to the store through the official driver.
import { type Collection, type Document, MongoServerError, type ObjectId } from "mongodb";
import { expect } from "vitest";

import type { TestStore } from "./store.js";

/** The documents of the manual's examples: `_id`s of any type, any fields. */
export interface TestDocument {
  _id?: number | string | ObjectId | Document | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

// Collection methods that change data or indexes: `store.afterWrite()` follows each of them.
const WRITES = new Set<PropertyKey>([
  "insertOne",
  "insertMany",
  "updateOne",
  "updateMany",
  "replaceOne",
  "deleteOne",
  "deleteMany",
  "bulkWrite",
  "findOneAndUpdate",
  "findOneAndReplace",
  "findOneAndDelete",
  "createIndex",
  "createIndexes",
  "dropIndex",
  "dropIndexes",
  "drop",
]);

/**
 * A collection no other test uses. It always speaks to the store's current client, and each
 * write is followed by `store.afterWrite()` (whether it succeeded or not: a failed batch may
 * have written part of itself), so in a reopened mode every read after a write meets a store
 * that has only the disk.
 */
export function freshCollection(store: TestStore, prefix: string): Collection<TestDocument> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  return new Proxy({} as Collection<TestDocument>, {
    get(_target, property) {
      const current = store.db.collection<TestDocument>(name);
      const value: unknown = Reflect.get(current, property);
      if (typeof value !== "function") return value;
      if (!WRITES.has(property)) return value.bind(current);
      return async (...args: unknown[]) => {
        try {
          return await value.apply(current, args);
        } finally {
          await store.afterWrite();
        }
      };
    },
  });
}

/** The MongoServerError a promise rejects with; fails the test when it resolves or throws else. */
export async function rejection(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}
