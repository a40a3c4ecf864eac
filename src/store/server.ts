import { chmodSync, lstatSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";

import { CommandRunner } from "./commands/index.js";
import { Catalog } from "./engine/catalog.js";
import { asServerError, StoreStartError } from "./errors.js";
import {
  decodeRequest,
  encodeReply,
  HEADER_SIZE,
  MAX_MESSAGE_SIZE_BYTES,
  readHeader,
  type Request,
} from "./wire/protocol.js";

/** sun_path holds 108 bytes on Linux, one of them the terminating NUL (104 on macOS). */
export const MAX_SOCKET_PATH_BYTES = process.platform === "linux" ? 107 : 103;

export interface StoreServerOptions {
  dataDir: string;
}

/**
 * The embedded store's server. Built here, listening is the caller's: `listen()` opens the data
 * files' commands to clients on a TCP port, `listenOnSocket()` on a Unix socket. Commands run one at a time on the event loop, which
 * makes each of them atomic without locks.
 */
export class StoreServer {
  private readonly catalog: Catalog;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private runner: CommandRunner | undefined;
  private nextConnectionId = 1;
  private nextResponseId = 1;

  constructor(options: StoreServerOptions) {
    this.catalog = new Catalog(options.dataDir);
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(port: number, host: string): Promise<{ host: string; port: number }> {
    await this.bind({ port, host }, (code) =>
      code === "EADDRINUSE" || code === "EACCES"
        ? new StoreStartError("PORT_IN_USE", `cannot listen on ${host}:${port}: ${code}`)
        : undefined,
    );
    const address = this.server.address();
    const bound = typeof address === "object" && address ? address.port : port;
    this.runner = new CommandRunner(this.catalog, `${host}:${bound}`);
    return { host, port: bound };
  }

  /**
   * Listens on a Unix socket, mode 0600. A socket file already there was left by a store that
   * died: this one holds the data directory's lock, so no other store can be listening on it.
   */
  async listenOnSocket(path: string): Promise<void> {
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
      this.catalog.close();
      throw new StoreStartError(
        "SOCKET_PATH_TOO_LONG",
        `the socket path ${path} is ${Buffer.byteLength(path)} bytes, more than the ${MAX_SOCKET_PATH_BYTES} a Unix socket allows`,
      );
    }
    if (lstatSync(path, { throwIfNoEntry: false })?.isSocket()) unlinkSync(path);
    await this.bind({ path }, (code) =>
      code === "EADDRINUSE" || code === "EACCES"
        ? new StoreStartError("DATA_DIR_UNWRITABLE", `cannot listen on ${path}: ${code}`)
        : undefined,
    );
    chmodSync(path, 0o600);
    this.runner = new CommandRunner(this.catalog, path);
  }

  private async bind(
    where: { port: number; host: string } | { path: string },
    explain: (code: string | undefined) => StoreStartError | undefined,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: NodeJS.ErrnoException) => {
        this.catalog.close();
        reject(explain(error.code) ?? error);
      };
      this.server.once("error", fail);
      this.server.listen(where, () => {
        this.server.off("error", fail);
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let chunks: Buffer[] = [];
    let buffered = 0;
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      while (buffered >= 4) {
        const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        chunks = [head];
        const length = head.readInt32LE(0);
        // MongoDB closes the connection on a message it cannot frame.
        if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE_BYTES) {
          socket.destroy();
          return;
        }
        if (buffered < length) return;
        const message = head.subarray(0, length);
        chunks = length < head.length ? [head.subarray(length)] : [];
        buffered -= length;
        this.handle(socket, message, connectionId);
      }
    });
  }

  private handle(socket: Socket, message: Buffer, connectionId: number): void {
    let request: Request;
    try {
      request = decodeRequest(message);
    } catch (error) {
      const header = readHeader(message);
      const reply = asServerError(error).toReply();
      socket.write(
        encodeReply(
          { header, command: {}, db: "", fireAndForget: false },
          reply,
          this.nextResponseId++,
        ),
      );
      return;
    }
    const reply = this.runner!.run(request.command, request.db, connectionId);
    if (!request.fireAndForget && !socket.destroyed) {
      socket.write(encodeReply(request, reply, this.nextResponseId++));
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.catalog.close();
  }
}
