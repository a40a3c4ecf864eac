import { lstatSync } from "node:fs";

import mongoose, { type Connection } from "mongoose";

import type { Config } from "../config.js";
import {
  type EmbeddedStore,
  socketPath,
  socketUri,
  startEmbeddedStore,
  StoreStartError,
} from "../store/index.js";
import { StartupError } from "./errors.js";

export type DatabaseConfig = Pick<Config, "mongodbUri" | "dbName" | "dataDir" | "storePort">;

export interface DatabaseOptions {
  /** How long to wait for MongoDB before giving up; tests shorten it. */
  serverSelectionTimeoutMS?: number;
  /** Emit the driver's `commandStarted` events (tests count database round trips with it). */
  monitorCommands?: boolean;
  /**
   * When another process (the running service) holds DATA_DIR, connect to the store it serves,
   * on its socket in DATA_DIR or on STORE_PORT, instead of failing. For command-line tools.
   */
  joinRunningStore?: boolean;
}

/** Where the data lives, for the start-up log line; never holds credentials. */
export type DatabaseLocation =
  | { kind: "embedded"; dataDir: string; uri: string; dbName: string }
  | { kind: "external"; hosts: string; dbName: string };

export interface Database {
  /** Each subgraph takes its own database from it with `connection.useDb(name)`. */
  readonly connection: Connection;
  readonly location: DatabaseLocation;
  /** Connected and answering a ping; never throws. */
  isReady(): Promise<boolean>;
  /** Disconnects mongoose, then stops the embedded store if one was started. */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 2_000;

export async function connectDatabase(
  config: DatabaseConfig,
  options: DatabaseOptions = {},
): Promise<Database> {
  // Set here rather than left to defaults that have changed between mongoose majors.
  mongoose.set("strictQuery", true);
  mongoose.set("sanitizeFilter", true);
  const driverOptions = {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
    monitorCommands: options.monitorCommands ?? false,
  };
  return config.mongodbUri
    ? connectExternal(config.mongodbUri, config.dbName, driverOptions)
    : connectEmbedded(config, driverOptions, options.joinRunningStore ?? false);
}

type DriverOptions = Pick<
  Required<DatabaseOptions>,
  "serverSelectionTimeoutMS" | "monitorCommands"
>;

async function connectExternal(
  uri: string,
  dbName: string,
  driverOptions: DriverOptions,
): Promise<Database> {
  const hosts = authorityOf(uri).replace(/^.*@/, "");
  try {
    const connection = await openConnection(uri, dbName, driverOptions);
    return database(connection, { kind: "external", hosts, dbName });
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error), uri);
    throw new StartupError(`Cannot connect to MONGODB_URI (${hosts}): ${reason}`, { cause: error });
  }
}

async function connectEmbedded(
  config: DatabaseConfig,
  driverOptions: DriverOptions,
  joinRunningStore: boolean,
): Promise<Database> {
  const { dataDir, dbName } = config;
  let store: EmbeddedStore;
  try {
    store = await startStore(config);
  } catch (error) {
    const uri = joinRunningStore ? runningStoreUri(config, error) : undefined;
    if (!uri) throw error;
    const connection = await openConnection(uri, dbName, driverOptions).catch((reason: unknown) => {
      throw new StartupError(
        `DATA_DIR ${dataDir} is in use by a running store that does not answer on ${uri}: ${(reason as Error).message}`,
        { cause: reason },
      );
    });
    return database(connection, { kind: "embedded", dataDir, uri, dbName });
  }
  try {
    const connection = await openConnection(store.uri, dbName, driverOptions);
    return database(connection, { kind: "embedded", dataDir, uri: store.uri, dbName }, store);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Where the store that holds DATA_DIR listens, when `error` says one does. */
function runningStoreUri(config: DatabaseConfig, error: unknown): string | undefined {
  if (!(error instanceof StartupError) || !(error.cause instanceof StoreStartError)) return;
  if (error.cause.reason !== "DATA_DIR_LOCKED") return;
  if (lstatSync(socketPath(config.dataDir), { throwIfNoEntry: false })?.isSocket()) {
    return socketUri(config.dataDir);
  }
  return config.storePort ? `mongodb://127.0.0.1:${config.storePort}/` : undefined;
}

async function startStore(config: DatabaseConfig): Promise<EmbeddedStore> {
  try {
    return await startEmbeddedStore({ dataDir: config.dataDir, port: config.storePort });
  } catch (error) {
    if (!(error instanceof StoreStartError)) throw error;
    const dir = config.dataDir;
    const messages: Record<StoreStartError["reason"], string> = {
      PORT_IN_USE: `STORE_PORT ${config.storePort} is already in use on 127.0.0.1; choose a free port, or 0 to pick one`,
      DATA_DIR_UNWRITABLE: `DATA_DIR ${dir} cannot be created or written: ${error.message}`,
      DATA_DIR_LOCKED: `DATA_DIR ${dir} is in use by another running store; stop it or choose another DATA_DIR`,
      SOCKET_PATH_TOO_LONG: `DATA_DIR ${dir} is too deep for the store's Unix socket (${error.message}); choose a shorter DATA_DIR, or set STORE_PORT to listen on 127.0.0.1 instead`,
    };
    throw new StartupError(messages[error.reason], { cause: error });
  }
}

async function openConnection(
  uri: string,
  dbName: string,
  driverOptions: DriverOptions,
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, { dbName, ...driverOptions });
  try {
    return await connection.asPromise();
  } catch (error) {
    // Otherwise the driver keeps retrying in the background and holds the process open.
    await connection.close().catch(() => undefined);
    throw error;
  }
}

function database(
  connection: Connection,
  location: DatabaseLocation,
  store?: EmbeddedStore,
): Database {
  let closing: Promise<void> | undefined;
  return {
    connection,
    location,
    isReady: () => ping(connection),
    close: () =>
      (closing ??= (async () => {
        try {
          await connection.close();
        } finally {
          await store?.close();
        }
      })()),
  };
}

async function ping(connection: Connection): Promise<boolean> {
  if (connection.readyState !== mongoose.ConnectionStates.connected || !connection.db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const answered = connection.db.command({ ping: 1 }).then(
    (reply) => reply["ok"] === 1,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** `mongodb://user:pw@a:1,b:2/db?x` → `user:pw@a:1,b:2` */
function authorityOf(uri: string): string {
  return uri.replace(/^mongodb(\+srv)?:\/\//, "").split(/[/?]/, 1)[0] ?? "";
}

// Driver messages do not normally quote the URI, but a password must never reach a log.
function redact(message: string, uri: string): string {
  const authority = authorityOf(uri);
  const at = authority.lastIndexOf("@");
  const password = at < 0 ? "" : authority.slice(0, at).split(":").slice(1).join(":");
  let safe = message.split(uri).join("<MONGODB_URI>");
  for (const secret of new Set([password, safeDecode(password)])) {
    if (secret) safe = safe.split(secret).join("***");
  }
  return safe;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
