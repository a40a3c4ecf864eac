import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import { type Config, loadConfig } from "./config.js";
import { createHttpServer } from "./server.js";
import { connectDatabase, type Database } from "./shared/database.js";
import { StartupError } from "./shared/errors.js";
import { createLogger, type Logger } from "./shared/logger.js";

// Longer than a readiness ping, shorter than an orchestrator's usual kill timeout (30 s).
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  const db: { connecting?: Promise<Database>; ready?: Database } = {};
  const server = createHttpServer({ isReady: () => db.ready?.isReady() ?? false });

  const shutdown = handleSignals(logger, async () => {
    await closeServer(server);
    const opened = await db.connecting?.catch(() => undefined);
    await opened?.close();
  });

  // Listening first lets /healthz answer and /readyz say "starting" while the store starts.
  const address = await listen(server, config);
  logger.info("listening", { url: urlOf(address), port: address.port });

  db.connecting = connectDatabase(config);
  try {
    db.ready = await db.connecting;
  } catch (error) {
    if (shutdown.requested) return;
    await closeServer(server);
    throw error;
  }
  logger.info("database ready", { ...db.ready.location });
}

function handleSignals(logger: Logger, stop: () => Promise<void>): { requested: boolean } {
  const state = { requested: false };
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.requested) {
      logger.warn("second signal, exiting without cleanup", { signal });
      process.exit(1);
    }
    state.requested = true;
    logger.info("shutting down", { signal });
    setTimeout(() => {
      logger.error("shutdown took too long, exiting without cleanup", {
        graceMs: SHUTDOWN_GRACE_MS,
      });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return state;
}

function listen(server: Server, { port, host }: Config): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, port, host));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve(server.address() as AddressInfo);
    });
  });
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const cause = { cause: error };
  switch (error.code) {
    case "EADDRINUSE":
      return new StartupError(
        `PORT ${port} is already in use on ${host}; set PORT to a free port`,
        cause,
      );
    case "EACCES":
      return new StartupError(
        `PORT ${port} on ${host} needs privileges; set PORT above 1023`,
        cause,
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new StartupError(`HOST ${host} is not an address of this machine`, cause);
    default:
      return error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}

function urlOf({ address, port }: AddressInfo): string {
  const host = address === "0.0.0.0" || address === "::" ? "localhost" : address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

main().catch((error: unknown) => {
  const message =
    error instanceof StartupError
      ? error.message
      : `start-up failed: ${error instanceof Error ? error.stack : String(error)}`;
  process.stderr.write(`wizyty: ${message}\n`);
  process.exit(1);
});
