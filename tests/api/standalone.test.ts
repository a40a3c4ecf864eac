import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SUBGRAPH_SECRET_HEADER } from "../../src/shared/subgraph-secret.js";
import { startTestStore, tempDir, type TestStore } from "../support/store.js";
import {
  startTestSystem,
  TEST_JWT_SECRET,
  TEST_SUBGRAPH_SECRET,
  type TestSystem,
} from "../support/system.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Standalone {
  child: ChildProcess;
  url: string;
}

/** `npm run start:<name>` without the build step (and without HOST, so on its default). */
function spawnStandalone(name: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", `src/subgraphs/${name}/main.ts`], {
    cwd: root,
    env: { ...process.env, HOST: "", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The subgraph alone, as a deployment runs it, once it says it is ready. */
async function startStandalone(name: string, env: Record<string, string>): Promise<Standalone> {
  const child = spawnStandalone(name, env);
  let out = "";
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // A backstop only: a loaded 2-core machine needs far longer than an idle one.
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /"msg":"subgraph ready".*"url":"([^"]+)"/.exec(out);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}: ${err}`)));
  });
  return { child, url };
}

async function post(url: string, query: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", [SUBGRAPH_SECRET_HEADER]: TEST_SUBGRAPH_SECRET },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe("subgraphs started alone", () => {
  let store: TestStore;
  let dataDir: string;
  const running: Standalone[] = [];
  let gateway: TestSystem | undefined;

  beforeAll(async () => {
    store = await startTestStore();
    dataDir = tempDir();
    const env = {
      MONGODB_URI: store.uri,
      MONGODB_DB: `standalone${process.pid}`,
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET,
    };
    running.push(await startStandalone("visits", env));
    running.push(await startStandalone("feedback", { ...env, VISITS_URL: running[0]!.url }));
  }, 300_000);

  afterAll(async () => {
    await gateway?.close();
    for (const { child } of running) child.kill("SIGTERM");
    await Promise.all(
      running.map(({ child }) => new Promise((resolve) => child.once("exit", resolve))),
    );
    await store?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("each listens on loopback when HOST is unset", () => {
    // Assert
    expect(running.map(({ url }) => new URL(url).hostname)).toEqual(["127.0.0.1", "127.0.0.1"]);
  });

  it("refuses to start without SUBGRAPH_SECRET, naming it", async () => {
    // Arrange
    const child = spawnStandalone("visits", { DATA_DIR: dataDir, SUBGRAPH_SECRET: "" });
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));

    // Act
    const code = await new Promise((resolve) => child.once("exit", resolve));

    // Assert
    expect(code).toBe(1);
    expect(err).toMatch(/^wizyty: SUBGRAPH_SECRET must be set[^\n]*\n$/);
  });

  it("each answers on its own, with its SDL and its queries", async () => {
    // Act
    const visits = await post(
      running[0]!.url,
      /* GraphQL */ `
        {
          _service {
            sdl
          }
          subregions {
            code
          }
        }
      `,
    );
    const feedback = await post(
      running[1]!.url,
      /* GraphQL */ `
        {
          _service {
            sdl
          }
          themeOptions {
            theme
          }
        }
      `,
    );

    // Assert
    expect(visits.errors).toBeUndefined();
    expect((visits.data?.["subregions"] as unknown[]).length).toBe(9);
    expect(feedback.errors).toBeUndefined();
    expect((feedback.data?.["themeOptions"] as unknown[]).length).toBe(3);
  });

  it("the gateway routes to subgraphs named by VISITS_URL and FEEDBACK_URL", async () => {
    // Arrange
    gateway = await startTestSystem({
      VISITS_URL: running[0]!.url,
      FEEDBACK_URL: running[1]!.url,
    });

    // Act
    const result = await gateway.gql<{ subregions: unknown[]; themeOptions: unknown[] }>(
      /* GraphQL */ `
        {
          subregions {
            code
          }
          themeOptions {
            theme
          }
        }
      `,
    );

    // Assert
    expect(gateway.system.local).toEqual([]);
    expect(gateway.system.database).toBeUndefined();
    expect(result.errors).toBeUndefined();
    expect(result.data?.subregions).toHaveLength(9);
    expect(result.data?.themeOptions).toHaveLength(3);
  });
});
