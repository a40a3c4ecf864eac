// `npm run fuzz -- [--runs N] [--seed S]`: the differential property of
// tests/store/differential.test.ts, run long. Prints the seed first, and on a failure the
// shrunk counterexample with the seed and path that replay it.
import { parseArgs } from "node:util";

import fc from "fast-check";

import { differentialProperty, StoreUnderTest } from "./model.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "300" }, seed: { type: "string" } },
});
const numRuns = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(numRuns) || numRuns < 1 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [--runs N] [--seed S] (whole numbers)");
  process.exit(64);
}

console.log(`differential fuzz: ${numRuns} runs, seed ${seed}`);
const store = new StoreUnderTest();
await store.start();
try {
  const details = await fc.check(differentialProperty(store), { seed, numRuns });
  console.log(`${details.numRuns} runs, ${store.restarts} restarts, ${store.kills} kills`);
  if (details.failed) {
    console.error(fc.defaultReportMessage(details));
    process.exitCode = 1;
  } else {
    console.log("no difference found");
  }
} finally {
  await store.close();
}
