import { BSON, type Document } from "bson";

import { ErrorCode, MongoServerError, writeConflict } from "../errors.js";
import { compareValues } from "../query/compare.js";
import { canonicalKey } from "../query/keys.js";
import { compileFilter, type Filter } from "../query/mql.js";
import { parseSort, sortDocuments, type SortSpec } from "../query/sort.js";
import { MAX_BSON_OBJECT_SIZE } from "../wire/protocol.js";
import { type FieldCondition, fieldConditions } from "./conditions.js";
import { type IndexSpec, type Range, SecondaryIndex } from "./secondary-index.js";
import type { CollectionRecord, DocumentChange } from "./storage.js";

export type { IndexSpec } from "./secondary-index.js";

/** Collects what one unit of work changed, and how to take it back if the disk write fails. */
export interface ChangeLog {
  record(change: DocumentChange, undo: () => void): void;
}

/** MongoDB's `metrics.queryExecutor` counters: index keys and documents examined by queries. */
export interface QueryMetrics {
  scanned: number;
  scannedObjects: number;
}

export interface FindOptions {
  /** Documents to leave out (a transaction's own versions stand in for them). */
  except?: (key: string) => boolean;
  /** Only the first `limit` matches in `sort` order, sorted. */
  order?: { sort: SortSpec; limit: number };
}

/** At most this many index prefixes from the `$in` lists of a compound index's fields. */
const MAX_PREFIXES = 1000;

/** Counts writes to stored documents, so a transaction can tell what was written since it began. */
let writeClock = 0;
const writtenAt = new WeakMap<Document, number>();

export const currentWrite = (): number => writeClock;

function idDuplicateError(namespace: string, id: unknown): MongoServerError {
  return new MongoServerError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
    { extra: { keyPattern: { _id: 1 }, keyValue: { _id: id } } },
  );
}

/** Serialises a document for the disk, enforcing MongoDB's 16 MB document limit. */
export function encodeDocument(document: Document): Buffer {
  const serialized = BSON.serialize(document, { ignoreUndefined: true });
  const bytes = Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength);
  if (bytes.length > MAX_BSON_OBJECT_SIZE) {
    throw new MongoServerError(
      ErrorCode.BSONObjectTooLarge,
      `object to insert too large. size in bytes: ${bytes.length}, max size: ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
  return bytes;
}

export const documentKey = (document: Document): string => canonicalKey(document._id);

interface Plan {
  index: SecondaryIndex;
  prefixes: unknown[][];
  range?: Range;
}

/**
 * One collection in memory: documents by `_id` and secondary indexes. Stored documents are never
 * changed in place; an update replaces the object, so readers may hold on to what they got.
 * Queries read documents in natural order (insertion order), whichever index found them.
 */
export class Collection {
  private loaded: Map<string, Document> | undefined;
  private indexes: SecondaryIndex[] = [];
  /** Each document's place in natural order. */
  private readonly ordinals = new Map<string, number>();
  private nextOrdinal = 0;

  constructor(
    readonly record: CollectionRecord,
    private readonly load: () => Buffer[],
    private readonly metrics: QueryMetrics,
  ) {
    this.indexes = record.indexes
      .filter((spec) => spec.name !== "_id_")
      .map((spec) => new SecondaryIndex(spec as IndexSpec));
  }

  get namespace(): string {
    return `${this.record.db}.${this.record.name}`;
  }

  /**
   * The documents, loaded from disk on first use. The secondary indexes are filled by the same
   * load, so every method that consults an index must reach it through `loadedIndexes`.
   */
  private get documents(): Map<string, Document> {
    if (!this.loaded) {
      const documents = new Map<string, Document>();
      for (const bytes of this.load()) {
        const document = BSON.deserialize(bytes);
        const key = documentKey(document);
        documents.set(key, document);
        this.ordinals.set(key, this.nextOrdinal++);
        for (const index of this.indexes) index.add(key, document);
      }
      this.loaded = documents;
    }
    return this.loaded;
  }

  private get loadedIndexes(): SecondaryIndex[] {
    void this.documents;
    return this.indexes;
  }

  get size(): number {
    return this.documents.size;
  }

  get(key: string): Document | undefined {
    return this.documents.get(key);
  }

  values(): IterableIterator<Document> {
    return this.documents.values();
  }

  indexSpecs(): IndexSpec[] {
    return [{ v: 2, key: { _id: 1 }, name: "_id_" }, ...this.indexes.map((index) => index.spec)];
  }

  /** Matching documents in natural order, or the first `order.limit` of them in sort order. */
  find(filter: Filter, options: FindOptions = {}): Document[] {
    const matches = compileFilter(filter);
    const conditions = fieldConditions(filter);
    const examine = (keys: Iterable<string>, into: Document[]) => {
      for (const key of keys) {
        if (options.except?.(key)) continue;
        const document = this.documents.get(key)!;
        this.metrics.scannedObjects += 1;
        if (matches(document)) into.push(document);
      }
    };
    if (options.order) {
      const walked = this.inIndexOrder(conditions, options.order, examine);
      if (walked) return walked;
    }
    const result: Document[] = [];
    examine(this.candidates(conditions), result);
    if (!options.order) return result;
    return sortDocuments(result, options.order.sort).slice(0, options.order.limit);
  }

  private byOrdinal = (a: string, b: string): number =>
    this.ordinals.get(a)! - this.ordinals.get(b)!;

  /** Keys of the documents that may match: those an index finds for the conditions, else all. */
  private candidates(conditions: Map<string, FieldCondition>): Iterable<string> {
    const ids = conditions.get("_id")?.points;
    if (ids) {
      const keys = new Set(ids.map(canonicalKey).filter((key) => this.documents.has(key)));
      this.metrics.scanned += keys.size;
      return [...keys].sort(this.byOrdinal);
    }
    const plan = this.plan(conditions);
    if (!plan) return this.documents.keys();
    const keys = new Set<string>();
    for (const prefix of plan.prefixes) {
      for (const entry of plan.index.scan(prefix, plan.range)) {
        this.metrics.scanned += entry.holders.size;
        for (const holder of entry.holders) keys.add(holder);
      }
    }
    return [...keys].sort(this.byOrdinal);
  }

  /**
   * The index that narrows the conditions most: equality or `$in` on its leading fields (every
   * combination of their values), then a range on the next one. A sparse index holds every
   * document with a value on a constrained field; a partial one may not, so it is never used.
   */
  private plan(conditions: Map<string, FieldCondition>): Plan | undefined {
    let best: (Plan & { score: number }) | undefined;
    for (const index of this.loadedIndexes) {
      if (!index.usable) continue;
      let prefixes: unknown[][] = [[]];
      let depth = 0;
      let range: Range | undefined;
      for (const field of index.fields) {
        const condition = conditions.get(field);
        const points = condition?.points;
        if (points && prefixes.length * points.length <= MAX_PREFIXES) {
          prefixes = prefixes.flatMap((prefix) => points.map((point) => [...prefix, point]));
          depth += 1;
          continue;
        }
        range = condition?.range;
        // A document with several values on the field may meet each bound with another one.
        if (range && index.multikey && range.low) range = { rank: range.rank, low: range.low };
        break;
      }
      const score = depth * 2 + (range ? 1 : 0);
      if (score > 0 && (!best || score > best.score)) best = { index, prefixes, range, score };
    }
    return best;
  }

  /**
   * A sort the index order gives: the leading index fields fixed to one value each, the sort on
   * the fields after them (all in the index's directions, or all reversed). Walks the index and
   * stops once `limit` documents matched; documents tied on the sort fields keep natural order,
   * as a stable sort would leave them. Undefined when no index fits.
   */
  private inIndexOrder(
    conditions: Map<string, FieldCondition>,
    order: { sort: SortSpec; limit: number },
    examine: (keys: Iterable<string>, into: Document[]) => void,
  ): Document[] | undefined {
    const sort = parseSort(order.sort);
    for (const index of this.loadedIndexes) {
      // Only an index with one key per document orders documents; a sparse one leaves some out.
      if (!index.complete || index.multikey) continue;
      const prefix: unknown[] = [];
      for (const field of index.fields) {
        const points = conditions.get(field)?.points;
        if (points?.length !== 1) break;
        prefix.push(points[0]);
      }
      const depth = prefix.length;
      const fixed = new Set(index.fields.slice(0, depth));
      const keys = sort.filter(([path]) => !fixed.has(path));
      if (keys.length === 0 || depth + keys.length > index.fields.length) continue;
      const reverse = keys[0]![1] !== index.directions[depth];
      const fits = keys.every(
        ([path, direction], i) =>
          path === index.fields[depth + i] &&
          (direction === index.directions[depth + i]) !== reverse,
      );
      if (!fits) continue;
      const range = conditions.get(index.fields[depth]!)?.range;
      const result: Document[] = [];
      let group: string[] = [];
      let groupValues: unknown[] | undefined;
      for (const entry of index.scan(prefix, range, reverse)) {
        const values = entry.values.slice(depth, depth + keys.length);
        if (groupValues && values.some((value, i) => compareValues(value, groupValues![i]) !== 0)) {
          examine(group.sort(this.byOrdinal), result);
          group = [];
          if (result.length >= order.limit) break;
        }
        groupValues = values;
        this.metrics.scanned += entry.holders.size;
        group.push(...entry.holders);
      }
      examine(group.sort(this.byOrdinal), result);
      return result.slice(0, order.limit);
    }
    return undefined;
  }

  /**
   * Throws DuplicateKey when `document` (stored, or about to be, under `key`) would share a
   * unique index key with another document. Documents whose keys are in `ignore` do not count.
   * With `since` (a transaction's start), a clash with a document written after it is a
   * WriteConflict instead: the transaction could not have seen it, and may succeed when retried.
   */
  checkUnique(
    key: string,
    document: Document,
    options: { ignore?: (key: string) => boolean; since?: number } = {},
  ): void {
    for (const index of this.loadedIndexes) {
      if (!index.unique) continue;
      for (const indexKey of index.keysOf(document)) {
        for (const holder of index.lookup(indexKey) ?? []) {
          if (holder === key || options.ignore?.(holder)) continue;
          if (options.since !== undefined && this.writtenSince(holder, options.since)) {
            throw writeConflict();
          }
          throw index.duplicateError(this.namespace, document);
        }
      }
    }
  }

  /** Whether the stored document under `key` was written after the write clock read `since`. */
  writtenSince(key: string, since: number): boolean {
    const document = this.documents.get(key);
    return document !== undefined && (writtenAt.get(document) ?? 0) > since;
  }

  /** The unique-index error two documents would raise if both were stored, if any. */
  clash(a: Document, b: Document): MongoServerError | undefined {
    if (documentKey(a) === documentKey(b)) return idDuplicateError(this.namespace, a._id);
    for (const index of this.indexes) {
      if (!index.unique) continue;
      const keys = new Set(index.keysOf(a));
      if (index.keysOf(b).some((key) => keys.has(key)))
        return index.duplicateError(this.namespace, b);
    }
    return undefined;
  }

  insert(document: Document, log: ChangeLog): void {
    const key = documentKey(document);
    if (this.documents.has(key)) throw idDuplicateError(this.namespace, document._id);
    const bytes = encodeDocument(document);
    this.checkUnique(key, document);
    this.put(key, document);
    log.record({ collectionId: this.record.id, key, bytes }, () => this.delete(key, document));
  }

  replace(before: Document, after: Document, log: ChangeLog): void {
    const key = documentKey(before);
    const bytes = encodeDocument(after);
    this.checkUnique(key, after);
    this.swap(key, before, after);
    log.record({ collectionId: this.record.id, key, bytes }, () => this.swap(key, after, before));
  }

  remove(document: Document, log: ChangeLog): void {
    const key = documentKey(document);
    this.delete(key, document);
    log.record({ collectionId: this.record.id, key, bytes: null }, () => this.put(key, document));
  }

  /** Builds an index over the existing documents; fails without change on a duplicate. */
  addIndex(spec: IndexSpec): void {
    const index = new SecondaryIndex(spec);
    for (const [key, document] of this.documents) {
      if (index.unique) {
        for (const indexKey of index.keysOf(document)) {
          if ((index.lookup(indexKey)?.size ?? 0) > 0)
            throw index.duplicateError(this.namespace, document);
        }
      }
      index.add(key, document);
    }
    this.indexes.push(index);
    this.record.indexes = this.indexSpecs();
  }

  dropIndex(name: string): void {
    this.indexes = this.indexes.filter((index) => index.spec.name !== name);
    this.record.indexes = this.indexSpecs();
  }

  private put(key: string, document: Document): void {
    this.documents.set(key, document);
    this.ordinals.set(key, this.nextOrdinal++);
    writtenAt.set(document, ++writeClock);
    for (const index of this.indexes) index.add(key, document);
  }

  /** Replaces a document keeping its place in natural order. */
  private swap(key: string, before: Document, after: Document): void {
    for (const index of this.indexes) index.remove(key, before);
    this.documents.set(key, after);
    writtenAt.set(after, ++writeClock);
    for (const index of this.indexes) index.add(key, after);
  }

  private delete(key: string, document: Document): void {
    this.documents.delete(key);
    this.ordinals.delete(key);
    for (const index of this.indexes) index.remove(key, document);
  }
}
