// Shared pieces of the operator conformance suite (tests/store/operators/*.test.ts): every file
// talks to the store only through the official driver, with expected values from MongoDB's manual.
import { expect } from "vitest";

import { freshCollection, rejection } from "../../support/driver.js";
import type { TestStore } from "../../support/store.js";

export { freshCollection, rejection, type TestDocument } from "../../support/driver.js";

/**
 * An operator the store does not claim is refused with a clear error, a numeric code, and without
 * harming the connection: the same client keeps working afterwards.
 */
export async function expectRefusal(
  store: TestStore,
  promise: Promise<unknown>,
  operator: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(typeof error.code).toBe("number");
  expect(error.message).toContain(operator);
  expect((await store.db.command({ ping: 1 })).ok).toBe(1);
  const probe = freshCollection(store, "after_refusal");
  await probe.insertOne({ _id: 1, still: "working" });
  expect(await probe.find().toArray()).toEqual([{ _id: 1, still: "working" }]);
}
