import type { Document } from "bson";

import { writeConflict } from "../errors.js";
import { compileFilter, type Filter } from "../query/mql.js";
import { sortDocuments } from "../query/sort.js";
import {
  type Collection,
  currentWrite,
  documentKey,
  encodeDocument,
  type FindOptions,
} from "./collection.js";
import type { Storage } from "./storage.js";
import { UnitOfWork } from "./unit-of-work.js";
import type { Writer } from "./writer.js";

interface Staged {
  collection: Collection;
  /** The committed document this transaction first saw (object identity is its version). */
  base: Document | undefined;
  /** What the transaction wants there: a document, or null for deleted. */
  document: Document | null;
}

/**
 * A multi-document transaction: its writes go to a private overlay that its own reads see and
 * nobody else does. Commit checks that no document it wrote was changed by someone else since it
 * first read it (first committer wins, like MongoDB's WriteConflict) and then applies everything
 * in one unit of work: all of it reaches the disk, or none. A unique key (or `_id`) it takes that
 * a document written after it began also holds is a WriteConflict too, as in MongoDB, where such
 * a document is outside the transaction's snapshot: two transactions that both create the same
 * new document end with one of them retried, not with a duplicate key error.
 */
export class Transaction implements Writer {
  private readonly staged = new Map<Collection, Map<string, Staged>>();
  private readonly startedAt = currentWrite();

  private stagedIn(collection: Collection): Map<string, Staged> {
    let entries = this.staged.get(collection);
    if (!entries) this.staged.set(collection, (entries = new Map()));
    return entries;
  }

  find(collection: Collection | undefined, filter: Filter, order?: FindOptions["order"]) {
    if (!collection) return [];
    const entries = this.staged.get(collection);
    if (!entries || entries.size === 0) return collection.find(filter, { order });
    const result = collection.find(filter, { except: (key) => entries.has(key) });
    const matches = compileFilter(filter);
    for (const entry of entries.values()) {
      if (entry.document && matches(entry.document)) result.push(entry.document);
    }
    return order ? sortDocuments(result, order.sort).slice(0, order.limit) : result;
  }

  insert(collection: Collection, document: Document): void {
    const key = documentKey(document);
    const entry = this.stagedIn(collection).get(key);
    const existing = entry ? entry.document : collection.get(key);
    if (!entry && collection.writtenSince(key, this.startedAt)) throw writeConflict();
    if (existing) throw collection.clash(existing, document)!;
    this.stage(collection, key, entry?.base ?? collection.get(key), document);
  }

  replace(collection: Collection, before: Document, after: Document): void {
    const key = documentKey(before);
    const entry = this.stagedIn(collection).get(key);
    this.stage(collection, key, entry ? entry.base : before, after);
  }

  remove(collection: Collection, document: Document): void {
    const key = documentKey(document);
    const entry = this.stagedIn(collection).get(key);
    this.stagedIn(collection).set(key, {
      collection,
      base: entry ? entry.base : document,
      document: null,
    });
  }

  private stage(
    collection: Collection,
    key: string,
    base: Document | undefined,
    document: Document,
  ) {
    encodeDocument(document); // size check now, not at commit
    const entries = this.stagedIn(collection);
    collection.checkUnique(key, document, {
      ignore: (holder) => entries.has(holder),
      since: this.startedAt,
    });
    for (const [otherKey, other] of entries) {
      if (otherKey === key || !other.document) continue;
      const clash = collection.clash(other.document, document);
      if (clash) throw clash;
    }
    entries.set(key, { collection, base, document });
  }

  commit(storage: Storage): void {
    const entries = [...this.staged.values()].flatMap((byKey) => [...byKey]);
    for (const [key, entry] of entries) {
      if (entry.collection.get(key) !== entry.base) throw writeConflict();
    }
    // A unique key free when it was staged may have been taken by a commit since.
    for (const [collection, byKey] of this.staged) {
      for (const [key, { document }] of byKey) {
        if (!document) continue;
        collection.checkUnique(key, document, {
          ignore: (holder) => byKey.has(holder),
          since: this.startedAt,
        });
      }
    }
    const work = new UnitOfWork(storage);
    try {
      // Removals first, then replacements, then inserts, so that a unique key the transaction
      // moved from one document to another is free by the time it is taken.
      for (const [, { collection, base, document }] of entries) {
        if (base && !document) work.remove(collection, base);
      }
      for (const [, { collection, base, document }] of entries) {
        if (base && document) work.replace(collection, base, document);
      }
      for (const [, { collection, base, document }] of entries) {
        if (!base && document) work.insert(collection, document);
      }
    } catch (error) {
      work.rollback();
      throw error;
    }
    work.commit();
  }
}
