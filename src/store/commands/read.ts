import type { Document } from "bson";

import { badValue, notSupported, typeMismatch } from "../errors.js";
import { isPlainObject } from "../query/clone.js";
import { compareValues } from "../query/compare.js";
import { canonicalKey } from "../query/keys.js";
import { projectDocuments, runPipeline } from "../query/mql.js";
import { valuesAtPath } from "../query/paths.js";
import { sortDocuments } from "../query/sort.js";
import {
  collectionName,
  type CommandContext,
  type Handler,
  optionalArray,
  optionalDocument,
  optionalNumber,
  refuseUnsupportedOptions,
  withId,
} from "./context.js";

function matching(
  context: CommandContext,
  filter: Document | undefined,
  order?: { sort: Document; limit: number },
): Document[] {
  const collection = context.catalog.get(context.db, collectionName(context));
  return context.writer.find(collection, filter ?? {}, order);
}

function skipAndLimit(documents: Document[], skip = 0, limit = 0): Document[] {
  if (skip < 0) throw badValue("skip value must be non-negative");
  const end = limit === 0 ? undefined : skip + Math.abs(limit);
  return documents.slice(skip, end);
}

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value > 0;

const find: Handler = (context) => {
  const { command } = context;
  refuseUnsupportedOptions(command, ["let", "min", "max", "returnKey", "showRecordId", "tailable"]);
  const filter = optionalDocument(command, "filter");
  const sort = optionalDocument(command, "sort");
  const limit = optionalNumber(command, "limit") ?? 0;
  const skip = optionalNumber(command, "skip");
  let documents: Document[];
  if (sort && limit !== 0 && Object.keys(sort).length > 0) {
    // Sorted and cut by the collection, which can walk an index in order and stop early.
    documents = matching(context, filter, {
      sort,
      limit: Math.max(skip ?? 0, 0) + Math.abs(limit),
    });
  } else {
    documents = matching(context, filter);
    if (sort) documents = sortDocuments(documents, sort);
  }
  documents = skipAndLimit(documents, skip, limit);
  documents = projectDocuments(documents, optionalDocument(command, "projection"));
  const singleBatch = command.singleBatch === true || limit < 0;
  const namespace = `${context.db}.${collectionName(context)}`;
  return context.cursors.first(
    namespace,
    documents,
    optionalNumber(command, "batchSize"),
    singleBatch,
  );
};

const getMore: Handler = ({ command, cursors, db }) => {
  if (typeof command.collection !== "string") throw typeMismatch("getMore requires 'collection'");
  return cursors.more(
    command.getMore,
    command.collection,
    db,
    optionalNumber(command, "batchSize"),
  );
};

const killCursors: Handler = (context) =>
  context.cursors.kill((optionalArray(context.command, "cursors") ?? []) as unknown as number[]);

const aggregate: Handler = (context) => {
  const { command, catalog, db, writer } = context;
  if (typeof command.aggregate !== "string") {
    throw notSupported("aggregate without a collection ($documents, $currentOp…)");
  }
  refuseUnsupportedOptions(command, ["let", "explain"]);
  const cursor = optionalDocument(command, "cursor");
  if (!cursor) {
    throw badValue(
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const pipeline = [...(optionalArray(command, "pipeline") ?? [])];
  // Leading $match stages go through the collection's indexes (and a transaction's own writes).
  const filters: Document[] = [];
  while (pipeline[0] && "$match" in pipeline[0]) {
    filters.push(pipeline.shift()!.$match as Document);
  }
  const last = pipeline[pipeline.length - 1];
  const out = last && "$out" in last ? (pipeline.pop()!.$out as unknown) : undefined;
  if (pipeline.some((stage) => "$merge" in stage || "$out" in stage)) {
    throw notSupported("$merge, and $out anywhere but the last stage,");
  }
  // So do a $sort and a $limit right after them.
  const sort = pipeline[0]?.$sort as Document | undefined;
  const limit = pipeline[1]?.$limit as unknown;
  let order: { sort: Document; limit: number } | undefined;
  if (isPlainObject(sort) && Object.keys(sort).length > 0 && isPositiveInteger(limit)) {
    order = { sort, limit };
    pipeline.splice(0, 2);
  }
  const source = matching(context, filters.length > 0 ? { $and: filters } : undefined, order);
  const resolver = (name: string) => writer.find(catalog.get(db, name), {});
  const results = pipeline.length > 0 ? runPipeline(source, pipeline, resolver) : source;
  const namespace = `${db}.${command.aggregate}`;
  if (out !== undefined) {
    writeOut(context, out, results);
    return context.cursors.first(namespace, [], 0, true);
  }
  return context.cursors.first(namespace, results, optionalNumber(cursor, "batchSize"));
};

/** `$out`: replaces the target collection's documents with the pipeline's results. */
function writeOut(context: CommandContext, out: unknown, results: Document[]): void {
  const target = typeof out === "string" ? { db: context.db, coll: out } : (out as Document);
  if (typeof target.coll !== "string") throw badValue("$out requires a collection name");
  if (context.inTransaction) throw notSupported("$out inside a transaction");
  const collection = context.catalog.obtain(
    typeof target.db === "string" ? target.db : context.db,
    target.coll,
  );
  for (const document of context.writer.find(collection, {})) {
    context.writer.remove(collection, document);
  }
  for (const document of results) context.writer.insert(collection, withId(document));
}

const count: Handler = (context) => {
  const { command } = context;
  refuseUnsupportedOptions(command, []);
  const documents = skipAndLimit(
    matching(context, optionalDocument(command, "query")),
    optionalNumber(command, "skip"),
    optionalNumber(command, "limit"),
  );
  return { n: documents.length, ok: 1 };
};

const distinct: Handler = (context) => {
  const { command } = context;
  refuseUnsupportedOptions(command, []);
  if (typeof command.key !== "string") throw typeMismatch("distinct requires a string 'key'");
  const values = new Map<string, unknown>();
  for (const document of matching(context, optionalDocument(command, "query"))) {
    for (const value of valuesAtPath(document, command.key)) {
      if (value !== undefined) values.set(canonicalKey(value), value);
    }
  }
  return { values: [...values.values()].sort(compareValues), ok: 1 };
};

export const readCommands: Record<string, Handler> = {
  find,
  getMore,
  killCursors,
  aggregate,
  count,
  distinct,
};
