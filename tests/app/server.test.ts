import type { Server } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { createHttpServer, type HttpServerOptions } from "../../src/server.js";
import { closeServer, listenOnFreePort } from "./helpers.js";

describe("createHttpServer", () => {
  let server: Server | undefined;

  async function start(isReady: HttpServerOptions["isReady"]): Promise<string> {
    server = createHttpServer({ isReady });
    return listenOnFreePort(server);
  }

  afterEach(async () => {
    if (server) await closeServer(server);
  });

  it("answers /healthz with 200 whatever the database does", async () => {
    // Arrange
    const url = await start(() => false);

    // Act
    const response = await fetch(`${url}healthz`);

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz with 503 until the readiness check passes, then 200", async () => {
    // Arrange
    let ready = false;
    const url = await start(() => ready);

    // Act
    const before = await fetch(`${url}readyz`);
    ready = true;
    const after = await fetch(`${url}readyz`);

    // Assert
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: "starting" });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: "ready" });
  });

  it("answers /readyz with 503 when the readiness check fails", async () => {
    // Arrange
    const url = await start(() => Promise.reject(new Error("ping failed")));

    // Act
    const response = await fetch(`${url}readyz?probe=k8s`);

    // Assert
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "starting" });
  });

  it("answers any other path with 404 JSON", async () => {
    // Arrange
    const url = await start(() => true);

    // Act
    const response = await fetch(`${url}graphql`);

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });

  it("answers other methods on a probe with 405", async () => {
    // Arrange
    const url = await start(() => true);

    // Act
    const response = await fetch(`${url}healthz`, { method: "POST" });

    // Assert
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
