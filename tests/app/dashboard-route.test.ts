import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { get, type IncomingHttpHeaders, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import { createHttpServer } from "../../src/server.js";
import type { RouteHandler } from "../../src/shared/graphql/http.js";
import { dashboardRoute } from "../../src/web/dashboard.js";
import { closeServer, listenOnFreePort } from "./helpers.js";

/** fetch() would unzip the body; this keeps the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), `wizyty-${prefix}`));

/** A built dashboard as Vite lays it out, small enough to check byte for byte. */
function builtDashboard(): string {
  const folder = tempDir("dashboard-");
  mkdirSync(path.join(folder, "assets"));
  writeFileSync(path.join(folder, "index.html"), "<!doctype html><title>dashboard</title>");
  writeFileSync(path.join(folder, "explorer.html"), "<!doctype html><title>explorer</title>");
  writeFileSync(
    path.join(folder, "assets", "main-abc123.js"),
    `console.log("${"x".repeat(4000)}");`,
  );
  return folder;
}

describe("the dashboard route", () => {
  let server: Server | undefined;

  async function start(folder: string, extra: [string, RouteHandler][] = []): Promise<string> {
    server = createHttpServer({
      isReady: () => true,
      routes: new Map([...extra, ["/*", dashboardRoute(folder)]]),
    });
    return listenOnFreePort(server);
  }

  afterEach(async () => {
    if (server) await closeServer(server);
  });

  it("answers every page path with index.html, under a strict CSP and not cached for long", async () => {
    // Arrange
    const url = await start(builtDashboard());

    // Act
    const pages = await Promise.all(
      ["", "subregions?from=2024-01&subregion=PL911", "visits/abc123"].map((p) => fetch(url + p)),
    );

    // Assert
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self';");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(await page.text()).toContain("<title>dashboard</title>");
    }
  });

  it("serves hashed assets for good, gzipped when asked, and 404 for anything else with a file name", async () => {
    // Arrange
    const url = await start(builtDashboard());

    // Act
    const plain = await fetch(`${url}assets/main-abc123.js`, {
      headers: { "accept-encoding": "identity" },
    });
    const zipped = await rawGet(`${url}assets/main-abc123.js`, { "accept-encoding": "gzip" });
    const missing = await fetch(`${url}assets/nothing.js`);
    const traversal = await fetch(`${url}assets/..%2Findex.html`);
    const stray = await fetch(`${url}robots.txt`);

    // Assert
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const body = await plain.text();
    expect(body).toMatch(/^console\.log/);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).toString()).toBe(body);
    expect([missing.status, traversal.status, stray.status]).toEqual([404, 404, 404]);
  });

  it("serves the explorer at /explorer with its own CSP", async () => {
    // Arrange
    const url = await start(builtDashboard());

    // Act
    const explorer = await fetch(`${url}explorer`);

    // Assert
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toContain("<title>explorer</title>");
    expect(explorer.headers.get("content-security-policy")).toContain("worker-src 'self'");
  });

  it("leaves the probes and longer routes alone, and refuses writes", async () => {
    // Arrange
    const api: RouteHandler = async (_req, res) => void res.writeHead(204).end();
    const url = await start(builtDashboard(), [["/exports/*", api]]);

    // Act
    const health = await fetch(`${url}healthz`);
    const exported = await fetch(`${url}exports/overview.csv`);
    const posted = await fetch(url, { method: "POST", body: "x" });

    // Assert
    expect(await health.json()).toEqual({ status: "ok" });
    expect(exported.status).toBe(204);
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
  });

  it("says how to build the dashboard when it is not built", async () => {
    // Arrange
    const url = await start(tempDir("empty-"));

    // Act
    const page = await fetch(url);

    // Assert
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("npm run build");
  });
});
