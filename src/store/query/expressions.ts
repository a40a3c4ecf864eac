// Aggregation expression operators as MongoDB defines them, where mingo's differ:
// - comparisons ($eq … $cmp) compare values of different types as unequal instead of in BSON
//   order (`{ $gt: ["a", 1] }` is true in MongoDB), and a missing value sorts below null;
// - `$round` does not round half to even;
// - `$switch` without a default returns null instead of failing when no branch matches;
// - `$toLower`/`$toUpper` return null instead of "" for null;
// - `$size` of a missing value returns null instead of failing;
// - `$toString` refuses ObjectId, Long and Decimal128;
// - `$type` names ObjectId "objectid" and knows neither MinKey nor MaxKey.
import { evalExpr } from "mingo/core";
import type { AnyObject, Options } from "mingo/types";

import { MongoServerError } from "../errors.js";
import { compareValues } from "./compare.js";
import { bsonTypeName, refuseAmbiguousNumber } from "./types.js";

/** A missing value (undefined) sorts below null in expressions; `$eq` tells them apart. */
function compareExpressionValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

function comparison(name: string, test: (order: number) => boolean | number) {
  return (obj: AnyObject, expr: unknown, options: Options): boolean | number => {
    if (!Array.isArray(expr) || expr.length !== 2) {
      const count = Array.isArray(expr) ? expr.length : 1;
      throw new MongoServerError(
        16020,
        `Expression ${name} takes exactly 2 arguments. ${count} were passed in.`,
      );
    }
    const [a, b] = evalExpr(obj, expr, options) as [unknown, unknown];
    return test(Math.sign(compareExpressionValues(a, b)));
  };
}

export const $eq = comparison("$eq", (order) => order === 0);
export const $ne = comparison("$ne", (order) => order !== 0);
export const $gt = comparison("$gt", (order) => order > 0);
export const $gte = comparison("$gte", (order) => order >= 0);
export const $lt = comparison("$lt", (order) => order < 0);
export const $lte = comparison("$lte", (order) => order <= 0);
export const $cmp = comparison("$cmp", (order) => order);

/** `$round: [number, place]`, half to even on the exact value of the double, as MongoDB does. */
export function $round(obj: AnyObject, expr: unknown, options: Options): unknown {
  const [value, place = 0] = (
    Array.isArray(expr) ? evalExpr(obj, expr, options) : [evalExpr(obj, expr, options)]
  ) as [unknown, unknown];
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new MongoServerError(
      51081,
      `$round only supports numeric types, not ${bsonTypeName(value)}`,
    );
  }
  if (typeof place !== "number" || !Number.isInteger(place) || place <= -20 || place >= 100) {
    throw new MongoServerError(
      51083,
      "cannot apply $round with precision value outside of the range (-20, 100)",
    );
  }
  if (!Number.isFinite(value)) return value;
  return roundHalfEven(value, place);
}

function roundHalfEven(value: number, place: number): number {
  // The exact decimal expansion (34 significant digits, like a Decimal128) decides ties.
  const [mantissa, exponentText] = Math.abs(value).toExponential(33).split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  const keep = exponent + 1 + place; // digits kept, counted from the first significant one
  if (keep >= digits.length) return value;
  if (keep < 0) return 0 * Math.sign(value);
  let kept = keep === 0 ? 0n : BigInt(digits.slice(0, keep));
  const rest = digits.slice(keep);
  const half = "5".padEnd(rest.length, "0");
  if (rest > half || (rest === half && kept % 2n === 1n)) kept += 1n;
  const rounded = Number(`${kept}e${exponent + 1 - keep}`);
  return value < 0 ? -rounded : rounded;
}

interface SwitchSpec {
  branches?: { case: unknown; then: unknown }[];
  default?: unknown;
}

export function $switch(obj: AnyObject, expr: unknown, options: Options): unknown {
  const spec = expr as SwitchSpec;
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.branches)) {
    throw new MongoServerError(40060, "$switch requires at least one branch.");
  }
  for (const branch of spec.branches) {
    if (truthy(evalExpr(obj, branch.case, options))) return evalExpr(obj, branch.then, options);
  }
  if (!("default" in spec)) {
    throw new MongoServerError(
      40066,
      "$switch could not find a matching branch for an input, and no default was specified.",
    );
  }
  return evalExpr(obj, spec.default, options);
}

function truthy(value: unknown): boolean {
  return !(value === null || value === undefined || value === false || value === 0);
}

function unwrapSingle(expr: unknown): unknown {
  return Array.isArray(expr) && expr.length === 1 ? expr[0] : expr;
}

/** `$toString` as MongoDB converts: null and missing stay null. */
export function $toString(obj: AnyObject, expr: unknown, options: Options): string | null {
  return toStringValue(evalExpr(obj, unwrapSingle(expr), options), "$toString");
}

function toStringValue(value: unknown, operator: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
    case "number":
    case "bigint":
      return String(value);
  }
  const type = bsonTypeName(value);
  if (type === "objectId") return (value as { toHexString(): string }).toHexString();
  if (type === "long" || type === "decimal" || type === "int" || type === "double")
    return String(value);
  throw new MongoServerError(16007, `${operator} cannot convert from ${type} to string`);
}

/** `$toLower`/`$toUpper`: null and missing give "", numbers and dates their string form. */
function caseConversion(name: string, convert: (text: string) => string) {
  return (obj: AnyObject, expr: unknown, options: Options): string =>
    convert(toStringValue(evalExpr(obj, unwrapSingle(expr), options), name) ?? "");
}

export const $toLower = caseConversion("$toLower", (text) => text.toLowerCase());
export const $toUpper = caseConversion("$toUpper", (text) => text.toUpperCase());

export function $size(obj: AnyObject, expr: unknown, options: Options): number {
  const value = evalExpr(obj, unwrapSingle(expr), options);
  if (!Array.isArray(value)) {
    throw new MongoServerError(
      17124,
      `The argument to $size must be an array. Type of argument: ${bsonTypeName(value)}`,
    );
  }
  return value.length;
}

export function $type(obj: AnyObject, expr: unknown, options: Options): string {
  const value = evalExpr(obj, unwrapSingle(expr), options);
  const name = bsonTypeName(value);
  refuseAmbiguousNumber(value, name);
  return name;
}
