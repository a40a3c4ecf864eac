import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import Database from "better-sqlite3";
import { BSON, type Document } from "bson";

import { StoreStartError } from "../errors.js";

/** One collection as the catalog keeps it. */
export interface CollectionRecord {
  id: number;
  db: string;
  name: string;
  uuid: Buffer;
  options: Document;
  indexes: Document[];
}

/** A document written (`bytes`) or deleted (`bytes: null`) by one committed unit of work. */
export interface DocumentChange {
  collectionId: number;
  key: string;
  bytes: Buffer | null;
}

const FILE_NAME = "store.sqlite";

/**
 * The durable half of the store: a SQLite database in WAL mode with `synchronous = FULL`, so a
 * commit returns only once it is on disk. The process holds the file exclusively, so a second
 * store on the same data directory fails at start-up instead of corrupting it.
 */
export class Storage {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    try {
      // Only the store's own user may enter: its files and its socket are inside.
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chmodSync(dataDir, 0o700);
      this.db = new Database(join(dataDir, FILE_NAME), { timeout: 1000 });
    } catch (error) {
      throw new StoreStartError(
        "DATA_DIR_UNWRITABLE",
        `cannot create or open the data directory ${dataDir}: ${(error as Error).message}`,
      );
    }
    try {
      this.db.pragma("locking_mode = EXCLUSIVE");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS collections (
          id INTEGER PRIMARY KEY,
          db TEXT NOT NULL,
          name TEXT NOT NULL,
          uuid BLOB NOT NULL,
          options BLOB NOT NULL,
          indexes BLOB NOT NULL,
          UNIQUE (db, name)
        );
        CREATE TABLE IF NOT EXISTS documents (
          collection_id INTEGER NOT NULL,
          key TEXT NOT NULL,
          bytes BLOB NOT NULL,
          PRIMARY KEY (collection_id, key)
        );
      `);
    } catch (error) {
      this.db.close();
      const locked = /locked|busy/i.test((error as Error).message);
      throw new StoreStartError(
        locked ? "DATA_DIR_LOCKED" : "DATA_DIR_UNWRITABLE",
        locked
          ? `the data directory ${dataDir} is in use by another store process`
          : `cannot write to the data directory ${dataDir}: ${(error as Error).message}`,
      );
    }
    this.statements = {
      collections: this.db.prepare("SELECT * FROM collections ORDER BY id"),
      insertCollection: this.db.prepare(
        "INSERT INTO collections (db, name, uuid, options, indexes) VALUES (?, ?, ?, ?, ?)",
      ),
      setIndexes: this.db.prepare("UPDATE collections SET indexes = ? WHERE id = ?"),
      rename: this.db.prepare("UPDATE collections SET db = ?, name = ? WHERE id = ?"),
      deleteCollection: this.db.prepare("DELETE FROM collections WHERE id = ?"),
      deleteDocuments: this.db.prepare("DELETE FROM documents WHERE collection_id = ?"),
      documents: this.db
        .prepare("SELECT bytes FROM documents WHERE collection_id = ? ORDER BY rowid")
        .pluck(),
      // An upsert, not INSERT OR REPLACE: a replaced row would get a new rowid, and an updated
      // document would move to the end of natural order once the collection is reloaded.
      putDocument: this.db.prepare(
        `INSERT INTO documents (collection_id, key, bytes) VALUES (?, ?, ?)
         ON CONFLICT (collection_id, key) DO UPDATE SET bytes = excluded.bytes`,
      ),
      deleteDocument: this.db.prepare("DELETE FROM documents WHERE collection_id = ? AND key = ?"),
    };
  }

  loadCatalog(): CollectionRecord[] {
    return (this.statements.collections.all() as Record<string, unknown>[]).map((row) => ({
      id: row.id as number,
      db: row.db as string,
      name: row.name as string,
      uuid: row.uuid as Buffer,
      options: BSON.deserialize(row.options as Buffer),
      indexes: BSON.deserialize(row.indexes as Buffer).list as Document[],
    }));
  }

  createCollection(record: Omit<CollectionRecord, "id">): number {
    const result = this.statements.insertCollection.run(
      record.db,
      record.name,
      record.uuid,
      BSON.serialize(record.options),
      BSON.serialize({ list: record.indexes }),
    );
    return Number(result.lastInsertRowid);
  }

  setIndexes(collectionId: number, indexes: Document[]): void {
    this.statements.setIndexes.run(BSON.serialize({ list: indexes }), collectionId);
  }

  renameCollection(collectionId: number, db: string, name: string): void {
    this.statements.rename.run(db, name, collectionId);
  }

  dropCollection(collectionId: number): void {
    this.transaction(() => {
      this.statements.deleteDocuments.run(collectionId);
      this.statements.deleteCollection.run(collectionId);
    });
  }

  /** Raw BSON of every document of a collection, in insertion order of their keys. */
  loadDocuments(collectionId: number): Buffer[] {
    return this.statements.documents.all(collectionId) as Buffer[];
  }

  /** Writes all changes in one SQLite transaction: all of them reach the disk, or none. */
  commit(changes: Iterable<DocumentChange>): void {
    this.transaction(() => {
      for (const change of changes) {
        if (change.bytes) {
          this.statements.putDocument.run(change.collectionId, change.key, change.bytes);
        } else {
          this.statements.deleteDocument.run(change.collectionId, change.key);
        }
      }
    });
  }

  transaction(work: () => void): void {
    this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
