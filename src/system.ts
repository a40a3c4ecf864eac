import type { Server } from "node:http";

import type { Config } from "./config.js";
import { exportsRoute } from "./exports/index.js";
import { readSupergraph, type SubgraphName, SUBGRAPHS } from "./gateway/index.js";
import { createGateway, type RunningGateway } from "./gateway/server.js";
import { registerVisitsModels } from "./models/visits/index.js";
import { seedDemo } from "./seed/index.js";
import { createHttpServer } from "./server.js";
import { accountLookup } from "./services/visits/user.service.js";
import { type AuditLog, openAuditLog } from "./shared/audit-log.js";
import { createTokenService, loadSigningSecret, type TokenService } from "./shared/auth.js";
import { connectDatabase, type Database, type DatabaseOptions } from "./shared/database.js";
import type { RouteHandler } from "./shared/graphql/http.js";
import type { RunningSubgraph } from "./shared/graphql/subgraph.js";
import type { Logger } from "./shared/logger.js";
import { closeServer, listen } from "./shared/process.js";
import type { LimitOverrides } from "./shared/rate-limits.js";
import { type SubgraphSecret, subgraphSecret } from "./shared/subgraph-secret.js";
import { createFeedbackSubgraph } from "./subgraphs/feedback/server.js";
import { createVisitsSubgraph } from "./subgraphs/visits/server.js";
import { browsersToExplorer, dashboardRoute } from "./web/dashboard.js";
import { feedbackRoute } from "./web/feedback.js";

export interface SubgraphEnvironment {
  config: Config;
  database: Database;
  tokens: TokenService;
  /** What the subgraph accepts from the gateway, and sends when it calls another subgraph. */
  secret: SubgraphSecret;
  logger: Logger;
  /** Where the other subgraphs answer, for the few calls one makes to another. */
  urls: Partial<Record<SubgraphName, string>>;
  /** Tests shorten the abuse limits' windows; unset everywhere else. */
  limits?: LimitOverrides;
}

/** Each subgraph on its own database, named after it: `wizyty_visits`, `wizyty_feedback`. */
export function databaseName(config: Pick<Config, "dbName">, name: SubgraphName): string {
  return `${config.dbName}_${name}`;
}

/** What a subgraph is built with: the environment, and the audit log every subgraph writes to. */
export interface AuditedEnvironment extends SubgraphEnvironment {
  audit: AuditLog;
}

export async function createSubgraph(
  name: SubgraphName,
  env: SubgraphEnvironment,
): Promise<RunningSubgraph> {
  const db = env.database.connection.useDb(databaseName(env.config, name), { useCache: true });
  // One log for all subgraphs (`wizyty_audit`), on the same store, so one query reads it all.
  const audited = { ...env, audit: await openAuditLog(env.database.connection, env.config) };
  switch (name) {
    case "visits":
      return createVisitsSubgraph(db, audited);
    case "feedback":
      return createFeedbackSubgraph(db, audited);
  }
}

/**
 * Tokens checked against the user record on every request: each subgraph reads the account of
 * a token's subject from the visits database on the connection it has anyway (see
 * `accountLookup`), so a disabled, deleted or revoked account is refused by the next request in
 * every process at once. Without a database (a gateway alone), tokens are only signed.
 */
export async function tokenServiceFor(config: Config, database?: Database): Promise<TokenService> {
  const secret = await loadSigningSecret(config.jwtSecret, config.dataDir);
  const accounts = database
    ? accountLookup(registerVisitsModels(visitsDatabase(config, database)))
    : undefined;
  return createTokenService(secret, config.tokenTtlMinutes, accounts);
}

function visitsDatabase(config: Pick<Config, "dbName">, database: Database) {
  return database.connection.useDb(databaseName(config, "visits"), { useCache: true });
}

/** What the service's HTTP server answers besides the health probes. */
export function clientRoutes(system: System): Map<string, RouteHandler> {
  return new Map([
    ["/graphql", browsersToExplorer(system.gateway.handler)],
    ["/feedback/*", feedbackRoute()],
    ["/exports/*", exportsRoute(system.gateway)],
    ["/*", dashboardRoute()],
  ]);
}

export interface System {
  /** Serves `/graphql` for clients. */
  gateway: RunningGateway;
  /** Subgraphs running in this process, each on its own loopback port. */
  local: { name: SubgraphName; url: string }[];
  database: Database | undefined;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The gateway, plus every subgraph that has no URL in the configuration, in this process.
 * Listening for clients is left to the caller.
 */
export async function startSystem(
  config: Config,
  logger: Logger,
  databaseOptions: DatabaseOptions = {},
  limits?: LimitOverrides,
): Promise<System> {
  const localNames = SUBGRAPHS.filter((name) => !config.subgraphUrls[name]);
  const database = localNames.length ? await connectDatabase(config, databaseOptions) : undefined;
  const servers: Server[] = [];
  const running: RunningSubgraph[] = [];
  const close = async () => {
    await Promise.all(servers.map(closeServer));
    await Promise.all(running.map((subgraph) => subgraph.stop()));
    await database?.close();
  };
  try {
    const urls: Partial<Record<SubgraphName, string>> = { ...config.subgraphUrls };
    const local: System["local"] = [];
    const tokens = await tokenServiceFor(config, database);
    const secret = subgraphSecret(config.subgraphSecrets, localNames.length === SUBGRAPHS.length);
    for (const name of localNames) {
      const subgraph = await createSubgraph(name, {
        config,
        database: database!,
        tokens,
        secret,
        logger,
        urls,
        limits,
      });
      running.push(subgraph);
      const server = createHttpServer({
        isReady: () => database!.isReady(),
        routes: new Map([["/graphql", subgraph.handler]]),
      });
      servers.push(server);
      const { port } = await listen(server, 0, "127.0.0.1");
      urls[name] = `http://127.0.0.1:${port}/graphql`;
      local.push({ name, url: urls[name] });
    }
    if (config.seedOnStart && localNames.length === SUBGRAPHS.length) {
      const summary = await seedDemo(database!, config);
      if (!summary.skipped)
        logger.info("seeded demo data (SEED_ON_START=false turns this off)", { ...summary });
    }
    const gateway = await createGateway({
      supergraphSdl: readSupergraph(),
      urls: urls as Record<SubgraphName, string>,
      introspection: config.graphqlIntrospection,
      secret: secret.current,
      trustProxy: config.trustProxy,
    });
    return {
      gateway,
      local,
      database,
      isReady: async () => (database ? database.isReady() : true),
      close: async () => {
        await gateway.stop();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
