import "reflect-metadata";

import { loadConfig } from "./config.js";
import { createHttpServer } from "./server.js";
import type { RouteHandler } from "./shared/graphql/http.js";
import { createLogger } from "./shared/logger.js";
import {
  closeServer,
  exitOnStartupFailure,
  handleSignals,
  listen,
  urlOf,
} from "./shared/process.js";
import { clientRoutes, startSystem, type System } from "./system.js";

// `npm start`: the gateway on PORT, and the subgraphs without a configured URL in-process.
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  const state: { starting?: Promise<System>; ready?: System } = {};
  const routes = new Map<string, RouteHandler>();
  const server = createHttpServer({ isReady: () => state.ready?.isReady() ?? false, routes });

  const shutdown = handleSignals(logger, async () => {
    await closeServer(server);
    const started = await state.starting?.catch(() => undefined);
    await started?.close();
  });

  // Listening first lets /healthz answer and /readyz say "starting" while the store starts.
  const address = await listen(server, config.port, config.host ?? "0.0.0.0");
  logger.info("listening", { url: urlOf(address), port: address.port });

  // The port bound, not PORT=0 ("any"): links for participants default to this address.
  state.starting = startSystem({ ...config, port: address.port }, logger);
  try {
    state.ready = await state.starting;
  } catch (error) {
    if (shutdown.requested) return;
    await closeServer(server);
    throw error;
  }
  for (const [path, handler] of clientRoutes(state.ready)) routes.set(path, handler);
  const { database, local } = state.ready;
  if (database) logger.info("database ready", { ...database.location });
  logger.info("graphql ready", { url: `${urlOf(address)}graphql`, subgraphs: local });
}

main().catch(exitOnStartupFailure);
