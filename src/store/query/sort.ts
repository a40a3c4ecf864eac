import { type Iterator, Lazy } from "mingo/lazy";
import type { Options } from "mingo/types";

import { badValue } from "../errors.js";
import { compareValues } from "./compare.js";
import { valuesAtPath } from "./paths.js";

export type SortSpec = Record<string, unknown>;

export function parseSort(spec: SortSpec): [string, 1 | -1][] {
  return Object.entries(spec).map(([path, direction]) => {
    if (direction === 1 || direction === -1) return [path, direction];
    if (direction === "asc" || direction === "ascending") return [path, 1];
    if (direction === "desc" || direction === "descending") return [path, -1];
    const numeric = Number(direction);
    if (numeric === 1 || numeric === -1) return [path, numeric];
    throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
  });
}

/** What an empty array sorts as: below null and missing fields, above MinKey only. */
const EMPTY_ARRAY = Symbol("empty array");

function compareKeys(a: unknown, b: unknown): number {
  if (a !== EMPTY_ARRAY && b !== EMPTY_ARRAY) return compareValues(a, b);
  if (a === b) return 0;
  const other = a === EMPTY_ARRAY ? b : a;
  const emptyFirst = (other as { _bsontype?: string } | null)?._bsontype === "MinKey" ? 1 : -1;
  return a === EMPTY_ARRAY ? emptyFirst : -emptyFirst;
}

/** The value a document sorts by: the smallest array element ascending, the largest descending. */
function sortKey(document: unknown, path: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(document, path, EMPTY_ARRAY);
  let best = values[0];
  for (const value of values) {
    if (compareKeys(value, best) * direction < 0) best = value;
  }
  return best;
}

/** A stable sort in MongoDB's order; returns a new array. */
export function sortDocuments<T>(documents: readonly T[], spec: SortSpec): T[] {
  const keys = parseSort(spec);
  if (keys.length === 0) return [...documents];
  const decorated = documents.map((document, index) => ({
    document,
    index,
    values: keys.map(([path, direction]) => sortKey(document, path, direction)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareKeys(a.values[i], b.values[i]) * keys[i]![1];
      if (order !== 0) return order;
    }
    return a.index - b.index;
  });
  return decorated.map((entry) => entry.document);
}

/** The `$sort` stage, in MongoDB's cross-type order. */
export function $sort(collection: Iterator, spec: SortSpec, _options: Options): Iterator {
  let sorted: Iterator | undefined;
  return Lazy(() => {
    sorted ??= Lazy(sortDocuments(collection.collect() as unknown[], spec));
    return sorted.next();
  });
}
