import { Binary, type Document, Long, ObjectId } from "bson";

import type { Collection, IndexSpec } from "../engine/collection.js";
import { badValue, ErrorCode, MongoServerError, notSupported } from "../errors.js";
import { compileFilter } from "../query/mql.js";
import {
  MAX_BSON_OBJECT_SIZE,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_WRITE_BATCH_SIZE,
} from "../wire/protocol.js";
import {
  collectionName,
  type CommandContext,
  type Handler,
  optionalArray,
  optionalDocument,
} from "./context.js";

/** MongoDB 7.0's wire version: drivers enable sessions, retryable writes and transactions. */
const MAX_WIRE_VERSION = 21;
const VERSION = "7.0.0";
export const REPLICA_SET_NAME = "wizyty";
const ELECTION_ID = new ObjectId("7fffffff0000000000000001");

/**
 * The handshake presents a single-node replica set whose only member is this address, so that
 * drivers given a plain `mongodb://host:port/db` discover a primary that supports transactions.
 */
function hello(legacyName: boolean): Handler {
  return ({ address, connectionId }) => ({
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    secondary: false,
    setName: REPLICA_SET_NAME,
    setVersion: 1,
    hosts: [address],
    primary: address,
    me: address,
    electionId: ELECTION_ID,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
}

const buildInfo: Handler = () => ({
  version: VERSION,
  gitVersion: "wizyty-embedded-store",
  versionArray: [7, 0, 0, 0],
  modules: [],
  storageEngines: ["sqlite"],
  bits: 64,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  ok: 1,
});

const startedAt = Date.now();

/**
 * The part of MongoDB's serverStatus the store keeps: `metrics.queryExecutor.scanned` (index
 * keys examined) and `scannedObjects` (documents examined) by every query since it started.
 */
const serverStatus: Handler = ({ catalog, address }) => {
  const uptimeMillis = Date.now() - startedAt;
  return {
    host: address,
    version: VERSION,
    process: "wizyty-store",
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis: Long.fromNumber(uptimeMillis),
    localTime: new Date(),
    metrics: {
      queryExecutor: {
        scanned: Long.fromNumber(catalog.metrics.scanned),
        scannedObjects: Long.fromNumber(catalog.metrics.scannedObjects),
      },
    },
    ok: 1,
  };
};

const parameters: Document = {
  featureCompatibilityVersion: { version: "7.0" },
  transactionLifetimeLimitSeconds: 60,
  cursorTimeoutMillis: 600_000,
};

const getParameter: Handler = ({ command }) => {
  if (command.getParameter === "*" || command.allParameters === true)
    return { ...parameters, ok: 1 };
  const reply: Document = {};
  for (const name of Object.keys(command)) {
    if (name in parameters) reply[name] = parameters[name];
  }
  if (Object.keys(reply).length === 0) throw badValue("no option found to get");
  return { ...reply, ok: 1 };
};

function collectionInfo(collection: Collection): Document {
  return {
    name: collection.record.name,
    type: "collection",
    options: collection.record.options,
    info: { readOnly: false, uuid: new Binary(collection.record.uuid, Binary.SUBTYPE_UUID) },
    idIndex: { v: 2, key: { _id: 1 }, name: "_id_" },
  };
}

const listCollections: Handler = ({ command, catalog, db, cursors }) => {
  const matches = compileFilter(optionalDocument(command, "filter") ?? {});
  const infos = catalog
    .list(db)
    .map(collectionInfo)
    .filter(matches)
    .map((info) => (command.nameOnly === true ? { name: info.name, type: info.type } : info));
  return cursors.first(`${db}.$cmd.listCollections`, infos, undefined, true);
};

const listDatabases: Handler = ({ command, catalog }) => {
  const matches = compileFilter(optionalDocument(command, "filter") ?? {});
  const databases = catalog
    .databases()
    .map((name) => ({ name, sizeOnDisk: 0, empty: false }))
    .filter(matches);
  if (command.nameOnly === true)
    return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const create: Handler = (context) => {
  const { command, catalog, db } = context;
  const name = collectionName(context);
  for (const option of [
    "capped",
    "validator",
    "timeseries",
    "clusteredIndex",
    "viewOn",
    "collation",
    "changeStreamPreAndPostImages",
  ]) {
    if (command[option] !== undefined && command[option] !== false) {
      throw notSupported(`the collection option '${option}'`);
    }
  }
  catalog.create(db, name, {});
  return { ok: 1 };
};

const drop: Handler = (context) => {
  const name = collectionName(context);
  const collection = context.catalog.get(context.db, name);
  if (!collection) return { ok: 1 };
  const nIndexesWas = collection.indexSpecs().length;
  context.catalog.drop(context.db, name);
  return { ns: collection.namespace, nIndexesWas, ok: 1 };
};

const dropDatabase: Handler = ({ catalog, db }) => {
  for (const collection of catalog.list(db)) catalog.drop(db, collection.record.name);
  return { dropped: db, ok: 1 };
};

const renameCollection: Handler = ({ command, catalog }) => {
  const [fromDb, fromName] = splitNamespace(command.renameCollection);
  const [toDb, toName] = splitNamespace(command.to);
  const source = catalog.get(fromDb, fromName);
  if (!source)
    throw new MongoServerError(ErrorCode.NamespaceNotFound, "source namespace does not exist");
  if (catalog.get(toDb, toName)) {
    if (command.dropTarget !== true) {
      throw new MongoServerError(ErrorCode.NamespaceExists, "target namespace exists");
    }
    catalog.drop(toDb, toName);
  }
  catalog.rename(source, toDb, toName);
  return { ok: 1 };
};

function splitNamespace(value: unknown): [string, string] {
  const text = String(value ?? "");
  const at = text.indexOf(".");
  if (at <= 0 || at === text.length - 1) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid namespace specified '${text}'`);
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Index options the store implements; any other one is refused. */
const indexOptions = new Set([
  "key",
  "name",
  "unique",
  "sparse",
  "partialFilterExpression",
  "v",
  "background",
]);

function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join("_");
}

function normaliseIndex(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== "object" || Object.keys(key).length === 0) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      "Index key pattern must be a non-empty object",
    );
  }
  for (const [field, direction] of Object.entries(key)) {
    const number = Number(direction?.valueOf?.() ?? direction);
    if (number !== 1 && number !== -1)
      throw notSupported(`the index type '${String(direction)}' on '${field}'`);
  }
  for (const option of Object.keys(raw)) {
    if (!indexOptions.has(option)) throw notSupported(`the index option '${option}'`);
  }
  const spec: IndexSpec = {
    v: 2,
    key,
    name: typeof raw.name === "string" ? raw.name : defaultIndexName(key),
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression) {
    compileFilter(raw.partialFilterExpression);
    spec.partialFilterExpression = raw.partialFilterExpression as Document;
  }
  return spec;
}

const sameKey = (a: Document, b: Document) => JSON.stringify(a) === JSON.stringify(b);
const sameOptions = (a: IndexSpec, b: IndexSpec) =>
  JSON.stringify({ ...a, name: "" }) === JSON.stringify({ ...b, name: "" });

const createIndexes: Handler = (context) => {
  const { catalog, db } = context;
  const name = collectionName(context);
  const specs = (optionalArray(context.command, "indexes") ?? []).map(normaliseIndex);
  const createdCollectionAutomatically = !catalog.get(db, name);
  const collection = catalog.obtain(db, name);
  const numIndexesBefore = collection.indexSpecs().length;
  // All of the command's indexes or none: a later one failing takes back those built before it.
  const built: string[] = [];
  try {
    for (const spec of specs) {
      const existing = collection.indexSpecs();
      const byName = existing.find((index) => index.name === spec.name);
      if (byName) {
        if (!sameKey(byName.key, spec.key)) {
          throw new MongoServerError(
            ErrorCode.IndexKeySpecsConflict,
            `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
          );
        }
        if (!sameOptions(byName, spec)) {
          throw new MongoServerError(
            ErrorCode.IndexOptionsConflict,
            `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`,
          );
        }
        continue;
      }
      const byKey = existing.find(
        (index) => sameKey(index.key, spec.key) && sameOptions(index, spec),
      );
      if (byKey) {
        throw new MongoServerError(
          ErrorCode.IndexOptionsConflict,
          `Index already exists with a different name: ${byKey.name}`,
        );
      }
      collection.addIndex(spec);
      built.push(spec.name);
    }
  } catch (error) {
    for (const name of built) collection.dropIndex(name);
    throw error;
  }
  catalog.saveIndexes(collection);
  return {
    numIndexesBefore,
    numIndexesAfter: collection.indexSpecs().length,
    createdCollectionAutomatically,
    ok: 1,
  };
};

function requireCollection(context: CommandContext): Collection {
  const name = collectionName(context);
  const collection = context.catalog.get(context.db, name);
  if (!collection) {
    throw new MongoServerError(
      ErrorCode.NamespaceNotFound,
      `ns does not exist: ${context.db}.${name}`,
    );
  }
  return collection;
}

const listIndexes: Handler = (context) => {
  const collection = requireCollection(context);
  return context.cursors.first(collection.namespace, collection.indexSpecs(), undefined, true);
};

const dropIndexes: Handler = (context) => {
  const collection = requireCollection(context);
  const { index } = context.command;
  const specs = collection.indexSpecs();
  const nIndexesWas = specs.length;
  let names: string[];
  if (index === "*") {
    names = specs.map((spec) => spec.name).filter((name) => name !== "_id_");
  } else if (typeof index === "string" || Array.isArray(index)) {
    names = typeof index === "string" ? [index] : (index as string[]);
  } else if (index && typeof index === "object") {
    const found = specs.find((spec) => sameKey(spec.key, index as Document));
    if (!found)
      throw new MongoServerError(
        ErrorCode.IndexNotFound,
        `can't find index with key: ${JSON.stringify(index)}`,
      );
    names = [found.name];
  } else {
    throw badValue("dropIndexes requires 'index'");
  }
  for (const name of names) {
    if (name === "_id_")
      throw new MongoServerError(ErrorCode.InvalidOptions, "cannot drop _id index");
    if (!specs.some((spec) => spec.name === name)) {
      throw new MongoServerError(ErrorCode.IndexNotFound, `index not found with name [${name}]`);
    }
  }
  for (const name of names) collection.dropIndex(name);
  context.catalog.saveIndexes(collection);
  return { nIndexesWas, ok: 1 };
};

const ok: Handler = () => ({ ok: 1 });

export const adminCommands: Record<string, Handler> = {
  hello: hello(false),
  isMaster: hello(true),
  ismaster: hello(true),
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  endSessions: ok,
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  connectionStatus: () => ({
    authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
    ok: 1,
  }),
};
