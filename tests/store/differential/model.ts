// The differential property of the embedded store: random writes, index changes, clean restarts
// and kills of a real store process, each followed by random queries through the official
// driver, compared with a plain in-memory reference (documents in an array, mingo for matching).
// tests/store/differential.test.ts runs it briefly; `npm run fuzz` runs it long.
import { rmSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";

import fc from "fast-check";
import { Aggregator, find as mingoFind, update as mingoUpdate } from "mingo";
import {
  type Collection,
  type Document,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
} from "mongodb";

import { tempDir } from "../../support/store.js";
import {
  killStore,
  startStore,
  stopStore,
  type StoreProcess,
} from "../fixtures/store-processes.js";

// Small domains, so that filters match, unique keys clash and `_id`s repeat.
// A type, not an interface: mingo takes documents as records.
type Doc = {
  _id: number;
  a?: number;
  b?: number | string | null;
  c?: number;
};
type Field = "a" | "b" | "c";
type Filter = Document;
type IndexKey = Partial<Record<Field, 1 | -1>>;

type Write =
  | { kind: "insertOne"; doc: Doc }
  | { kind: "insertMany"; docs: Doc[]; ordered: boolean }
  | { kind: "updateOne" | "updateMany"; filter: Filter; update: Document }
  | { kind: "deleteOne" | "deleteMany"; filter: Filter }
  | { kind: "createIndex"; key: IndexKey; unique: boolean }
  | { kind: "dropIndex"; key: IndexKey };

type Query =
  | {
      kind: "find";
      filter: Filter;
      sort?: { field: Field | "_id"; direction: 1 | -1 };
      limit?: number;
    }
  | { kind: "count"; filter: Filter }
  | { kind: "aggregate"; filter: Filter; groupBy: Field }
  /** A find built from the state: the fields of an existing index, the values of a stored document. */
  | { kind: "probe"; index: number; doc: number; shape: ProbeShape };
type ProbeShape = "equality" | "in" | "range" | "prefix" | "sorted";

export type Step =
  | { kind: "write"; write: Write; queries: Query[] }
  | { kind: "restart" | "kill"; queries: Query[] };

// --- Arbitraries -------------------------------------------------------------------------------

const small = fc.integer({ min: 0, max: 4 });
const id = fc.integer({ min: 0, max: 11 });
const bValue = fc.oneof(small, fc.constantFrom("x", "y"), fc.constant(null));
const optional = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.option(arbitrary, { nil: undefined, freq: 4 });

const docArb: fc.Arbitrary<Doc> = fc
  .record({ _id: id, a: optional(small), b: optional(bValue), c: optional(small) })
  .map(
    (doc) =>
      Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as unknown as Doc,
  );

const field = fc.constantFrom<Field>("a", "b", "c");
const numericField = fc.constantFrom<"_id" | "a" | "c">("_id", "a", "c");
const anyValue = (name: string) => (name === "b" ? bValue : name === "_id" ? id : small);

// Mostly shapes an index can answer: equalities and $in on the fields indexes are built on.
const conditionField = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Field>("a", "b") },
  { weight: 1, arbitrary: fc.constantFrom<Field | "_id">("c", "_id") },
);
const condition: fc.Arbitrary<Filter> = fc.oneof(
  {
    weight: 5,
    arbitrary: conditionField.chain((name) =>
      fc.oneof(
        { weight: 3, arbitrary: anyValue(name).map((value) => ({ [name]: value })) },
        {
          weight: 2,
          arbitrary: fc
            .array(anyValue(name), { minLength: 1, maxLength: 3 })
            .map((values) => ({ [name]: { $in: values } })),
        },
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(numericField, fc.constantFrom("$gt", "$gte", "$lt", "$lte"), small, optional(small))
      .map(([name, operator, bound, upper]) => ({
        [name]: upper === undefined ? { [operator]: bound } : { [operator]: bound, $lt: upper + 1 },
      })),
  },
);

/** Nothing, one condition, or two (a compound filter when they are on different fields). */
const filterArb: fc.Arbitrary<Filter> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: condition },
  { weight: 3, arbitrary: fc.tuple(condition, condition).map(([x, y]) => ({ ...y, ...x })) },
);

const updateArb: fc.Arbitrary<Document> = fc
  .uniqueArray(
    fc.oneof(
      small.map((value) => ["$set", "a", value] as const),
      bValue.map((value) => ["$set", "b", value] as const),
      fc.integer({ min: -2, max: 2 }).map((value) => ["$inc", "c", value] as const),
      fc.constantFrom("a", "b", "c").map((name) => ["$unset", name, ""] as const),
    ),
    { minLength: 1, maxLength: 3, selector: ([, name]) => name },
  )
  .map((operations) => {
    const update: Record<string, Document> = {};
    for (const [operator, name, value] of operations) (update[operator] ??= {})[name] = value;
    return update;
  });

const indexKeyArb: fc.Arbitrary<IndexKey> = fc
  .uniqueArray(
    fc.tuple(
      conditionField.filter((name) => name !== "_id") as fc.Arbitrary<Field>,
      fc.constantFrom<1 | -1>(1, -1),
    ),
    {
      minLength: 1,
      maxLength: 2,
      selector: ([name]) => name,
    },
  )
  .map((pairs) => Object.fromEntries(pairs) as IndexKey);

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  { weight: 3, arbitrary: docArb.map((doc) => ({ kind: "insertOne" as const, doc })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ docs: fc.array(docArb, { minLength: 1, maxLength: 6 }), ordered: fc.boolean() })
      .map((w) => ({ kind: "insertMany" as const, ...w })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        kind: fc.constantFrom("updateOne" as const, "updateMany" as const),
        filter: filterArb,
        update: updateArb,
      })
      .map((w) => w as Write),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        kind: fc.constantFrom("deleteOne" as const, "deleteMany" as const),
        filter: filterArb,
      })
      .map((w) => w as Write),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ key: indexKeyArb, unique: fc.boolean() })
      .map((w) => ({ kind: "createIndex" as const, ...w })),
  },
  { weight: 1, arbitrary: indexKeyArb.map((key) => ({ kind: "dropIndex" as const, key })) },
);

const probeArb = fc.record({
  kind: fc.constant("probe" as const),
  index: fc.nat(),
  doc: fc.nat(),
  shape: fc.constantFrom<ProbeShape>("equality", "in", "range", "prefix", "sorted"),
});

const queryArb: fc.Arbitrary<Query> = fc.oneof(
  fc
    .record({
      filter: filterArb,
      sort: optional(
        fc.record({
          field: fc.constantFrom<Field | "_id">("_id", "a", "b", "c"),
          direction: fc.constantFrom<1 | -1>(1, -1),
        }),
      ),
      limit: optional(fc.integer({ min: 1, max: 4 })),
    })
    .map((q) => ({ kind: "find" as const, ...q })),
  filterArb.map((filter) => ({ kind: "count" as const, filter })),
  probeArb,
  fc
    .record({ filter: filterArb, groupBy: field })
    .map((q) => ({ kind: "aggregate" as const, ...q })),
);

const queriesArb = fc.array(queryArb, { minLength: 1, maxLength: 4 });

/** After a restart only the first query meets a collection nothing has loaded: an index probe. */
const probeFirst = fc
  .tuple(probeArb, queriesArb)
  .map(([probe, queries]): Query[] => [probe, ...queries]);

export const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    {
      weight: 24,
      arbitrary: fc.record({
        kind: fc.constant("write" as const),
        write: writeArb,
        queries: queriesArb,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("restart" as const), queries: probeFirst }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("kill" as const), queries: probeFirst }),
    },
  ),
  // Restarts cost a process start, queries almost nothing: long runs, few restarts in each.
  { minLength: 1, maxLength: 60, size: "medium" },
);

// --- The reference -----------------------------------------------------------------------------

interface Outcome {
  ok: boolean;
  code?: number;
  /** Inserted, matched, modified or deleted documents, as the driver reports them. */
  counts?: Document;
}

const indexName = (key: IndexKey) =>
  Object.entries(key)
    .map(([name, direction]) => `${name}_${direction}`)
    .join("_");

const DUPLICATE_KEY = 11000;
const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;
const INDEX_OPTIONS_CONFLICT = 85;

class DuplicateKey extends Error {}

/** What MongoDB does, with documents in natural order in an array. */
class Reference {
  docs: Doc[] = [];
  exists = false;
  indexes: { name: string; key: IndexKey; unique: boolean }[] = [];

  private uniqueKey(doc: Doc, key: IndexKey): string {
    // A missing field is null in an index key.
    return JSON.stringify(Object.keys(key).map((name) => doc[name as Field] ?? null));
  }

  /** Throws DuplicateKey when `doc` would clash with a stored document other than `self`. */
  private checkUnique(doc: Doc, self?: Doc): void {
    for (const other of this.docs) {
      if (other === self) continue;
      if (other._id === doc._id) throw new DuplicateKey();
      for (const index of this.indexes) {
        if (index.unique && this.uniqueKey(other, index.key) === this.uniqueKey(doc, index.key))
          throw new DuplicateKey();
      }
    }
  }

  matching(filter: Filter): Doc[] {
    return mingoFind(this.docs, filter).all() as Doc[];
  }

  apply(write: Write): Outcome {
    switch (write.kind) {
      case "insertOne":
      case "insertMany": {
        const docs = write.kind === "insertOne" ? [write.doc] : write.docs;
        const ordered = write.kind === "insertOne" || write.ordered;
        let inserted = 0;
        let failed = false;
        for (const doc of docs) {
          try {
            this.checkUnique(doc);
          } catch {
            failed = true;
            if (ordered) break;
            continue;
          }
          this.docs.push(structuredClone(doc));
          this.exists = true;
          inserted += 1;
        }
        return failed
          ? { ok: false, code: DUPLICATE_KEY, counts: { inserted } }
          : { ok: true, counts: { inserted } };
      }
      case "updateOne":
      case "updateMany": {
        let targets = this.matching(write.filter);
        if (write.kind === "updateOne") targets = targets.slice(0, 1);
        let modified = 0;
        for (const target of targets) {
          const after = structuredClone(target);
          if (mingoUpdate(after, write.update).length === 0) continue;
          try {
            this.checkUnique(after, target);
          } catch {
            return { ok: false, code: DUPLICATE_KEY };
          }
          this.docs[this.docs.indexOf(target)] = after;
          modified += 1;
        }
        return { ok: true, counts: { matched: targets.length, modified } };
      }
      case "deleteOne":
      case "deleteMany": {
        let targets = this.matching(write.filter);
        if (write.kind === "deleteOne") targets = targets.slice(0, 1);
        this.docs = this.docs.filter((doc) => !targets.includes(doc));
        return { ok: true, counts: { deleted: targets.length } };
      }
      case "createIndex": {
        const name = indexName(write.key);
        const existing = this.indexes.find((index) => index.name === name);
        this.exists = true;
        if (existing) {
          return existing.unique === write.unique
            ? { ok: true }
            : { ok: false, code: INDEX_OPTIONS_CONFLICT };
        }
        if (write.unique) {
          const keys = this.docs.map((doc) => this.uniqueKey(doc, write.key));
          if (new Set(keys).size < keys.length) return { ok: false, code: DUPLICATE_KEY };
        }
        this.indexes.push({ name, key: write.key, unique: write.unique });
        return { ok: true };
      }
      case "dropIndex": {
        if (!this.exists) return { ok: false, code: NAMESPACE_NOT_FOUND };
        const name = indexName(write.key);
        if (!this.indexes.some((index) => index.name === name))
          return { ok: false, code: INDEX_NOT_FOUND };
        this.indexes = this.indexes.filter((index) => index.name !== name);
        return { ok: true };
      }
    }
  }

  /**
   * Which document a single-document write picks, and which come first before a many-document
   * update fails, is the query plan's choice (natural or index order): the outcome is not the
   * reference's to predict.
   */
  isOrderDependent(write: Write, outcome: Outcome): boolean {
    if (write.kind === "updateOne" || write.kind === "deleteOne")
      return this.matching(write.filter).length > 1;
    return write.kind === "updateMany" && !outcome.ok;
  }

  /** A probe as the find it stands for; other queries as they are. */
  resolve(query: Query): Exclude<Query, { kind: "probe" }> {
    if (query.kind !== "probe") return query;
    const index = this.indexes[query.index % Math.max(this.indexes.length, 1)];
    const doc = this.docs[query.doc % Math.max(this.docs.length, 1)];
    if (!index || !doc) return { kind: "find", filter: { _id: query.doc % 12 } };
    const fields = Object.keys(index.key) as Field[];
    const first = fields[0]!;
    const valueOf = (name: Field) => doc[name] ?? null;
    const rest = Object.fromEntries(fields.slice(1).map((name) => [name, valueOf(name)]));
    const value = valueOf(first);
    switch (query.shape) {
      case "equality":
        return { kind: "find", filter: { [first]: value, ...rest } };
      case "in":
        return {
          kind: "find",
          filter: { [first]: { $in: [value, (query.doc % 5) + 1] }, ...rest },
        };
      case "range":
        return {
          kind: "find",
          filter:
            value === null ? { [first]: null } : { [first]: { $gte: value, $lte: value }, ...rest },
        };
      case "prefix":
        return { kind: "find", filter: { [first]: value } };
      case "sorted":
        return {
          kind: "find",
          filter: {},
          sort: { field: first, direction: index.key[first]! },
          limit: 3,
        };
    }
  }

  answer(query: Exclude<Query, { kind: "probe" }>): unknown {
    switch (query.kind) {
      case "find": {
        const cursor = mingoFind(this.docs, query.filter);
        if (!query.sort) return byId(cursor.all() as Doc[]);
        const sorted = cursor.sort(sortOf(query.sort));
        return (query.limit ? sorted.limit(query.limit) : sorted).all();
      }
      case "count":
        return this.matching(query.filter).length;
      case "aggregate":
        return new Aggregator(pipelineOf(query)).run(this.docs);
    }
  }
}

const byId = (docs: Doc[]) => [...docs].sort((x, y) => x._id - y._id);
const sortOf = (
  sort: NonNullable<Extract<Query, { kind: "find" }>["sort"]>,
): Record<string, 1 | -1> =>
  sort.field === "_id" ? { _id: sort.direction } : { [sort.field]: sort.direction, _id: 1 };
const pipelineOf = (query: Extract<Query, { kind: "aggregate" }>) => [
  { $match: query.filter },
  { $group: { _id: `$${query.groupBy}`, n: { $sum: 1 } } },
  { $sort: { _id: 1 } },
];

// --- The store ---------------------------------------------------------------------------------

/** One store process on one data directory, restarted or killed on demand; many runs share it. */
export class StoreUnderTest {
  private readonly dataDir = tempDir("wizyty-differential-");
  private process: StoreProcess | undefined;
  private client: MongoClient | undefined;
  private runs = 0;
  restarts = 0;
  kills = 0;

  async start(): Promise<void> {
    this.process = await startStore(this.dataDir);
    this.client = await new MongoClient(this.process.uri, {
      serverSelectionTimeoutMS: 5_000,
      serverMonitoringMode: "poll",
    }).connect();
  }

  async restart(how: "restart" | "kill"): Promise<void> {
    await this.client!.close(true);
    if (how === "kill") {
      await killStore(this.process!);
      this.kills += 1;
    } else {
      const code = await stopStore(this.process!);
      if (code !== 0) throw new Error(`the store exited with ${code} on SIGTERM`);
      this.restarts += 1;
    }
    await this.start();
  }

  /** A collection of a database no earlier run used. */
  nextCollection(): () => Collection<Doc> {
    const db = `differential_${++this.runs}`;
    return () => this.client!.db(db).collection<Doc>("docs");
  }

  async close(): Promise<void> {
    await this.client?.close(true);
    if (this.process) await stopStore(this.process);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function perform(collection: Collection<Doc>, write: Write): Promise<Outcome> {
  try {
    switch (write.kind) {
      case "insertOne":
        await collection.insertOne(structuredClone(write.doc));
        return { ok: true, counts: { inserted: 1 } };
      case "insertMany": {
        const result = await collection.insertMany(structuredClone(write.docs), {
          ordered: write.ordered,
        });
        return { ok: true, counts: { inserted: result.insertedCount } };
      }
      case "updateOne":
      case "updateMany": {
        const result = await collection[write.kind](write.filter, write.update);
        return {
          ok: true,
          counts: { matched: result.matchedCount, modified: result.modifiedCount },
        };
      }
      case "deleteOne":
      case "deleteMany": {
        const result = await collection[write.kind](write.filter);
        return { ok: true, counts: { deleted: result.deletedCount } };
      }
      case "createIndex":
        await collection.createIndex(write.key, write.unique ? { unique: true } : {});
        return { ok: true };
      case "dropIndex":
        await collection.dropIndex(indexName(write.key));
        return { ok: true };
    }
  } catch (error) {
    if (error instanceof MongoBulkWriteError) {
      return {
        ok: false,
        code: Number(error.code),
        counts: { inserted: error.result.insertedCount },
      };
    }
    if (error instanceof MongoServerError) return { ok: false, code: Number(error.code) };
    throw error;
  }
}

async function ask(
  collection: Collection<Doc>,
  query: Exclude<Query, { kind: "probe" }>,
): Promise<unknown> {
  switch (query.kind) {
    case "find": {
      if (!query.sort) return byId(await collection.find(query.filter).toArray());
      const cursor = collection.find(query.filter).sort(sortOf(query.sort));
      return (query.limit ? cursor.limit(query.limit) : cursor).toArray();
    }
    case "count":
      return collection.countDocuments(query.filter);
    case "aggregate":
      return collection.aggregate(pipelineOf(query)).toArray();
  }
}

/** Outcomes compare without the counts of a write that failed part way (the driver hides some). */
function sameOutcome(expected: Outcome, actual: Outcome): boolean {
  if (expected.ok !== actual.ok || expected.code !== actual.code) return false;
  return (
    expected.counts === undefined ||
    actual.counts === undefined ||
    isDeepStrictEqual(expected.counts, actual.counts)
  );
}

const show = (value: unknown) => JSON.stringify(value);

/**
 * After a write whose outcome depends on the plan, the store's documents must still be ones the
 * write could have left: each changed document matched the filter and is what the update (or
 * the delete) makes of it. The reference then takes the store's documents.
 */
function adopt(reference: Reference, write: Write, before: Doc[], after: Doc[]): void {
  const filter = "filter" in write ? write.filter : {};
  const matched = new Set(reference.matching(filter).map((doc) => doc._id));
  const now = new Map(after.map((doc) => [doc._id, doc]));
  for (const doc of before) {
    const stored = now.get(doc._id);
    if (isDeepStrictEqual(stored, doc)) continue;
    let allowed = false;
    if (matched.has(doc._id)) {
      if (write.kind === "deleteOne") allowed = stored === undefined;
      else if ("update" in write) {
        const updated = structuredClone(doc);
        mingoUpdate(updated, write.update);
        allowed = isDeepStrictEqual(stored, updated);
      }
    }
    if (!allowed) {
      throw new Error(
        `${write.kind} left ${show(stored)} where the reference had ${show(doc)}, which it may not`,
      );
    }
  }
  if (after.length > before.length) throw new Error(`${write.kind} added documents`);
  reference.docs = reference.docs.filter((doc) => now.has(doc._id)).map((doc) => now.get(doc._id)!);
}

/** Runs the steps against the store and the reference; throws at the first disagreement. */
export async function runSteps(store: StoreUnderTest, steps: Step[]): Promise<void> {
  const collection = store.nextCollection();
  const reference = new Reference();
  for (const [number, step] of steps.entries()) {
    const where = `step ${number + 1} (${step.kind === "write" ? step.write.kind : step.kind})`;
    if (step.kind === "write") {
      const before = structuredClone(reference.docs);
      const expected = reference.apply(step.write);
      const actual = await perform(collection(), step.write);
      if (!sameOutcome(expected, actual)) {
        throw new Error(
          `${where}: the store answered ${show(actual)}, the reference ${show(expected)}`,
        );
      }
      if (reference.isOrderDependent(step.write, expected)) {
        reference.docs = before;
        adopt(reference, step.write, before, await collection().find().sort({ _id: 1 }).toArray());
      }
    } else {
      await store.restart(step.kind);
    }
    for (const asked of step.queries) {
      const query = reference.resolve(asked);
      const expected = reference.answer(query);
      const actual = await ask(collection(), query);
      if (!isDeepStrictEqual(actual, expected)) {
        throw new Error(
          `${where}, query ${show(query)}: the store answered ${show(actual)}, the reference ${show(expected)}`,
        );
      }
    }
  }
  const all = await collection().find().sort({ _id: 1 }).toArray();
  if (!isDeepStrictEqual(all, byId(reference.docs))) {
    throw new Error(
      `at the end the store holds ${show(all)}, the reference ${show(byId(reference.docs))}`,
    );
  }
}

/** The property, for fc.assert (vitest) or fc.check (the fuzz runner). */
export const differentialProperty = (store: StoreUnderTest) =>
  fc.asyncProperty(stepsArb, (steps) => runSteps(store, steps));
