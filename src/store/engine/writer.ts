import type { Document } from "bson";

import type { Filter } from "../query/mql.js";
import type { Collection, FindOptions } from "./collection.js";

/**
 * What a command reads and writes through: straight into the collections (a unit of work that
 * commits when the command ends), or into a multi-document transaction's private overlay.
 */
export interface Writer {
  /** Matching documents in natural order (or sorted and limited), as this writer sees them. */
  find(
    collection: Collection | undefined,
    filter: Filter,
    order?: FindOptions["order"],
  ): Document[];
  insert(collection: Collection, document: Document): void;
  replace(collection: Collection, before: Document, after: Document): void;
  remove(collection: Collection, document: Document): void;
}
