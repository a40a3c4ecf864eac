// Accumulators as MongoDB defines them, where mingo's differ:
// - `$push` and `$addToSet` add null for a document where the expression is missing (MongoDB
//   leaves such documents out);
// - `$addToSet` treats documents with the same fields in another order as duplicates (MongoDB
//   keeps them apart: "the exact same fields and values in the exact same order");
// - outside `$group`, `$sum`, `$avg`, `$min` and `$max` fail on an operand that is not an array
//   (MongoDB: "If the argument is not an array, the accumulator operates on the single argument"),
//   and `$sum: "$array"` in `$group` adds the elements (MongoDB: an array is not numeric there).
//
// mingo evaluates an operator it finds among the expression operators first, also inside
// `$group`, where it passes the group's documents as an array; the operators below are therefore
// registered as expressions too, and tell the two uses apart by that array. Outside `$group`, the
// accumulators MongoDB does not accept as expressions ($push, $addToSet, $count), and $first and
// $last (whose array form the store does not claim), are refused.
import { evalExpr } from "mingo/core";
import * as acc from "mingo/operators/accumulator";
import type { AnyObject, Options } from "mingo/types";

import { MongoServerError } from "../errors.js";
import { compareValues, toNumber } from "./compare.js";
import { canonicalKey } from "./keys.js";
import { bsonTypeName } from "./types.js";

type Accumulator = (collection: AnyObject[], expr: unknown, options: Options) => unknown;
type Operator = (obj: AnyObject | AnyObject[], expr: unknown, options: Options) => unknown;

/** The expression's value for each document of the group (mingo's $push: missing gives null). */
const groupValues = (collection: AnyObject[], expr: unknown, options: Options): unknown[] =>
  acc.$push(collection, expr, options);

/** Outside `$group`: the elements of a single array operand, or the list of operands' values. */
function operandValues(obj: AnyObject, expr: unknown, options: Options): unknown[] {
  const value = evalExpr(obj, expr, options);
  if (Array.isArray(expr)) return value as unknown[];
  return Array.isArray(value) ? value : [value];
}

/** An operator usable in `$group` and, through `reduce`, in other stages. */
function dual(accumulate: (values: unknown[]) => unknown): Operator {
  return (obj, expr, options) =>
    accumulate(
      Array.isArray(obj) ? groupValues(obj, expr, options) : operandValues(obj, expr, options),
    );
}

/** An operator usable in `$group` only. */
function groupOnly(name: string, accumulator: Accumulator): Operator {
  return (obj, expr, options) => {
    if (Array.isArray(obj)) return accumulator(obj, expr, options);
    throw new MongoServerError(
      168,
      `Unrecognized expression '${name}'; the embedded store supports ${name} as a $group accumulator only`,
    );
  };
}

const isNumeric = (value: unknown) =>
  ["int", "long", "double", "decimal"].includes(bsonTypeName(value));

function sum(values: unknown[]): number {
  let total = 0;
  for (const value of values) if (isNumeric(value)) total += toNumber(value);
  return total;
}

function average(values: unknown[]): number | null {
  const numbers = values.filter(isNumeric);
  return numbers.length === 0 ? null : sum(numbers) / numbers.length;
}

function extreme(direction: 1 | -1) {
  return (values: unknown[]): unknown => {
    let best: unknown = null;
    for (const value of values) {
      if (value === null || value === undefined) continue;
      if (best === null || compareValues(value, best) * direction > 0) best = value;
    }
    return best;
  };
}

export const $sum = dual(sum);
export const $avg = dual(average);
export const $min = dual(extreme(-1));
export const $max = dual(extreme(1));

/** The expression's value for each document where it is not missing, in input order. */
function push(collection: AnyObject[], expr: unknown, options: Options): unknown[] {
  // As mingo's own $push, but keeping missing values undefined (mingo turns them into null).
  // The plain options make evalExpr take each document as $$ROOT, not the group's.
  const plain = (options as { options?: Options }).options ?? options;
  return collection
    .map((root) => evalExpr(root, expr, plain))
    .filter((value) => value !== undefined);
}

function addToSet(collection: AnyObject[], expr: unknown, options: Options): unknown[] {
  const unique = new Map<string, unknown>();
  for (const value of push(collection, expr, options)) {
    const key = canonicalKey(value);
    if (!unique.has(key)) unique.set(key, value);
  }
  return [...unique.values()];
}

export const $push = groupOnly("$push", push);
export const $addToSet = groupOnly("$addToSet", addToSet);
export const $first = groupOnly("$first", acc.$first);
export const $last = groupOnly("$last", acc.$last);
export const $count = groupOnly("$count", acc.$count);
