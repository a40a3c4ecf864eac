import type { Document } from "bson";

import { isPlainObject } from "../query/clone.js";
import { Rank, rank } from "../query/compare.js";
import type { Filter } from "../query/mql.js";
import type { Bound, Range } from "./secondary-index.js";

/**
 * What a filter requires of one field, as far as an index can tell: that it holds one of
 * `points`, or a value in `range`. Every document the filter matches meets it, so the documents
 * an index finds for it are a superset of the matches (the filter is still applied to each).
 */
export interface FieldCondition {
  points?: unknown[];
  range?: Range;
}

// Types whose equality and order the index keys (canonicalKey, compareValues) share with the
// query operators exactly. Null is not one: it also matches missing fields and empty arrays.
const indexableRanks = new Set<number>([
  Rank.Number,
  Rank.String,
  Rank.Boolean,
  Rank.Date,
  Rank.ObjectId,
]);

function indexable(value: unknown): boolean {
  return value !== null && value !== undefined && indexableRanks.has(rank(value));
}

function boundOf(condition: Document, operator: string, inclusive: boolean): Bound | undefined {
  return operator in condition && indexable(condition[operator])
    ? { value: condition[operator], inclusive }
    : undefined;
}

function conditionOf(condition: unknown): FieldCondition | undefined {
  if (indexable(condition)) return { points: [condition] };
  if (!isPlainObject(condition)) return undefined;
  if (!Object.keys(condition).every((key) => key.startsWith("$"))) return undefined;
  if ("$eq" in condition) {
    return indexable(condition.$eq) ? { points: [condition.$eq] } : undefined;
  }
  const list = condition.$in as unknown;
  if (Array.isArray(list) && list.every(indexable)) return { points: list };
  const low = boundOf(condition, "$gt", false) ?? boundOf(condition, "$gte", true);
  const high = boundOf(condition, "$lt", false) ?? boundOf(condition, "$lte", true);
  if (low && high && rank(low.value) !== rank(high.value))
    return { range: { rank: rank(low.value), low } };
  if (low || high) return { range: { rank: rank((low ?? high)!.value), low, high } };
  return undefined;
}

/** Of two conditions that both hold, the one that leaves fewer documents, roughly. */
function tighter(a: FieldCondition, b: FieldCondition): FieldCondition {
  if (a.points && b.points) return a.points.length <= b.points.length ? a : b;
  return a.points ? a : b.points ? b : a;
}

/** The conditions a filter puts on single fields, from its top level and its `$and`s. */
export function fieldConditions(filter: Filter, out = new Map<string, FieldCondition>()) {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" && Array.isArray(condition)) {
      for (const part of condition) if (isPlainObject(part)) fieldConditions(part, out);
      continue;
    }
    if (field.startsWith("$")) continue;
    const found = conditionOf(condition);
    if (!found) continue;
    const known = out.get(field);
    out.set(field, known ? tighter(known, found) : found);
  }
  return out;
}
