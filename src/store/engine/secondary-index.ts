import type { Document } from "bson";

import { badValue, ErrorCode, MongoServerError } from "../errors.js";
import { compareValues, rank } from "../query/compare.js";
import { canonicalKey } from "../query/keys.js";
import { compileFilter } from "../query/mql.js";
import { leafValues, valuesAtPath } from "../query/paths.js";

export type IndexSpec = Document & { key: Document; name: string };

const MAX_KEYS_PER_DOCUMENT = 10_000;

/** One index key: the values of the index's fields, and the documents that carry them. */
export interface IndexEntry {
  values: unknown[];
  key: string;
  holders: Set<string>;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** Values of one BSON type between optional bounds (MongoDB's type bracketing). */
export interface Range {
  rank: number;
  low?: Bound;
  high?: Bound;
}

/** Where `value` lies with respect to `range` in ascending BSON order: -1 below, 0 in, 1 above. */
function position(value: unknown, range: Range): number {
  const type = rank(value);
  if (type !== range.rank) return Math.sign(type - range.rank);
  if (range.low) {
    const order = compareValues(value, range.low.value);
    if (order < 0 || (order === 0 && !range.low.inclusive)) return -1;
  }
  if (range.high) {
    const order = compareValues(value, range.high.value);
    if (order > 0 || (order === 0 && !range.high.inclusive)) return 1;
  }
  return 0;
}

/**
 * A secondary index kept in memory: index key → keys of the documents that carry it, and the
 * same entries in the index's order (each field ascending or descending, values in BSON order)
 * for ranges, prefixes and sorts. The ordered list is built on the first ordered read and then
 * kept up to date by binary insertion.
 */
export class SecondaryIndex {
  readonly fields: string[];
  readonly directions: (1 | -1)[];
  readonly unique: boolean;
  readonly sparse: boolean;
  private readonly partial?: (document: Document) => boolean;
  private readonly entries = new Map<string, IndexEntry>();
  private ordered: IndexEntry[] | undefined;
  /**
   * Some document holds an array (or several values) on an indexed path. Such a document has
   * several keys, so bounds on one field may not be intersected and the order is no sort order.
   */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.directions = Object.values(spec.key).map((direction) =>
      Number(direction?.valueOf?.() ?? direction) < 0 ? -1 : 1,
    );
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression);
  }

  /** Holds every document that has a value on one of its fields (all of them unless sparse). */
  get usable(): boolean {
    return !this.partial;
  }

  /** Holds every document of the collection, so its order can serve a sort. */
  get complete(): boolean {
    return !this.sparse && !this.partial;
  }

  /** The value tuples a document is indexed under; none when a sparse or partial index leaves it out. */
  private tuplesOf(document: Document): unknown[][] {
    if (this.partial && !this.partial(document)) return [];
    const perField = this.fields.map((field) => valuesAtPath(document, field));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const distinct = new Map(values.map((value) => [canonicalKey(value), value]));
      tuples = tuples.flatMap((prefix) =>
        [...distinct.values()].map((value) => [...prefix, value]),
      );
      if (tuples.length > MAX_KEYS_PER_DOCUMENT) {
        throw badValue(`too many index keys for index ${this.spec.name}`);
      }
    }
    return tuples;
  }

  keysOf(document: Document): string[] {
    return this.tuplesOf(document).map((values) => canonicalKey(values));
  }

  lookup(key: string): ReadonlySet<string> | undefined {
    return this.entries.get(key)?.holders;
  }

  add(documentKey: string, document: Document): void {
    if (!this.multikey) {
      this.multikey = this.fields.some((field) => {
        const leaves = leafValues(document, field);
        return leaves.length > 1 || leaves.some(Array.isArray);
      });
    }
    for (const values of this.tuplesOf(document)) {
      const key = canonicalKey(values);
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { values, key, holders: new Set() };
        this.entries.set(key, entry);
        if (this.ordered) this.ordered.splice(this.firstAtOrAfter(values), 0, entry);
      }
      entry.holders.add(documentKey);
    }
  }

  remove(documentKey: string, document: Document): void {
    for (const values of this.tuplesOf(document)) {
      const key = canonicalKey(values);
      const entry = this.entries.get(key);
      if (!entry) continue;
      entry.holders.delete(documentKey);
      if (entry.holders.size > 0) continue;
      this.entries.delete(key);
      if (this.ordered) {
        // Entries that compare equal (a string and a symbol) may sit side by side: find this one.
        let at = this.firstAtOrAfter(entry.values);
        while (at < this.ordered.length && this.ordered[at] !== entry) at++;
        this.ordered.splice(at, 1);
      }
    }
  }

  private compareTuples(a: unknown[], b: unknown[], fields = this.fields.length): number {
    for (let i = 0; i < fields; i++) {
      const order = compareValues(a[i], b[i]) * this.directions[i]!;
      if (order !== 0) return order;
    }
    return 0;
  }

  private get sorted(): IndexEntry[] {
    this.ordered ??= [...this.entries.values()].sort((a, b) =>
      this.compareTuples(a.values, b.values),
    );
    return this.ordered;
  }

  /** The first position in order whose `where` is not negative; `where` must not decrease along it. */
  private search(where: (entry: IndexEntry) => number): number {
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (where(sorted[middle]!) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private firstAtOrAfter(values: unknown[]): number {
    return this.search((entry) => this.compareTuples(entry.values, values));
  }

  /**
   * The entries whose first fields equal `prefix` and whose next field lies in `range` (any value
   * when no range), in index order, or in reverse order.
   */
  *scan(prefix: unknown[], range?: Range, reverse = false): Generator<IndexEntry> {
    const next = prefix.length;
    const where = (entry: IndexEntry): number => {
      const order = this.compareTuples(entry.values, prefix, next);
      if (order !== 0 || !range) return Math.sign(order);
      return position(entry.values[next], range) * this.directions[next]!;
    };
    const start = this.search(where);
    const end = this.search((entry) => (where(entry) > 0 ? 0 : -1));
    const sorted = this.sorted;
    if (reverse) for (let i = end - 1; i >= start; i--) yield sorted[i]!;
    else for (let i = start; i < end; i++) yield sorted[i]!;
  }

  duplicateError(namespace: string, document: Document): MongoServerError {
    const keyValue: Document = {};
    for (const field of this.fields) keyValue[field] = valuesAtPath(document, field)[0] ?? null;
    const shown = this.fields
      .map((field) => `${field}: ${JSON.stringify(keyValue[field]) ?? "null"}`)
      .join(", ");
    return new MongoServerError(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${namespace} index: ${this.spec.name} dup key: { ${shown} }`,
      { extra: { keyPattern: this.spec.key, keyValue } },
    );
  }
}
