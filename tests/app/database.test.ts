import { writeFile } from "node:fs/promises";
import path from "node:path";

import { Schema } from "mongoose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createHttpServer } from "../../src/server.js";
import { connectDatabase, type Database, type DatabaseConfig } from "../../src/shared/database.js";
import { StartupError } from "../../src/shared/errors.js";
import { closeServer, listenOnFreePort, occupyPort, tempDir } from "./helpers.js";

// `MONGODB_URI=… npm test` runs the same tests against a real MongoDB.
const externalUri = process.env["MONGODB_URI"] || undefined;

describe("connectDatabase", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const opened: Database[] = [];

  function embeddedConfig(dataDir = path.join(dir.path, "data")): DatabaseConfig {
    return { mongodbUri: undefined, dbName: "wizyty_test", dataDir, storePort: undefined };
  }

  async function connect(config: DatabaseConfig): Promise<Database> {
    const database = await connectDatabase(config);
    opened.push(database);
    return database;
  }

  async function startupError(config: DatabaseConfig): Promise<StartupError> {
    const error: unknown = await connect(config).then(
      () => new Error("expected start-up to fail"),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }

  beforeEach(async () => {
    dir = await tempDir();
  });

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    await dir.remove();
  });

  it("makes /readyz answer 200 once connected, and 503 before", async () => {
    // Arrange
    const config = { ...embeddedConfig(), mongodbUri: externalUri };
    const state: { database?: Database } = {};
    const server = createHttpServer({ isReady: () => state.database?.isReady() ?? false });
    const url = await listenOnFreePort(server);

    try {
      // Act
      const before = await fetch(`${url}readyz`);
      state.database = await connect(config);
      const after = await fetch(`${url}readyz`);

      // Assert
      expect(before.status).toBe(503);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({ status: "ready" });
    } finally {
      await closeServer(server);
    }
  });

  it("gives a connection on which each subgraph can take its own database", async () => {
    // Arrange
    const database = await connect({ ...embeddedConfig(), mongodbUri: externalUri });
    const visits = database.connection.useDb(`wizyty_test_visits_${process.pid}`);
    const Probe = visits.model("Probe", new Schema({ name: { type: String, required: true } }));

    try {
      // Act
      await Probe.create({ name: "Zioła Siedleckie" });
      const found = await Probe.findOne({ name: "Zioła Siedleckie" }).lean();

      // Assert
      expect(found?.name).toBe("Zioła Siedleckie");
    } finally {
      await visits.dropDatabase();
    }
  });

  it("creates DATA_DIR and releases it on close, keeping the data", async () => {
    // Arrange
    const config = embeddedConfig();
    const first = await connect(config);
    await first.connection.collection("probes").insertOne({ edition: 1 });

    // Act
    await first.close();
    const second = await connect(config);
    const found = await second.connection.collection("probes").findOne({ edition: 1 });

    // Assert
    expect(first.location).toMatchObject({ kind: "embedded", dataDir: config.dataDir });
    expect(found).toMatchObject({ edition: 1 });
  });

  it("names DATA_DIR when the folder cannot be created", async () => {
    // Arrange
    const file = path.join(dir.path, "not-a-folder");
    await writeFile(file, "");

    // Act
    const error = await startupError(embeddedConfig(path.join(file, "data")));

    // Assert
    expect(error.message).toMatch(/^DATA_DIR /);
    expect(error.message).toContain(file);
  });

  it("names DATA_DIR when another store already uses it", async () => {
    // Arrange
    const config = embeddedConfig();
    await connect(config);

    // Act
    const error = await startupError(config);

    // Assert
    expect(error.message).toMatch(/^DATA_DIR .*in use/);
  });

  it("serves the embedded store on a socket in DATA_DIR by default, and on STORE_PORT when set", async () => {
    // Arrange
    const config = embeddedConfig();

    // Act
    const onSocket = await connect(config);
    const socketUri = onSocket.location.kind === "embedded" ? onSocket.location.uri : "";
    await onSocket.close();
    const onPort = await connect({ ...config, storePort: 0 });
    const portUri = onPort.location.kind === "embedded" ? onPort.location.uri : "";

    // Assert
    expect(socketUri).toBe(
      `mongodb://${encodeURIComponent(path.join(config.dataDir, "store.sock"))}/?directConnection=true`,
    );
    expect(portUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await onPort.isReady()).toBe(true);
  });

  it("names DATA_DIR when it is too deep for the store's socket", async () => {
    // Arrange
    const deep = path.join(dir.path, "d".repeat(120));

    // Act
    const error = await startupError(embeddedConfig(deep));

    // Assert
    expect(error.message).toMatch(/^DATA_DIR .* too deep for the store's Unix socket/);
    expect(error.message).toContain("STORE_PORT");
  });

  it("names STORE_PORT when the port is taken", async () => {
    // Arrange
    const blocker = await occupyPort();

    try {
      // Act
      const error = await startupError({ ...embeddedConfig(), storePort: blocker.port });

      // Assert
      expect(error.message).toMatch(new RegExp(`^STORE_PORT ${blocker.port} `));
    } finally {
      await blocker.release();
    }
  });

  it("names MONGODB_URI and its host, never the password, when MongoDB is unreachable", async () => {
    // Arrange: a port that was free a moment ago refuses connections.
    const { port, release } = await occupyPort();
    await release();
    const config = {
      ...embeddedConfig(),
      mongodbUri: `mongodb://wizyty:s3cr%40t@127.0.0.1:${port}/`,
    };

    // Act
    const error: unknown = await connectDatabase(config, { serverSelectionTimeoutMS: 500 }).then(
      () => new Error("expected the connection to fail"),
      (reason: unknown) => reason,
    );

    // Assert
    expect(error).toBeInstanceOf(StartupError);
    const { message } = error as StartupError;
    expect(message).toContain("MONGODB_URI");
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toMatch(/s3cr/);
  });
});
