import type { Document } from "bson";

import type { Collection } from "../engine/collection.js";
import { asServerError, ErrorCode, failedToParse, MongoServerError } from "../errors.js";
import {
  applyUpdate,
  type Filter,
  projectDocuments,
  updateKind,
  type UpdateSpec,
  upsertSeed,
} from "../query/mql.js";
import { MAX_WRITE_BATCH_SIZE } from "../wire/protocol.js";
import {
  collectionName,
  type CommandContext,
  type Handler,
  optionalArray,
  optionalDocument,
  refuseUnsupportedOptions,
  withId,
} from "./context.js";

/**
 * Runs each operation of a write batch; with `ordered` (the default) it stops at the first
 * error. Errors become `writeErrors` entries, as MongoDB reports them.
 */
function runBatch<T>(
  context: CommandContext,
  field: string,
  operation: (entry: T, index: number) => void,
): Document {
  const entries = optionalArray(context.command, field) as T[] | undefined;
  if (!entries) throw failedToParse(`BSON field '${field}' is missing but a required field`);
  if (entries.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoServerError(
      ErrorCode.InvalidOptions,
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}`,
    );
  }
  const ordered = context.command.ordered !== false;
  const writeErrors: Document[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      operation(entry, index);
    } catch (error) {
      // Inside a transaction the first error aborts everything, as in MongoDB.
      if (context.inTransaction) throw error;
      writeErrors.push(asServerError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors.length > 0 ? { writeErrors } : {};
}

const insert: Handler = (context) => {
  const collection = context.catalog.obtain(context.db, collectionName(context));
  let n = 0;
  const outcome = runBatch<Document>(context, "documents", (document) => {
    context.writer.insert(collection, withId(document));
    n += 1;
  });
  return { n, ...outcome, ok: 1 };
};

interface UpdateStatement {
  q?: Filter;
  u: UpdateSpec;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Document[];
  collation?: Document;
}

/** Inserts the document an upsert creates and returns it. */
function upsert(
  context: CommandContext,
  collection: Collection,
  filter: Filter,
  update: UpdateSpec,
  arrayFilters?: Document[],
): Document {
  const seed = upsertSeed(filter);
  const created =
    updateKind(update) === "replacement"
      ? { ...(seed._id === undefined ? {} : { _id: seed._id }), ...(update as Document) }
      : applyUpdate(seed, update, { inserting: true, arrayFilters }).document;
  const document = withId(created);
  context.writer.insert(collection, document);
  return document;
}

const update: Handler = (context) => {
  const name = collectionName(context);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const outcome = runBatch<UpdateStatement>(context, "updates", (statement, index) => {
    refuseUnsupportedOptions(statement, []);
    const filter = statement.q ?? {};
    const kind = updateKind(statement.u);
    if (statement.multi && kind === "replacement") {
      throw failedToParse("multi update is not supported for replacement-style update");
    }
    const existing = context.catalog.get(context.db, name);
    let matches = context.writer.find(existing, filter);
    if (!statement.multi) matches = matches.slice(0, 1);
    for (const document of matches) {
      const result = applyUpdate(document, statement.u, {
        arrayFilters: statement.arrayFilters,
        query: filter,
      });
      if (result.changed) {
        context.writer.replace(existing!, document, result.document);
        nModified += 1;
      }
    }
    n += matches.length;
    if (matches.length === 0 && statement.upsert) {
      const collection = context.catalog.obtain(context.db, name);
      const created = upsert(context, collection, filter, statement.u, statement.arrayFilters);
      upserted.push({ index, _id: created._id });
      n += 1;
    }
  });
  return { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ...outcome, ok: 1 };
};

const remove: Handler = (context) => {
  const collection = context.catalog.get(context.db, collectionName(context));
  let n = 0;
  const outcome = runBatch<{ q?: Filter; limit?: number; collation?: Document }>(
    context,
    "deletes",
    (statement) => {
      refuseUnsupportedOptions(statement, []);
      if (statement.limit !== 0 && statement.limit !== 1 && statement.limit !== undefined) {
        throw failedToParse("The limit field in delete objects must be 0 or 1");
      }
      let matches = context.writer.find(collection, statement.q ?? {});
      if (statement.limit === 1) matches = matches.slice(0, 1);
      for (const document of matches) context.writer.remove(collection!, document);
      n += matches.length;
    },
  );
  return { n, ...outcome, ok: 1 };
};

const findAndModify: Handler = (context) => {
  const { command } = context;
  refuseUnsupportedOptions(command, ["let"]);
  const name = collectionName(context);
  const filter = optionalDocument(command, "query") ?? {};
  const removing = command.remove === true;
  const updateSpec = command.update as UpdateSpec | undefined;
  if (removing && updateSpec !== undefined) {
    throw failedToParse("Cannot specify both an update and remove=true");
  }
  if (!removing && updateSpec === undefined) {
    throw failedToParse("Either an update or remove=true must be specified");
  }
  const existing = context.catalog.get(context.db, name);
  const sort = optionalDocument(command, "sort");
  const order = sort && Object.keys(sort).length > 0 ? { sort, limit: 1 } : undefined;
  const found = context.writer.find(existing, filter, order)[0];
  const arrayFilters = optionalArray(command, "arrayFilters");
  let value: Document | null = null;
  let lastErrorObject: Document;
  if (removing) {
    if (found) context.writer.remove(existing!, found);
    value = found ?? null;
    lastErrorObject = { n: found ? 1 : 0 };
  } else if (found) {
    const result = applyUpdate(found, updateSpec!, { arrayFilters, query: filter });
    if (result.changed) context.writer.replace(existing!, found, result.document);
    value = command.new === true ? result.document : found;
    lastErrorObject = { n: 1, updatedExisting: true };
  } else if (command.upsert === true) {
    const collection = context.catalog.obtain(context.db, name);
    const created = upsert(context, collection, filter, updateSpec!, arrayFilters);
    value = command.new === true ? created : null;
    lastErrorObject = { n: 1, updatedExisting: false, upserted: created._id };
  } else {
    lastErrorObject = { n: 0, updatedExisting: false };
  }
  const fields = optionalDocument(command, "fields");
  if (value && fields) value = projectDocuments([value], fields)[0] ?? null;
  return { lastErrorObject, value, ok: 1 };
};

export const writeCommands: Record<string, Handler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
