// Query operators as MongoDB defines them, where mingo's differ:
// - `$eq`, `$ne`, `$in`, `$nin` ignore the field order of documents (MongoDB: "the order of the
//   fields in the document matters"), and `$gt`, `$gte`, `$lt`, `$lte` never match documents;
// - `$type` does not match array elements, and knows neither `objectId` nor `minKey`/`maxKey`;
// - `$all` does not treat a non-array field as an equality (`{ qty: { $all: [50] } }`);
// - `$mod` accepts any argument array silently and does not truncate decimal arguments;
// - `$regex` with the `x` option (and other PCRE-only options) throws a raw RegExp error.
import type { Document } from "bson";
import * as q from "mingo/operators/query";
import { Query } from "mingo/query";
import type { AnyObject, Options } from "mingo/types";

import { badValue, MongoServerError } from "../errors.js";
import { isPlainObject } from "./clone.js";
import { compareValues, toNumber } from "./compare.js";
import { canonicalKey } from "./keys.js";
import { queryCandidates } from "./paths.js";
import { bsonTypeName, isOfType, typeAlias } from "./types.js";

type Predicate = (document: AnyObject) => boolean;

// Comparisons with null (which also matches missing fields) are left to mingo, which gets them right.
const isNullish = (value: unknown) => value === null || value === undefined;

/** Whether the path holds `value`: the value itself, or an element of an array it ends on. */
function holds(document: AnyObject, selector: string, value: unknown): boolean {
  return queryCandidates(document, selector).some(
    (candidate) => compareValues(candidate, value) === 0,
  );
}

export function $eq(selector: string, value: unknown, options: Options): Predicate {
  if (isNullish(value)) return q.$eq(selector, value, options);
  return (document) => holds(document, selector, value);
}

export function $ne(selector: string, value: unknown, options: Options): Predicate {
  if (isNullish(value)) return q.$ne(selector, value, options);
  return (document) => !holds(document, selector, value);
}

/** Numbers, strings, booleans, dates and ObjectIds: equal exactly when their canonical keys are. */
function keyed(value: unknown): boolean {
  switch (typeof value) {
    case "number":
    case "string":
    case "boolean":
      return true;
    case "object":
      return value instanceof Date || keyedTypes.has((value as { _bsontype?: string })?._bsontype);
  }
  return false;
}
const keyedTypes = new Set<string | undefined>([
  "ObjectId",
  "Long",
  "Int32",
  "Double",
  "Decimal128",
]);

/** `$in`: the values of the commonest types are looked up by key, not compared one by one. */
export function $in(selector: string, value: unknown, options: Options): Predicate {
  if (!Array.isArray(value)) throw badValue("$in needs an array");
  const keys = new Set<string>();
  const scalars: unknown[] = [];
  const tests: Predicate[] = [];
  for (const element of value) {
    if (isNullish(element)) tests.push(q.$eq(selector, null, options));
    else if (element instanceof RegExp) tests.push(q.$regex(selector, element, options));
    else if (isPlainObject(element) && Object.keys(element).some((key) => key.startsWith("$"))) {
      throw badValue("cannot nest $ under $in");
    } else if (keyed(element)) {
      keys.add(canonicalKey(element));
      scalars.push(element);
    } else tests.push((document) => holds(document, selector, element));
  }
  const held = (candidate: unknown) =>
    keyed(candidate)
      ? keys.has(canonicalKey(candidate))
      : scalars.some((scalar) => compareValues(candidate, scalar) === 0);
  return (document) =>
    (keys.size > 0 && queryCandidates(document, selector).some(held)) ||
    tests.some((test) => test(document));
}

export function $nin(selector: string, value: unknown, options: Options): Predicate {
  const inList = $in(selector, value, options);
  return (document) => !inList(document);
}

/** `$gt`…`$lte`: values of the same BSON type as the argument (type bracketing), in BSON order. */
function range(
  operator: (selector: string, value: unknown, options: Options) => Predicate,
  test: (order: number) => boolean,
) {
  return (selector: string, value: unknown, options: Options): Predicate => {
    if (isNullish(value)) return operator(selector, value, options);
    const type = bracket(value);
    return (document) =>
      queryCandidates(document, selector).some(
        (candidate) => bracket(candidate) === type && test(compareValues(candidate, value)),
      );
  };
}

function bracket(value: unknown): string {
  const type = bsonTypeName(value);
  return type === "int" || type === "long" || type === "double" || type === "decimal"
    ? "number"
    : type;
}

export const $gt = range(q.$gt, (order) => order > 0);
export const $gte = range(q.$gte, (order) => order >= 0);
export const $lt = range(q.$lt, (order) => order < 0);
export const $lte = range(q.$lte, (order) => order <= 0);

/** `{ field: { $type: <type or list of types> } }`: arrays match on themselves or an element. */
export function $type(selector: string, value: unknown, _options: Options): Predicate {
  const wanted = (Array.isArray(value) ? value : [value]).map((type) => {
    const alias = typeAlias(type);
    if (!alias) {
      throw badValue(
        typeof type === "string"
          ? `Unknown type name alias: ${type}`
          : `Invalid numerical type code: ${String(type)}`,
      );
    }
    return alias;
  });
  return (document) =>
    queryCandidates(document, selector).some((candidate) =>
      wanted.some((alias) => isOfType(candidate, alias)),
    );
}

/** `{ field: { $all: [v1, v2] } }` is `{ $and: [{ field: v1 }, { field: v2 }] }`; `[]` matches nothing. */
export function $all(selector: string, value: unknown, options: Options): Predicate {
  if (!Array.isArray(value)) throw badValue("$all needs an array");
  const queries = value.map((element) => {
    const elemMatch = isPlainObject(element) && Object.keys(element)[0] === "$elemMatch";
    const condition = elemMatch || element instanceof RegExp ? element : { $eq: element };
    return new Query({ [selector]: condition }, options);
  });
  return (document) => queries.length > 0 && queries.every((query) => query.test(document));
}

/** `{ field: { $mod: [divisor, remainder] } }`, both truncated towards zero, as in MongoDB. */
export function $mod(selector: string, value: unknown, _options: Options): Predicate {
  if (!Array.isArray(value)) throw badValue("malformed mod, needs to be an array");
  if (value.length < 2) throw badValue("malformed mod, not enough elements");
  if (value.length > 2) throw badValue("malformed mod, too many elements");
  const [divisor, remainder] = value.map((argument, index) => {
    const name = index === 0 ? "divisor" : "remainder";
    if (!isOfType(argument, "number")) throw badValue(`malformed mod, ${name} not a number`);
    const number = toNumber(argument);
    if (!Number.isFinite(number)) throw badValue(`malformed mod, ${name} value is invalid`);
    return Math.trunc(number);
  }) as [number, number];
  if (divisor === 0) throw badValue("divisor cannot be 0");
  return (document) =>
    queryCandidates(document, selector).some((candidate) => {
      if (!isOfType(candidate, "number")) return false;
      const number = toNumber(candidate);
      return Number.isFinite(number) && Math.trunc(number) % divisor === remainder;
    });
}

/** Keys under which a document is a value to compare with, not a query. */
const literalKeys = new Set(["$expr", "$eq", "$ne"]);

/**
 * Turns every `{ $regex, $options }` of a filter into a JavaScript RegExp, supporting the `x`
 * (extended) option JavaScript lacks and refusing options MongoDB does not know. mingo would pass
 * the options to the RegExp constructor as they are.
 */
export function normalizeRegexes<T>(filter: T): T {
  if (Array.isArray(filter)) return filter.map(normalizeRegexes) as T;
  if (!isPlainObject(filter)) return filter;
  const out: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === "$options" && "$regex" in filter) continue;
    if (key === "$regex") out.$regex = toRegExp(value, filter.$options);
    else out[key] = literalKeys.has(key) ? value : normalizeRegexes(value);
  }
  return out as T;
}

function toRegExp(pattern: unknown, options: unknown): RegExp {
  if (typeof pattern !== "string" && !(pattern instanceof RegExp)) {
    throw badValue("$regex has to be a string");
  }
  if (options !== undefined && typeof options !== "string") {
    throw badValue("$options has to be a string");
  }
  let source = typeof pattern === "string" ? pattern : pattern.source;
  const flags = options ?? (pattern instanceof RegExp ? pattern.flags : "");
  let jsFlags = "";
  for (const flag of new Set(flags)) {
    if (flag === "x") source = withoutExtendedWhitespace(source);
    else if (flag === "i" || flag === "m" || flag === "s" || flag === "u") jsFlags += flag;
    else throw new MongoServerError(51108, `invalid flag in regex options: ${flag}`);
  }
  try {
    return new RegExp(source, jsFlags);
  } catch (error) {
    throw new MongoServerError(51091, `Regular expression is invalid: ${(error as Error).message}`);
  }
}

/** PCRE's extended mode: unescaped white space and `#` comments outside classes are ignored. */
function withoutExtendedWhitespace(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\") {
      out += char + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (char === "]") inClass = false;
      out += char;
    } else if (char === "[") {
      inClass = true;
      out += char;
    } else if (char === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (!/\s/.test(char)) {
      out += char;
    }
  }
  return out;
}
