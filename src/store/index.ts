// Public face of the embedded store: everything outside src/store imports from here.
import { join, resolve } from "node:path";

import { StoreServer } from "./server.js";

export { StoreStartError } from "./errors.js";

/** The socket the store listens on when no port is given, inside the data directory. */
export const SOCKET_FILE = "store.sock";

export interface EmbeddedStoreOptions {
  /** Folder that holds the SQLite files and the socket; created when missing, kept at mode 0700. */
  dataDir: string;
  /**
   * TCP port (0 picks a free one). Without it the store listens only on a Unix socket in
   * `dataDir`, which no other local user can open.
   */
  port?: number;
  /** Interface to bind with `port`; defaults to 127.0.0.1. */
  host?: string;
}

export interface EmbeddedStore {
  /** A server URI (no database name) for the mongodb driver or mongoose. */
  readonly uri: string;
  /** Where it listens: a socket path, or host and port. */
  readonly address: { socketPath: string } | { host: string; port: number };
  /** Stops accepting connections, closes open ones and the data files. */
  close(): Promise<void>;
}

/** The URI of the store's socket in `dataDir`, whether or not a store listens there. */
export function socketUri(dataDir: string): string {
  // A direct connection: the driver takes the single member as it is and never looks up the
  // hosts `hello` lists (it lower-cases them, which would change a socket path).
  return `mongodb://${encodeURIComponent(socketPath(dataDir))}/?directConnection=true`;
}

export const socketPath = (dataDir: string): string => join(resolve(dataDir), SOCKET_FILE);

/** Opens the data directory and serves the MongoDB wire protocol on its socket or a port. */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const server = new StoreServer({ dataDir: options.dataDir });
  if (options.port === undefined) {
    const path = socketPath(options.dataDir);
    await server.listenOnSocket(path);
    return {
      uri: socketUri(options.dataDir),
      address: { socketPath: path },
      close: () => server.close(),
    };
  }
  const { host, port } = await server.listen(options.port, options.host ?? "127.0.0.1");
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    uri: `mongodb://${shown}:${port}/`,
    address: { host, port },
    close: () => server.close(),
  };
}
