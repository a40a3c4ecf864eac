// The whole system for integration tests: the gateway and both subgraphs on loopback ports,
// on a database private to the test file, reached over real HTTP.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import type { Server } from "node:http";

import { type Config, loadConfig } from "../../src/config.js";
import { createHttpServer } from "../../src/server.js";
import { createTokenService, Role, type TokenService } from "../../src/shared/auth.js";
import { closeServer, listen } from "../../src/shared/process.js";
import { type LimitOverrides,LIMITS } from "../../src/shared/rate-limits.js";
import { clientRoutes, startSystem, type System } from "../../src/system.js";
import { startTestStore, tempDir, type TestStore } from "./store.js";

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
  /** A signed token for a staff user with this role (no user record needed: tokens are stateless). */
  tokenFor(role: Role, email?: string): Promise<string>;
  /** How many database commands the subgraphs send while `action` runs. */
  countCommands(action: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = "test-secret-that-is-long-enough-for-hs256!";

// A test file's requests all come from 127.0.0.1, so production limits would trip over its own
// traffic; tests/api/rate-limits.test.ts passes the limits it tests.
const UNLIMITED = Object.fromEntries(
  Object.keys(LIMITS).map((name) => [name, { points: 1_000_000, durationSeconds: 1 }]),
) as LimitOverrides;

export async function startTestSystem(
  overrides: Record<string, string> = {},
  options: { limits?: LimitOverrides } = {},
): Promise<TestSystem> {
  const store = await startTestStore();
  const dataDir = tempDir();
  const config = loadConfig({
    MONGODB_URI: store.uri,
    MONGODB_DB: `t${randomUUID().replaceAll("-", "").slice(0, 12)}`,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    SEED_ON_START: "false",
    LOG_LEVEL: "silent",
    PUBLIC_URL: "http://wizyty.test",
    ...overrides,
  });
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
  return {
    url,
    baseUrl: `http://127.0.0.1:${port}`,
    system,
    store,
    config,
    tokens,
    async gql(query, variables, options = {}) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResult, "status">;
      return { status: response.status, ...body } as never;
    },
    async tokenFor(role, email = `${role.toLowerCase()}@wizyty.test`) {
      const { token } = await tokens.sign({ userId: `user-${role}`, email, role });
      return token;
    },
    async countCommands(action) {
      const client = system.database!.connection.getClient();
      let count = 0;
      const onCommand = () => count++;
      client.on("commandStarted", onCommand);
      try {
        await action();
      } finally {
        client.off("commandStarted", onCommand);
      }
      return count;
    },
    async close() {
      await closeServer(server);
      await system.close();
      if (process.env.MONGODB_URI) {
        for (const name of ["visits", "feedback"]) {
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
