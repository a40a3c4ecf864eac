import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { Ptable, PtableRow } from "../src/shared/perturbation.js";

/**
 * Writes the perturbation table `reference/ptable-v1.json` (`npm run ptable:build`); a test
 * checks that the committed file is what this produces. A new table is a new version (a new
 * file), never an edit: published figures must not change under an analyst's feet.
 *
 * Each row is, for one true count, the most even distribution (maximum entropy) over the changes
 * it allows, with mean 0: changes within ±MAX_CHANGE, never below zero, and a zero stays zero.
 * Counts of MAX_CHANGE and above allow every change, so the row is uniform.
 */

export const PTABLE_VERSION = "ptable-v1";
export const MAX_CHANGE = 2;
/** Record keys are whole numbers in [0, KEY_RANGE); a cell key is their sum modulo it. */
export const KEY_RANGE = 2 ** 24;
export const OUTPUT_FILE = fileURLToPath(
  new URL(`../reference/${PTABLE_VERSION}.json`, import.meta.url),
);

/** Probabilities ∝ exp(θ·j) over `support`, θ chosen (bisection) so that the mean is 0. */
function meanZero(support: number[]): number[] {
  const at = (theta: number) => {
    const w = support.map((j) => Math.exp(theta * j));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  };
  const mean = (p: number[]) => p.reduce((s, x, i) => s + x * support[i]!, 0);
  if (Math.min(...support) === 0) return support.map((j) => (j === 0 ? 1 : 0));
  let [lo, hi] = [-20, 20];
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mean(at(mid)) > 0) hi = mid;
    else lo = mid;
  }
  return at((lo + hi) / 2);
}

function row(count: number): PtableRow {
  const support: number[] = [];
  for (let j = -MAX_CHANGE; j <= MAX_CHANGE; j++) {
    if (count === 0 ? j === 0 : count + j >= 0) support.push(j);
  }
  const p = meanZero(support);
  let from = 0;
  const changes = support.map((change, i) => {
    // Whole key intervals, so that a lookup needs no floating point; the last takes the rest.
    const to = i === support.length - 1 ? KEY_RANGE : from + Math.round(p[i]! * KEY_RANGE);
    const entry = { change, p: Number(p[i]!.toFixed(6)), from, to };
    from = to;
    return entry;
  });
  const variance = p.reduce((s, x, i) => s + x * support[i]! ** 2, 0);
  return { count, variance: Number(variance.toFixed(6)), changes };
}

export function buildPtable(): Ptable {
  return {
    version: PTABLE_VERSION,
    description:
      "Cell-key perturbation table (ABS TableBuilder / ONS 2021 method). A published count is the true count plus the change of the row of that count (the last row for larger counts) whose key interval holds the cell key: the sum of the cell's record keys modulo keyRange. Changes are at most maxChange either way, have mean 0, never make a count negative, and a zero stays zero.",
    maxChange: MAX_CHANGE,
    keyRange: KEY_RANGE,
    rows: Array.from({ length: MAX_CHANGE + 1 }, (_, count) => row(count)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT_FILE, `${JSON.stringify(buildPtable(), null, 2)}\n`);
  console.log(`wrote ${OUTPUT_FILE}`);
}
