import { randomUUID } from "node:crypto";

import type { Document } from "bson";

import { ErrorCode, MongoServerError } from "../errors.js";
import { Collection, type QueryMetrics } from "./collection.js";
import { Storage } from "./storage.js";
import { UnitOfWork } from "./unit-of-work.js";

const validName = /^[^\0$]+$/;

/** Every database and collection of the store, over one Storage. */
export class Catalog {
  readonly storage: Storage;
  private readonly collections = new Map<string, Collection>();
  /** Index keys and documents examined by every query since the store started. */
  readonly metrics: QueryMetrics = { scanned: 0, scannedObjects: 0 };

  constructor(dataDir: string) {
    this.storage = new Storage(dataDir);
    for (const record of this.storage.loadCatalog()) {
      this.collections.set(`${record.db}.${record.name}`, this.wrap(record));
    }
  }

  private wrap(record: Collection["record"]): Collection {
    return new Collection(record, () => this.storage.loadDocuments(record.id), this.metrics);
  }

  get(db: string, name: string): Collection | undefined {
    return this.collections.get(`${db}.${name}`);
  }

  /** The collection, created on first use the way MongoDB creates it implicitly. */
  obtain(db: string, name: string): Collection {
    return this.get(db, name) ?? this.create(db, name, {});
  }

  create(db: string, name: string, options: Document): Collection {
    if (!validName.test(db) || /[/\\. "]/.test(db)) {
      throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid database name: '${db}'`);
    }
    if (!validName.test(name) || name.startsWith("system.")) {
      throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid collection name: ${name}`);
    }
    if (this.get(db, name)) {
      throw new MongoServerError(
        ErrorCode.NamespaceExists,
        `Collection ${db}.${name} already exists.`,
      );
    }
    const record = {
      db,
      name,
      uuid: Buffer.from(randomUUID().replaceAll("-", ""), "hex"),
      options,
      indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }],
    };
    const collection = this.wrap({ ...record, id: this.storage.createCollection(record) });
    this.collections.set(collection.namespace, collection);
    return collection;
  }

  drop(db: string, name: string): boolean {
    const collection = this.get(db, name);
    if (!collection) return false;
    this.storage.dropCollection(collection.record.id);
    this.collections.delete(collection.namespace);
    return true;
  }

  /** Saves a collection's index list after it changed in memory. */
  saveIndexes(collection: Collection): void {
    this.storage.setIndexes(collection.record.id, collection.record.indexes);
  }

  rename(collection: Collection, db: string, name: string): void {
    this.storage.renameCollection(collection.record.id, db, name);
    this.collections.delete(collection.namespace);
    collection.record.db = db;
    collection.record.name = name;
    this.collections.set(collection.namespace, collection);
  }

  list(db?: string): Collection[] {
    return [...this.collections.values()].filter((c) => db === undefined || c.record.db === db);
  }

  databases(): string[] {
    return [...new Set([...this.collections.values()].map((c) => c.record.db))].sort();
  }

  unitOfWork(): UnitOfWork {
    return new UnitOfWork(this.storage);
  }

  close(): void {
    this.storage.close();
  }
}
