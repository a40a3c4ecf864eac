import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import { StartupError } from "./errors.js";
import type { Logger } from "./logger.js";

// Longer than a readiness ping, shorter than an orchestrator's usual kill timeout (30 s).
const SHUTDOWN_GRACE_MS = 10_000;

/** Runs `stop` on SIGINT/SIGTERM, then exits; a second signal or a slow stop exits at once. */
export function handleSignals(logger: Logger, stop: () => Promise<void>): { requested: boolean } {
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

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
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

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}

export function urlOf({ address, port }: AddressInfo): string {
  const host = address === "0.0.0.0" || address === "::" ? "localhost" : address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

/** Prints a start-up failure (a StartupError's message alone) and exits with status 1. */
export function exitOnStartupFailure(error: unknown): never {
  const message =
    error instanceof StartupError
      ? error.message
      : `start-up failed: ${error instanceof Error ? error.stack : String(error)}`;
  process.stderr.write(`wizyty: ${message}\n`);
  process.exit(1);
}
