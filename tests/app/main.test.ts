import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { codeOf, type GraphQLResult } from "../support/system.js";
import { occupyPort, tempDir } from "./helpers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `src/main.ts` as a real process: signals and exit codes cannot be tested in-process. */
function runMain(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    // MONGODB_URI is cleared so the embedded store starts even when the suite runs against MongoDB.
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      MONGODB_URI: "",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

// A loaded 2-core machine has taken 22 s to start with seeding; a deadline is only a backstop.
const STARTUP_MS = 120_000;

/** Retries `attempt` until it gives a value; fails at once if the app has exited. */
async function eventually<T>(app: Started, what: string, attempt: () => Promise<T | undefined>) {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    if (app.child.exitCode !== null) {
      throw new Error(`app exited (${app.child.exitCode}) before ${what}: ${app.stderr()}`);
    }
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The port in the "graphql ready" log line: the service answers operations from then on. */
function graphqlPort(app: Started): Promise<number> {
  return eventually(app, "the graphql ready log line", async () => {
    const match = /"msg":"graphql ready","url":"http:\/\/[^:]+:(\d+)/.exec(app.stdout());
    return match ? Number(match[1]) : undefined;
  });
}

async function post(port: number, query: string): Promise<GraphQLResult> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/**
 * A request whose headers the service has read (it answered 100 Continue) and whose body is
 * sent only when `finish` is called: in flight for sure, whatever the machine's speed.
 */
function openRequest(port: number, query: string) {
  return new Promise<{ finish(): Promise<{ status: number; body: string }> }>((ready, fail) => {
    const req = request({
      port,
      host: "127.0.0.1",
      path: "/graphql",
      method: "POST",
      headers: { "content-type": "application/json", expect: "100-continue" },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.once("response", (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.once("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.once("error", reject);
      });
      req.once("error", reject);
    });
    // Reported by `finish`; not an unhandled rejection while the test still waits for others.
    answer.catch(() => undefined);
    req.once("error", fail);
    req.once("continue", () =>
      ready({
        finish: () => {
          req.end(JSON.stringify({ query }));
          return answer;
        },
      }),
    );
    req.flushHeaders();
  });
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  return Promise.race([promise, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);
}

// The longest test starts the service three times.
describe("main", { timeout: 3 * (STARTUP_MS + 30_000) }, () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const children: ChildProcess[] = [];

  function start(env: NodeJS.ProcessEnv): Started {
    const started = runMain(env);
    children.push(started.child);
    return started;
  }

  beforeEach(async () => {
    dir = await tempDir();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await dir.remove();
  });

  it("serves /readyz on the logged port, creates DATA_DIR and exits 0 on SIGTERM", async () => {
    // Arrange
    const dataDir = path.join(dir.path, "data");
    const app = start({ DATA_DIR: dataDir });
    const port = await eventually(app, "the listening log line", async () => {
      const match = /"msg":"listening".*"port":(\d+)/.exec(app.stdout());
      return match ? Number(match[1]) : undefined;
    });
    const ready = await eventually(app, "/readyz to answer 200", async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.status === 200 ? response.json() : undefined;
    });

    // Act
    app.child.kill("SIGTERM");
    const code = await within(app.exited, 30_000);

    // Assert
    expect(ready).toEqual({ status: "ready" });
    expect(existsSync(dataDir)).toBe(true);
    expect(app.stdout()).toContain(JSON.stringify(dataDir));
    expect(code).toBe(0);
  });

  it("seeds an empty store once, serves it on /graphql and the form page, and keeps data across restarts", async () => {
    // Arrange
    const dataDir = path.join(dir.path, "data");
    const query = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ visits(first: 1) { totalCount } }" }),
      });
      const body = (await response.json()) as { data?: { visits: { totalCount: number } } };
      return body.data?.visits.totalCount;
    };
    const startAndCount = async (env: NodeJS.ProcessEnv) => {
      const app = start({ DATA_DIR: dataDir, ...env });
      const port = await graphqlPort(app);
      const count = await query(port);
      const page = await fetch(`http://127.0.0.1:${port}/feedback/some-token`);
      app.child.kill("SIGTERM");
      await within(app.exited, 30_000);
      return { app, count, page };
    };

    // Act
    const first = await startAndCount({});
    const second = await startAndCount({});
    const unseeded = await startAndCount({
      DATA_DIR: path.join(dir.path, "empty"),
      SEED_ON_START: "false",
    });

    // Assert
    expect(first.app.stdout()).toContain('"msg":"seeded demo data');
    expect(first.count).toBeGreaterThan(50);
    expect(second.app.stdout()).not.toContain('"msg":"seeded demo data');
    expect(second.count).toBe(first.count);
    expect(unseeded.count).toBe(0);
    expect(first.page.status).toBe(200);
    expect(first.page.headers.get("referrer-policy")).toBe("no-referrer");
  });

  // Apollo Server decides much by NODE_ENV (introspection, the landing page); this service does not.
  it.each([
    ["unset", undefined],
    ["production", "production"],
  ])(
    "with NODE_ENV %s: no introspection, no field suggestions, no landing page",
    async (_label, nodeEnv) => {
      // Arrange
      const app = start({ DATA_DIR: dir.path, SEED_ON_START: "false", NODE_ENV: nodeEnv });
      const port = await graphqlPort(app);

      // Act
      const schema = await post(
        port,
        /* GraphQL */ `
          {
            __schema {
              queryType {
                name
              }
            }
          }
        `,
      );
      const type = await post(
        port,
        /* GraphQL */ `
          {
            __type(name: "StudyVisit") {
              name
            }
          }
        `,
      );
      const typo = await post(
        port,
        /* GraphQL */ `
          {
            subregions {
              cod
            }
          }
        `,
      );
      // A browser is sent to our own explorer, never shown Apollo's landing page (Sandbox).
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, {
        headers: { accept: "text/html" },
        redirect: "manual",
      });
      const pageText = await page.text();

      // Assert
      expect(codeOf(schema)).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(schema.data).toBeUndefined();
      expect(codeOf(type)).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(codeOf(typo)).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(typo.errors?.[0]?.message).not.toContain("Did you mean");
      expect(JSON.stringify([schema, type, typo])).not.toMatch(/stacktrace|\.ts:\d/);
      expect(page.status).toBe(302);
      expect(page.headers.get("location")).toBe("/explorer");
      expect(pageText).not.toMatch(/sandbox|<html/i);
    },
  );

  // Apollo Server handles SIGTERM itself unless NODE_ENV=test, which is all vitest ever ran.
  it.each([
    ["unset", undefined],
    ["production", "production"],
  ])(
    "with NODE_ENV %s, SIGTERM lets 20 requests in flight finish, closes the store and exits 0",
    async (_label, nodeEnv) => {
      // Arrange
      const dataDir = path.join(dir.path, "data");
      const app = start({ DATA_DIR: dataDir, SEED_ON_START: "false", NODE_ENV: nodeEnv });
      const port = await graphqlPort(app);
      const query = /* GraphQL */ `
        {
          visits(first: 20) {
            totalCount
          }
          subregions {
            code
          }
        }
      `;
      const inFlight = await Promise.all(
        Array.from({ length: 20 }, () => openRequest(port, query)),
      );

      // Act
      app.child.kill("SIGTERM");
      await eventually(app, "the shutting down log line", async () =>
        app.stdout().includes('"msg":"shutting down"') ? true : undefined,
      );
      const answers = await Promise.all(inFlight.map((req) => req.finish()));
      const code = await within(app.exited, 60_000);

      // Assert
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      for (const answer of answers) {
        expect(JSON.parse(answer.body)).toEqual({
          data: { visits: { totalCount: 0 }, subregions: expect.any(Array) },
        });
      }
      expect(code).toBe(0);
      expect(app.stdout()).toContain('"msg":"stopped"');
      expect(readdirSync(dataDir, { recursive: true }).map(String)).not.toContainEqual(
        expect.stringMatching(/-wal$/),
      );
    },
  );

  it("exits 1 with one line naming the variable when the configuration is invalid", async () => {
    // Arrange
    const app = start({ DATA_DIR: dir.path, LOG_LEVEL: "loud" });

    // Act
    const code = await within(app.exited, 60_000);

    // Assert
    expect(code).toBe(1);
    expect(app.stderr()).toMatch(/^wizyty: Invalid configuration: LOG_LEVEL [^\n]*\n$/);
  });

  it("exits 1 with one line naming PORT when the HTTP port is taken", async () => {
    // Arrange
    const blocker = await occupyPort();

    try {
      // Act
      const app = start({ DATA_DIR: dir.path, PORT: String(blocker.port) });
      const code = await within(app.exited, 60_000);

      // Assert
      expect(code).toBe(1);
      expect(app.stderr()).toMatch(
        new RegExp(`^wizyty: PORT ${blocker.port} is already in use[^\\n]*\\n$`),
      );
    } finally {
      await blocker.release();
    }
  });

  it("exits 1 with one line naming DATA_DIR when the folder cannot be created", async () => {
    // Arrange
    const file = path.join(dir.path, "not-a-folder");
    await writeFile(file, "");

    // Act
    const app = start({ DATA_DIR: path.join(file, "data") });
    const code = await within(app.exited, 60_000);

    // Assert
    expect(code).toBe(1);
    expect(app.stderr()).toMatch(/^wizyty: DATA_DIR [^\n]*\n$/);
  });
});
