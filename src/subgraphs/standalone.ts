import "reflect-metadata";

import { loadConfig } from "../config.js";
import type { SubgraphName } from "../gateway/index.js";
import { createHttpServer } from "../server.js";
import { connectDatabase } from "../shared/database.js";
import { createLogger } from "../shared/logger.js";
import {
  closeServer,
  exitOnStartupFailure,
  handleSignals,
  listen,
  urlOf,
} from "../shared/process.js";
import { subgraphSecret } from "../shared/subgraph-secret.js";
import { createSubgraph, tokenServiceFor } from "../system.js";

/**
 * `npm run start:visits` / `start:feedback`: one subgraph alone on PORT, for deployments that
 * scale subgraphs out; the gateway then finds it through VISITS_URL / FEEDBACK_URL.
 */
export function runStandalone(name: SubgraphName): void {
  run(name).catch(exitOnStartupFailure);
}

async function run(name: SubgraphName): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const secret = subgraphSecret(config.subgraphSecrets, false);
  const database = await connectDatabase(config);
  const tokens = await tokenServiceFor(config, database);
  const subgraph = await createSubgraph(name, {
    config,
    database,
    tokens,
    secret,
    logger,
    urls: config.subgraphUrls,
  });
  const server = createHttpServer({
    isReady: () => database.isReady(),
    routes: new Map([["/graphql", subgraph.handler]]),
  });
  handleSignals(logger, async () => {
    await closeServer(server);
    await subgraph.stop();
    await database.close();
  });
  // Only the gateway calls a subgraph: nothing else on the network needs to reach it.
  const address = await listen(server, config.port, config.host ?? "127.0.0.1");
  logger.info("subgraph ready", { subgraph: name, url: `${urlOf(address)}graphql` });
}
