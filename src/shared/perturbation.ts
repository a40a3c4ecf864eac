/**
 * Cell-key perturbation (the ABS TableBuilder and ONS 2021 census method). Every record that a
 * published count counts (a feedback response, an invitation, a registration) carries a random
 * record key, fixed when the record is made. A cell's key is the sum of its records' keys modulo
 * the key range; rollups keep that sum beside each counter, so it costs nothing at query time.
 * The published count is the true count plus the change that the perturbation table gives for
 * (cell key, count): the same cell always gets the same change, however it is asked for, so
 * repeating or rephrasing a query teaches nothing, and the difference of two overlapping tables
 * carries the noise of both.
 */
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";

import { type Cell, cellOf } from "./suppression.js";

export interface PtableRow {
  count: number;
  variance: number;
  changes: { change: number; p: number; from: number; to: number }[];
}

export interface Ptable {
  version: string;
  description: string;
  maxChange: number;
  keyRange: number;
  rows: PtableRow[];
}

export const PTABLE: Ptable = JSON.parse(
  readFileSync(new URL("../../reference/ptable-v1.json", import.meta.url), "utf8"),
) as Ptable;

/** A new record's key: uniform over the whole numbers of [0, keyRange). */
export function recordKey(): number {
  return randomInt(0, PTABLE.keyRange);
}

/** A cell key from the sum of its records' keys (a sum may be negative after an erasure). */
export function cellKey(keySum: number): number {
  const r = PTABLE.keyRange;
  return ((keySum % r) + r) % r;
}

function rowOf(count: number, table: Ptable): PtableRow {
  return table.rows[Math.min(count, table.rows.length - 1)]!;
}

/** The change the table gives a cell of `count` records whose keys sum to `keySum`. */
export function changeOf(count: number, keySum: number, table: Ptable = PTABLE): number {
  const key = cellKey(keySum);
  return rowOf(count, table).changes.find((c) => key >= c.from && key < c.to)!.change;
}

/** The published value of a count: never negative, 0 stays 0, at most `maxChange` away. */
export function perturb(count: number, keySum: number, table: Ptable = PTABLE): number {
  return count + changeOf(count, keySum, table);
}

/** The variance the table adds to a count (that of its row): for widening an interval. */
export function noiseVariance(count: number, table: Ptable = PTABLE): number {
  return rowOf(count, table).variance;
}

/** A published count: perturbed, or suppressed (`hidden`, decided on the true counts). */
export function perturbedCell(
  count: number,
  keySum: number,
  hidden: boolean,
  table: Ptable = PTABLE,
): Cell {
  return cellOf(perturb(count, keySum, table), hidden);
}

/** part / whole of two published counts, within [0, 1] (noise can push a part past its whole). */
export function shareOf(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.min(1, Math.max(0, part / whole));
}
