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

/** A collection no other test uses. */
export function freshCollection(store: TestStore, prefix: string): Collection<TestDocument> {
  return store.db.collection<TestDocument>(`${prefix}_${Math.random().toString(36).slice(2, 10)}`);
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
