// The store against a plain in-memory reference, through random writes, index changes, clean
// restarts and kills (tests/store/differential/model.ts). A short run with a fixed seed here;
// `npm run fuzz` runs the same property long.
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";

import { realMongoUri } from "../support/store.js";
import { differentialProperty, StoreUnderTest } from "./differential/model.js";

const store = new StoreUnderTest();

describe.skipIf(realMongoUri)("the store against an in-memory reference", () => {
  beforeAll(() => store.start());
  afterAll(() => store.close());

  it("answers every query as the reference does, across restarts and kills", async () => {
    await fc.assert(differentialProperty(store), {
      seed: 20261202,
      numRuns: 12,
      // Shrinking restarts processes: past this, the smallest case found so far is reported.
      interruptAfterTimeLimit: 150_000,
    });
  }, 300_000);
});
