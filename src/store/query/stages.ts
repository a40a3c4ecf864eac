// Pipeline stages as MongoDB defines them, where mingo's differ:
// - `$match` passes `$options` such as `x` to the RegExp constructor as they are;
// - `$limit` accepts 0 and negative numbers, `$skip` non-integers;
// - `$group` puts documents with the same fields in another order into one group;
// - `$count` outputs `{ <field>: 0 }` when no document reaches it (MongoDB outputs nothing);
// - `$lookup` on an array `localField` lists the joined documents in the order of the local array
//   instead of the order of the joined collection.
import type { Document } from "bson";
import { evalExpr } from "mingo/core";
import { type Iterator, Lazy } from "mingo/lazy";
import * as pipe from "mingo/operators/pipeline";
import type { AnyObject, Options } from "mingo/types";

import { MongoServerError } from "../errors.js";
import { cloneDocument } from "./clone.js";
import { normalizeRegexes } from "./filters.js";
import { canonicalKey } from "./keys.js";
import { queryCandidates, valuesAtPath } from "./paths.js";

export function $match(collection: Iterator, filter: AnyObject, options: Options): Iterator {
  return pipe.$match(collection, normalizeRegexes(filter), options);
}

export function $limit(collection: Iterator, limit: unknown, options: Options): Iterator {
  if (typeof limit !== "number" || !Number.isInteger(limit)) {
    throw new MongoServerError(15957, "the limit must be specified as a whole number");
  }
  if (limit <= 0) throw new MongoServerError(15958, "the limit must be positive");
  return pipe.$limit(collection, limit, options);
}

export function $skip(collection: Iterator, skip: unknown, options: Options): Iterator {
  if (typeof skip !== "number" || !Number.isInteger(skip)) {
    throw new MongoServerError(15972, "invalid argument to $skip stage: Expected an integer");
  }
  if (skip < 0)
    throw new MongoServerError(15956, "invalid argument to $skip stage: Cannot be negative");
  return pipe.$skip(collection, skip, options);
}

/**
 * `$group`: one output document per distinct `_id` value, distinct as MongoDB compares values
 * (numbers by value, documents field by field in order), in the order groups first appear.
 */
export function $group(collection: Iterator, spec: Document, options: Options): Iterator {
  if (spec === null || typeof spec !== "object" || !("_id" in spec)) {
    throw new MongoServerError(15955, "a group specification must include an _id");
  }
  const { _id: idExpression, ...fields } = spec;
  for (const [name, accumulator] of Object.entries(fields)) {
    const keys =
      accumulator !== null && typeof accumulator === "object" ? Object.keys(accumulator) : [];
    if (Array.isArray(accumulator) || keys.length !== 1 || !keys[0]!.startsWith("$")) {
      throw new MongoServerError(40234, `The field '${name}' must be an accumulator object`);
    }
  }
  return collection.transform((items: AnyObject[]) => {
    const groups = new Map<string, { id: unknown; members: AnyObject[] }>();
    for (const item of items) {
      const id = evalExpr(item, idExpression, options) ?? null;
      const key = canonicalKey(id);
      const group = groups.get(key);
      if (group) group.members.push(item);
      else groups.set(key, { id, members: [item] });
    }
    return Lazy(
      [...groups.values()].map(({ id, members }) => {
        const out: Document = { _id: id };
        for (const [name, accumulator] of Object.entries(fields)) {
          out[name] = evalExpr(members, accumulator, options);
        }
        return out;
      }),
    );
  });
}

export function $count(collection: Iterator, field: unknown, _options: Options): Iterator {
  if (typeof field !== "string" || field.length === 0) {
    throw new MongoServerError(40156, "the count field must be a non-empty string");
  }
  if (field.startsWith("$"))
    throw new MongoServerError(40158, "the count field cannot be a $-prefixed path");
  if (field.includes(".")) throw new MongoServerError(40160, "the count field cannot contain '.'");
  let counted: Iterator | undefined;
  return Lazy(() => {
    if (!counted) {
      const n = collection.collect().length;
      counted = Lazy(n > 0 ? [{ [field]: n }] : []);
    }
    return counted.next();
  });
}

interface LookupSpec {
  from?: unknown;
  localField?: string;
  foreignField?: string;
  as: string;
  let?: unknown;
  pipeline?: unknown;
}

/** Nothing a key can equal: what an empty array yields for a join key. */
const NO_KEY = Symbol("no key");

/**
 * `$lookup` with `localField`/`foreignField` and no pipeline: the joined documents whose
 * `foreignField` equals the `localField` (or one of its elements), in the joined collection's
 * order; a missing field matches null and missing fields. Other forms are mingo's.
 */
export function $lookup(collection: Iterator, spec: LookupSpec, options: Options): Iterator {
  const { from, localField, foreignField, as } = spec;
  if (spec.pipeline !== undefined || localField === undefined || foreignField === undefined) {
    return pipe.$lookup(collection, spec as Parameters<typeof pipe.$lookup>[1], options);
  }
  if (typeof from !== "string")
    throw new MongoServerError(40321, "$lookup 'from' must be a string");
  if (typeof as !== "string" || as.length === 0) {
    throw new MongoServerError(40321, "$lookup requires an 'as' field name");
  }
  const joined = (options.collectionResolver?.(from) ?? []) as Document[];
  const joinedKeys = joined.map((document) => {
    const candidates = queryCandidates(document, foreignField);
    return new Set((candidates.length > 0 ? candidates : [null]).map(canonicalKey));
  });
  return collection.map((document: Document) => {
    const keys = valuesAtPath(document, localField, NO_KEY)
      .filter((value) => value !== NO_KEY)
      .map(canonicalKey);
    const matches = joined.filter((_, i) => keys.some((key) => joinedKeys[i]!.has(key)));
    return withField(document, as, matches.map(cloneDocument));
  });
}

/** A copy of `document` with `path` set, creating (or replacing with) documents on the way. */
function withField(document: Document, path: string, value: unknown): Document {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  if (rest.length === 0) return { ...document, [head]: value };
  const inner = document[head];
  const base =
    inner !== null && typeof inner === "object" && !Array.isArray(inner) ? (inner as Document) : {};
  return { ...document, [head]: withField(base, rest.join("."), value) };
}
