// The `$slice` projection as MongoDB defines it. mingo treats `{ comments: { $slice: 3 } }` as an
// inclusion projection and drops every other field; in MongoDB `$slice` alone keeps them all, and
// only makes the sliced field part of an inclusion projection that includes other fields.
import type { Document } from "bson";

import { MongoServerError } from "../errors.js";
import { isPlainObject } from "./clone.js";

type Slice = [path: string, argument: unknown];

export interface PreparedProjection {
  /** The projection left for mingo (without the `$slice` fields), possibly empty. */
  spec: Document;
  /** Applies the `$slice`s to a document mingo projected. */
  finish(document: Document): Document;
}

export function prepareProjection(spec: Document): PreparedProjection {
  const slices: Slice[] = [];
  const rest: Document = {};
  for (const [path, value] of Object.entries(spec)) {
    const isSlice =
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.keys(value).length === 1 &&
      "$slice" in value;
    if (isSlice) slices.push([path, checkSlice((value as Document).$slice)]);
    else rest[path] = value;
  }
  if (slices.length === 0) return { spec, finish: (document) => document };
  const inclusive = Object.entries(rest).some(
    ([path, value]) => path !== "_id" && value !== 0 && value !== false,
  );
  if (inclusive) for (const [path] of slices) rest[path] = 1;
  return {
    spec: rest,
    finish: (document) =>
      slices.reduce((out, [path, argument]) => sliceAt(out, path.split("."), argument), document),
  };
}

function checkSlice(argument: unknown): unknown {
  if (typeof argument === "number") return argument;
  if (
    Array.isArray(argument) &&
    argument.length === 2 &&
    argument.every((n) => typeof n === "number")
  ) {
    if ((argument[1] as number) <= 0)
      throw new MongoServerError(28724, "$slice limit must be positive");
    return argument;
  }
  throw new MongoServerError(28724, "$slice only supports numbers and [skip, limit] arrays");
}

function sliceAt(value: Document, parts: string[], argument: unknown): Document {
  const [head, ...rest] = parts as [string, ...string[]];
  if (!(head in value)) return value;
  const inner = value[head];
  let next: unknown = inner;
  if (rest.length === 0) {
    if (Array.isArray(inner)) next = slice(inner, argument);
  } else if (Array.isArray(inner)) {
    next = inner.map((element) =>
      isPlainObject(element) ? sliceAt(element, rest, argument) : element,
    );
  } else if (isPlainObject(inner)) {
    next = sliceAt(inner, rest, argument);
  }
  return next === inner ? value : { ...value, [head]: next };
}

function slice(array: unknown[], argument: unknown): unknown[] {
  if (typeof argument === "number")
    return argument >= 0 ? array.slice(0, argument) : array.slice(argument);
  const [skip, limit] = argument as [number, number];
  const start = skip >= 0 ? skip : Math.max(array.length + skip, 0);
  return array.slice(start, start + limit);
}
