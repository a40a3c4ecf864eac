import { PTABLE, type Ptable } from "../../src/shared/perturbation.js";

/**
 * A perturbation table that changes nothing, for tests that check sums, hand counts and
 * suppression exactly (the product always uses the reference table; tests of the perturbation
 * itself use that too).
 */
export const NO_NOISE: Ptable = {
  ...PTABLE,
  version: "test-no-noise",
  maxChange: 0,
  rows: [{ count: 0, variance: 0, changes: [{ change: 0, p: 1, from: 0, to: PTABLE.keyRange }] }],
};
