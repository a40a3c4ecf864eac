// Public face of the embedded store: everything outside src/store imports from here.
import { StoreServer } from "./server.js";

export { StoreStartError } from "./errors.js";

export interface EmbeddedStoreOptions {
  /** Folder that holds the SQLite files; created when missing. */
  dataDir: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
}

export interface EmbeddedStore {
  /** `mongodb://host:port/` — append a database name to use it. */
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting connections, closes open ones and the data files. */
  close(): Promise<void>;
}

/** Opens the data directory and serves the MongoDB wire protocol on host:port. */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const server = new StoreServer({ dataDir: options.dataDir });
  const { host, port } = await server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return { uri: `mongodb://${host}:${port}/`, host, port, close: () => server.close() };
}
