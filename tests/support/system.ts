// The whole system for integration tests: the gateway and both subgraphs on loopback ports,
// on a database private to the test file, reached over real HTTP.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import type { Server } from "node:http";

import type { CommandStartedEvent } from "mongodb";

import { type Config, loadConfig } from "../../src/config.js";
import type { SubgraphName } from "../../src/gateway/index.js";
import { createHttpServer } from "../../src/server.js";
import { createTokenService, Role, type TokenService } from "../../src/shared/auth.js";
import { closeServer, listen } from "../../src/shared/process.js";
import { type LimitOverrides, LIMITS } from "../../src/shared/rate-limits.js";
import { SUBGRAPH_SECRET_HEADER } from "../../src/shared/subgraph-secret.js";
import { clientRoutes, startSystem, type System } from "../../src/system.js";
import { staffAccount } from "./staff-account.js";
import { startTestStore, tempDir, type TestStore } from "./store.js";

export { NO_NOISE } from "./ptable.js";
import type { Ptable } from "../../src/shared/perturbation.js";

export { Role };

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSystem {
  /** The gateway's `/graphql` URL. */
  url: string;
  /** The service's base URL, e.g. `http://127.0.0.1:1234`. */
  baseUrl: string;
  system: System;
  store: TestStore;
  config: Config;
  tokens: TokenService;
  /** Sends an operation through the gateway, as a client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T>>;
  /**
   * Sends an operation straight to one of the subgraphs, past the gateway, with the subgraph
   * secret (or `secret`; null sends none).
   */
  subgraph<T = Record<string, unknown>>(
    name: SubgraphName,
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; secret?: string | null },
  ): Promise<GraphQLResult<T>>;
  /**
   * A signed token for a staff user with this role and e-mail, whose user record (tokens are
   * checked against it) is made here when missing and given this role when not.
   */
  tokenFor(role: Role, email?: string): Promise<string>;
  /** The id of that user record (what the audit log names as `userId`). */
  userIdFor(role: Role, email?: string): Promise<string>;
  /** How many database commands the subgraphs send while `action` runs. */
  countCommands(action: () => Promise<unknown>): Promise<number>;
  /** The database commands the subgraphs send while `action` runs, in order. */
  commandsDuring(action: () => Promise<unknown>): Promise<DatabaseCommand[]>;
  close(): Promise<void>;
}

export interface DatabaseCommand {
  /** `find`, `aggregate`, `insert`, … */
  name: string;
  /** The collection it names, e.g. `feedbackResponses`; undefined for database commands. */
  collection: string | undefined;
}

export const TEST_JWT_SECRET = "test-secret-that-is-long-enough-for-hs256!";
/** Shared by every test system, so that one's gateway may call another's subgraphs. */
export const TEST_SUBGRAPH_SECRET = "test-subgraph-secret-that-is-long-enough!";

// A test file's requests all come from 127.0.0.1, so production limits would trip over its own
// traffic; tests/api/rate-limits.test.ts passes the limits it tests.
const UNLIMITED = Object.fromEntries(
  Object.keys(LIMITS).map((name) => [name, { points: 1_000_000, durationSeconds: 1 }]),
) as LimitOverrides;

export async function startTestSystem(
  overrides: Record<string, string> = {},
  options: { limits?: LimitOverrides; ptable?: Ptable } = {},
): Promise<TestSystem> {
  const store = await startTestStore();
  const dataDir = tempDir();
  const loaded = loadConfig({
    MONGODB_URI: store.uri,
    MONGODB_DB: `t${randomUUID().replaceAll("-", "").slice(0, 12)}`,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET,
    SEED_ON_START: "false",
    LOG_LEVEL: "silent",
    PUBLIC_URL: "http://wizyty.test",
    ...overrides,
  });
  const config = options.ptable ? { ...loaded, ptable: options.ptable } : loaded;
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const system = await startSystem(
    config,
    logger,
    { monitorCommands: true },
    { ...UNLIMITED, ...options.limits },
  );
  const server: Server = createHttpServer({
    isReady: () => system.isReady(),
    routes: clientRoutes(system),
  });
  const { port } = await listen(server, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}/graphql`;
  const tokens = createTokenService(new TextEncoder().encode(TEST_JWT_SECRET), 60);
  const commandsDuring = async (action: () => Promise<unknown>) => {
    const client = system.database!.connection.getClient();
    const commands: DatabaseCommand[] = [];
    const onCommand = (event: CommandStartedEvent) => {
      const target: unknown = event.command[event.commandName];
      commands.push({
        name: event.commandName,
        collection: typeof target === "string" ? target : undefined,
      });
    };
    client.on("commandStarted", onCommand);
    try {
      await action();
    } finally {
      client.off("commandStarted", onCommand);
    }
    return commands;
  };
  const post = async (
    to: string,
    body: { query: string; variables?: Record<string, unknown> },
    headers: Record<string, string | undefined>,
  ) => {
    const response = await fetch(to, {
      method: "POST",
      headers: Object.fromEntries(
        Object.entries({ "content-type": "application/json", ...headers }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) } as never;
  };
  const bearer = (token: string | undefined) => (token ? `Bearer ${token}` : undefined);
  /** The staff account tokens of `role` sign in as, in the system's own database. */
  const staffUser = (role: Role, email: string) =>
    // The system's own database (the embedded store when MONGODB_URI is ""), else the test's.
    staffAccount(
      (system.database?.connection.getClient() ?? store.client).db(`${config.dbName}_visits`),
      role,
      email,
    );
  const defaultEmail = (role: Role) => `${role.toLowerCase()}@wizyty.test`;
  return {
    url,
    baseUrl: `http://127.0.0.1:${port}`,
    system,
    store,
    config,
    tokens,
    gql: (query, variables, options = {}) =>
      post(url, { query, variables }, { authorization: bearer(options.token), ...options.headers }),
    subgraph(name, query, variables, options = {}) {
      const secret = options.secret === undefined ? TEST_SUBGRAPH_SECRET : options.secret;
      return post(
        system.local.find((s) => s.name === name)!.url,
        { query, variables },
        { authorization: bearer(options.token), [SUBGRAPH_SECRET_HEADER]: secret ?? undefined },
      );
    },
    async tokenFor(role, email = defaultEmail(role)) {
      const user = await staffUser(role, email);
      const { token } = await tokens.sign({
        userId: user.id,
        email,
        role,
        tokenVersion: user.tokenVersion,
      });
      return token;
    },
    async userIdFor(role, email = defaultEmail(role)) {
      return (await staffUser(role, email)).id;
    },
    async countCommands(action) {
      return (await commandsDuring(action)).length;
    },
    commandsDuring,
    async close() {
      await closeServer(server);
      await system.close();
      if (process.env.MONGODB_URI) {
        for (const name of ["visits", "feedback", "audit"]) {
          await store.client.db(`${config.dbName}_${name}`).dropDatabase();
        }
      }
      await store.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The first error's code, for terse assertions. */
export function codeOf(result: GraphQLResult): unknown {
  return result.errors?.[0]?.extensions?.["code"];
}
