// The store's only door to mingo: filters, projections, pipelines and updates, evaluated with the
// operators in ./operators.ts and with MongoDB's error codes on failure.
import type { Document } from "bson";
import { Aggregator } from "mingo/aggregator";
import { Query } from "mingo/query";
import type { Options } from "mingo/types";
import { update as mingoUpdate } from "mingo/updater";

import { badValue, ErrorCode, failedToParse, MongoServerError } from "../errors.js";
import { cloneDocument, isPlainObject } from "./clone.js";
import { normalizeRegexes } from "./filters.js";
import { canonicalKey } from "./keys.js";
import { storeContext } from "./operators.js";
import { prepareProjection } from "./projection.js";
import { prepareModifiers } from "./update.js";

export type Filter = Document;
export type CollectionResolver = (name: string) => Document[];

const baseOptions: Partial<Options> = { context: storeContext, scriptEnabled: false };

/** Runs `work`, turning mingo's errors into MongoDB's error shape. */
function evaluate<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof MongoServerError) throw error;
    if (error instanceof Error && /immutable field/.test(error.message)) {
      throw new MongoServerError(ErrorCode.ImmutableField, error.message);
    }
    const message = error instanceof Error ? error.message : String(error);
    throw unclaimed(message) ?? badValue(message);
  }
}

const notClaimed =
  "; the embedded store does not support it (use a real MongoDB through MONGODB_URI)";

/** mingo's "unknown operator" errors, in MongoDB's words and codes, for operators not claimed. */
function unclaimed(message: string): MongoServerError | undefined {
  const stage = /^unregistered pipeline operator (\$\w+)/.exec(message);
  if (stage)
    return new MongoServerError(
      40324,
      `Unrecognized pipeline stage name: '${stage[1]}'${notClaimed}`,
    );
  const expression = /^accumulator '(\$\w+)' is not registered/.exec(message);
  if (expression) {
    return new MongoServerError(
      168,
      `Unrecognized expression or accumulator '${expression[1]}'${notClaimed}`,
    );
  }
  const query = /^unknown (?:query|top level) operator:? (\$\w+)/.exec(message);
  if (query) return badValue(`unknown operator: ${query[1]}${notClaimed}`);
  if (/^\$where operator requires/.test(message))
    return badValue(`unknown top level operator: $where${notClaimed}`);
  return undefined;
}

function requireDocument(value: unknown, what: string): Document {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new MongoServerError(ErrorCode.TypeMismatch, `${what} must be an object`);
  }
  return value as Document;
}

/** A predicate for `filter`; an empty filter matches everything. */
export function compileFilter(filter: unknown): (document: Document) => boolean {
  const criteria = requireDocument(filter, "filter");
  if (Object.keys(criteria).length === 0) return () => true;
  const query = evaluate(() => new Query(normalizeRegexes(criteria), baseOptions));
  return (document) => evaluate(() => query.test(document));
}

export function projectDocuments(documents: Document[], projection: unknown): Document[] {
  const spec = requireDocument(projection, "projection");
  if (Object.keys(spec).length === 0) return documents;
  const prepared = evaluate(() => prepareProjection(spec));
  const projected =
    Object.keys(prepared.spec).length === 0
      ? documents
      : evaluate(() => new Query({}, baseOptions).find<Document>(documents, prepared.spec).all());
  return projected.map(prepared.finish);
}

/**
 * Runs an aggregation pipeline. Inputs are cloned by mingo (CLONE_INPUT) because several stages
 * write into the documents they are given, and stored documents must never change in place.
 */
export function runPipeline(
  documents: Iterable<Document>,
  pipeline: Document[],
  resolver: CollectionResolver,
): Document[] {
  return evaluate(() =>
    new Aggregator(pipeline, {
      ...baseOptions,
      processingMode: 1 /* ProcessingMode.CLONE_INPUT */,
      collectionResolver: resolver,
    }).run<Document>([...documents]),
  );
}

export type UpdateSpec = Document | Document[];

export interface UpdateOptions {
  arrayFilters?: Document[];
  /** The filter that selected the document: gives meaning to the positional `$`. */
  query?: Filter;
  /** The document is being created by an upsert: `$setOnInsert` applies. */
  inserting?: boolean;
}

const updateOperators = new Set([
  "$set",
  "$unset",
  "$inc",
  "$mul",
  "$min",
  "$max",
  "$rename",
  "$push",
  "$addToSet",
  "$pull",
  "$pullAll",
  "$pop",
  "$currentDate",
  "$setOnInsert",
  "$bit",
]);
const updatePipelineStages = new Set([
  "$addFields",
  "$set",
  "$project",
  "$unset",
  "$replaceRoot",
  "$replaceWith",
]);

export type UpdateKind = "operators" | "replacement" | "pipeline";

/** Classifies an update and rejects malformed ones before anything is written. */
export function updateKind(update: unknown): UpdateKind {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = stage && typeof stage === "object" ? Object.keys(stage)[0] : undefined;
      if (!name || !updatePipelineStages.has(name)) {
        throw badValue(`${name ?? "a stage"} is not allowed to be used within an update`);
      }
    }
    return "pipeline";
  }
  const spec = requireDocument(update, "update");
  const keys = Object.keys(spec);
  const operators = keys.filter((key) => key.startsWith("$"));
  if (operators.length === 0) return "replacement";
  if (operators.length !== keys.length) {
    throw failedToParse(
      `Unknown modifier: ${keys.find((key) => !key.startsWith("$"))}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const operator of operators) {
    if (!updateOperators.has(operator)) {
      throw failedToParse(
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    requireDocument(
      spec[operator],
      `Modifiers operate on fields but we found another type instead: ${operator}`,
    );
  }
  return "operators";
}

/**
 * Returns the updated copy of `document` (never changing the original) and whether anything
 * changed. The `_id` must stay the same.
 */
export function applyUpdate(
  document: Document,
  update: UpdateSpec,
  options: UpdateOptions = {},
): { document: Document; changed: boolean } {
  const kind = updateKind(update);
  let next: Document;
  if (kind === "replacement") {
    next = { _id: document._id, ...cloneDocument(update as Document) };
    if (next._id === undefined) delete next._id;
  } else if (kind === "pipeline") {
    next = runPipeline([document], update as Document[], () => [])[0] ?? {};
  } else {
    next = cloneDocument(document);
    const { $setOnInsert, ...modifiers } = update as Document;
    if (options.inserting && $setOnInsert) {
      modifiers.$set = {
        ...(modifiers.$set as Document | undefined),
        ...($setOnInsert as Document),
      };
    }
    if (modifiers.$pull) modifiers.$pull = normalizeRegexes(modifiers.$pull);
    const arrayFilters = normalizeRegexes(options.arrayFilters);
    evaluate(() => requireClaimedConditions(modifiers.$pull as Document | undefined, arrayFilters));
    const prepared = evaluate(() => prepareModifiers(document, modifiers));
    if (Object.keys(prepared).length > 0) {
      evaluate(() =>
        mingoUpdate(
          next,
          prepared,
          arrayFilters,
          hasKeys(options.query) ? normalizeRegexes(options.query) : undefined,
          {
            cloneMode: "deep",
            queryOptions: baseOptions,
          },
        ),
      );
    }
  }
  if (document._id !== undefined && canonicalKey(next._id) !== canonicalKey(document._id)) {
    throw new MongoServerError(
      ErrorCode.ImmutableField,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  return { document: next, changed: canonicalKey(next) !== canonicalKey(document) };
}

const hasKeys = (value: Document | undefined): value is Document =>
  value !== undefined && Object.keys(value).length > 0;

/**
 * mingo's updater evaluates `arrayFilters` and `$pull` conditions with every query operator it
 * has; compiling them with the store's operators first refuses the ones the store does not claim.
 */
function requireClaimedConditions(
  pull: Document | undefined,
  arrayFilters: Document[] | undefined,
): void {
  for (const filter of arrayFilters ?? []) new Query(filter, baseOptions);
  for (const condition of Object.values(pull ?? {})) {
    if (condition === null || typeof condition !== "object" || Array.isArray(condition)) continue;
    if (Object.getPrototypeOf(condition) !== Object.prototype) continue;
    const operators = Object.keys(condition).some((key) => key.startsWith("$"));
    new Query(operators ? { value: condition } : (condition as Document), baseOptions);
  }
}

/** The document an upsert starts from: the equality conditions of its filter (MongoDB rules). */
export function upsertSeed(filter: Filter): Document {
  const seed: Document = {};
  const visit = (criteria: Document) => {
    for (const [key, condition] of Object.entries(criteria)) {
      if (key === "$and" && Array.isArray(condition)) {
        condition.forEach((part) => visit(part as Document));
      } else if (!key.startsWith("$")) {
        const value = equalityValue(condition);
        if (value.found) setPath(seed, key, cloneDocument(value.value));
      }
    }
  };
  visit(requireDocument(filter, "filter"));
  return seed;
}

function equalityValue(condition: unknown): { found: boolean; value?: unknown } {
  if (!isPlainObject(condition)) return { found: true, value: condition };
  const keys = Object.keys(condition);
  if (!keys.some((key) => key.startsWith("$"))) return { found: true, value: condition };
  if ("$eq" in condition) return { found: true, value: (condition as Document).$eq };
  return { found: false };
}

function setPath(target: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1]!] = value;
}
