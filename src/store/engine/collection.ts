import { BSON, type Document } from "bson";

import { badValue, ErrorCode, MongoServerError } from "../errors.js";
import { isPlainObject } from "../query/clone.js";
import { canonicalKey } from "../query/keys.js";
import { compileFilter, type Filter } from "../query/mql.js";
import { valuesAtPath } from "../query/paths.js";
import { MAX_BSON_OBJECT_SIZE } from "../wire/protocol.js";
import type { CollectionRecord, DocumentChange } from "./storage.js";

export type IndexSpec = Document & { key: Document; name: string };

/** Collects what one unit of work changed, and how to take it back if the disk write fails. */
export interface ChangeLog {
  record(change: DocumentChange, undo: () => void): void;
}

const MAX_KEYS_PER_DOCUMENT = 10_000;

/** A secondary index kept in memory: index key → keys of the documents that carry it. */
class Index {
  readonly fields: string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  private readonly partial?: (document: Document) => boolean;
  private readonly entries = new Map<string, Set<string>>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression);
  }

  /** Usable to answer an equality query: it holds every document. */
  get complete(): boolean {
    return !this.sparse && !this.partial;
  }

  /** The index keys of a document; none when a sparse or partial index leaves it out. */
  keysOf(document: Document): string[] {
    if (this.partial && !this.partial(document)) return [];
    const perField = this.fields.map((field) => valuesAtPath(document, field));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    let keys: unknown[][] = [[]];
    for (const values of perField) {
      const distinct = new Map(values.map((value) => [canonicalKey(value), value]));
      keys = keys.flatMap((prefix) => [...distinct.values()].map((value) => [...prefix, value]));
      if (keys.length > MAX_KEYS_PER_DOCUMENT) {
        throw badValue(`too many index keys for index ${this.spec.name}`);
      }
    }
    return keys.map((values) => canonicalKey(values));
  }

  lookup(key: string): ReadonlySet<string> | undefined {
    return this.entries.get(key);
  }

  add(documentKey: string, document: Document): void {
    for (const key of this.keysOf(document)) {
      let holders = this.entries.get(key);
      if (!holders) this.entries.set(key, (holders = new Set()));
      holders.add(documentKey);
    }
  }

  remove(documentKey: string, document: Document): void {
    for (const key of this.keysOf(document)) {
      const holders = this.entries.get(key);
      holders?.delete(documentKey);
      if (holders?.size === 0) this.entries.delete(key);
    }
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

function isScalar(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== "object") return true;
  if (Array.isArray(value) || value instanceof RegExp) return false;
  return !isPlainObject(value); // Date, ObjectId, …
}

/** The single value a filter requires `path` to equal, when it is a plain scalar equality. */
function equalityOn(filter: Filter, path: string): unknown {
  const condition = filter[path];
  if (isScalar(condition)) return condition;
  if (condition && typeof condition === "object" && !Array.isArray(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === "$eq" && isScalar(condition.$eq)) return condition.$eq;
  }
  return undefined;
}

/**
 * One collection in memory: documents by `_id` and secondary indexes. Stored documents are never
 * changed in place; an update replaces the object, so readers may hold on to what they got.
 */
export class Collection {
  private loaded: Map<string, Document> | undefined;
  private indexes: Index[] = [];

  constructor(
    readonly record: CollectionRecord,
    private readonly load: () => Buffer[],
  ) {
    this.indexes = record.indexes
      .filter((spec) => spec.name !== "_id_")
      .map((spec) => new Index(spec as IndexSpec));
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
        for (const index of this.indexes) index.add(key, document);
      }
      this.loaded = documents;
    }
    return this.loaded;
  }

  private get loadedIndexes(): Index[] {
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

  /** Documents that may match `filter`: one index's worth where an equality allows, else all. */
  candidates(filter: Filter): Iterable<Document> {
    const id = equalityOn(filter, "_id");
    if (id !== undefined) {
      const document = this.documents.get(canonicalKey(id));
      return document ? [document] : [];
    }
    for (const index of this.loadedIndexes) {
      if (!index.complete) continue;
      const values = index.fields.map((field) => equalityOn(filter, field));
      if (values.some((value) => value === undefined)) continue;
      const holders = index.lookup(canonicalKey(values)) ?? [];
      return [...holders].map((key) => this.documents.get(key)!);
    }
    return this.documents.values();
  }

  find(filter: Filter): Document[] {
    const matches = compileFilter(filter);
    const result: Document[] = [];
    for (const document of this.candidates(filter)) if (matches(document)) result.push(document);
    return result;
  }

  /**
   * Throws DuplicateKey when `document` (stored, or about to be, under `key`) would share a
   * unique index key with another document. Documents whose keys are in `ignore` do not count.
   */
  checkUnique(key: string, document: Document, ignore?: (key: string) => boolean): void {
    for (const index of this.loadedIndexes) {
      if (!index.unique) continue;
      for (const indexKey of index.keysOf(document)) {
        for (const holder of index.lookup(indexKey) ?? []) {
          if (holder !== key && !ignore?.(holder))
            throw index.duplicateError(this.namespace, document);
        }
      }
    }
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
    const index = new Index(spec);
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
    for (const index of this.indexes) index.add(key, document);
  }

  /** Replaces a document keeping its place in natural order. */
  private swap(key: string, before: Document, after: Document): void {
    for (const index of this.indexes) index.remove(key, before);
    this.documents.set(key, after);
    for (const index of this.indexes) index.add(key, after);
  }

  private delete(key: string, document: Document): void {
    this.documents.delete(key);
    for (const index of this.indexes) index.remove(key, document);
  }
}
