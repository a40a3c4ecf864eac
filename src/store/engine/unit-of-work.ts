import type { Document } from "bson";

import type { Filter } from "../query/mql.js";
import type { ChangeLog, Collection, FindOptions } from "./collection.js";
import type { DocumentChange, Storage } from "./storage.js";
import type { Writer } from "./writer.js";

/**
 * The writes of one command outside a transaction. Each write is visible at once (a command is
 * atomic because the store runs one command at a time); `commit` puts them on disk in one SQLite
 * transaction and, if that fails, takes every one of them back out of memory.
 */
export class UnitOfWork implements Writer, ChangeLog {
  private readonly changes = new Map<string, DocumentChange>();
  private readonly undo: (() => void)[] = [];

  constructor(private readonly storage: Storage) {}

  record(change: DocumentChange, undo: () => void): void {
    this.changes.set(`${change.collectionId}\u0000${change.key}`, change);
    this.undo.push(undo);
  }

  find(collection: Collection | undefined, filter: Filter, order?: FindOptions["order"]) {
    return collection ? collection.find(filter, { order }) : [];
  }

  insert(collection: Collection, document: Document): void {
    collection.insert(document, this);
  }

  replace(collection: Collection, before: Document, after: Document): void {
    collection.replace(before, after, this);
  }

  remove(collection: Collection, document: Document): void {
    collection.remove(document, this);
  }

  commit(): void {
    if (this.changes.size === 0) return;
    try {
      this.storage.commit(this.changes.values());
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  rollback(): void {
    for (const undo of this.undo.reverse()) undo();
    this.undo.length = 0;
    this.changes.clear();
  }
}
