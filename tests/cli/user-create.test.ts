import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { verifyPassword } from "../../src/shared/auth.js";
import { connectDatabase } from "../../src/shared/database.js";
import { type CliResult, runCli } from "../support/cli.js";
import { realMongoUri, startTestStore, tempDir, type TestStore } from "../support/store.js";

let store: TestStore;
let dataDir: string;
let dbName: string;

beforeAll(async () => {
  store = await startTestStore();
  dataDir = tempDir();
  dbName = `cli${randomUUID().replaceAll("-", "").slice(0, 12)}`;
});
afterAll(async () => {
  if (process.env.MONGODB_URI) await store?.client.db(`${dbName}_visits`).dropDatabase();
  await store?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run user:create -- …` without npm: the same script, against the test store. */
function userCreate(...args: string[]): Promise<CliResult> {
  return userCreateWith({ MONGODB_URI: store.uri, DATA_DIR: dataDir }, ...args);
}

function userCreateWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return runCli("user-create.ts", args, { MONGODB_DB: dbName, LOG_LEVEL: "silent", ...env });
}

const users = () => store.client.db(`${dbName}_visits`).collection("users");

describe("npm run user:create", () => {
  it("creates a staff user with a hashed password and a lower-cased e-mail", async () => {
    // Act
    const result = await userCreate(
      "--email",
      "Admin@MCPS.example.pl",
      "--password",
      "correct horse battery",
      "--role",
      "ADMIN",
    );

    // Assert
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created ADMIN admin@mcps\.example\.pl/);
    const user = await users().findOne({ email: "admin@mcps.example.pl" });
    expect(user).toMatchObject({ role: "ADMIN" });
    expect(user!["passwordHash"]).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", user!["passwordHash"] as string)).toBe(
      true,
    );
  });

  it("refuses a second user with the same e-mail and exits 1", async () => {
    // Arrange
    await userCreate(
      "--email",
      "coord@mcps.example.pl",
      "--password",
      "a long password",
      "--role",
      "COORDINATOR",
    );

    // Act
    const result = await userCreate(
      "--email",
      "COORD@mcps.example.pl",
      "--password",
      "another long one",
      "--role",
      "ADMIN",
    );

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already exists/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await users().countDocuments({ email: "coord@mcps.example.pl" })).toBe(1);
  });

  it.each([
    [["--email", "a@b.pl", "--password", "too short", "--role", "ADMIN"], /at least 12 characters/],
    [
      ["--email", "not-an-email", "--password", "long enough pass", "--role", "ADMIN"],
      /e-mail address/,
    ],
    [
      ["--email", "a@b.pl", "--password", "long enough pass", "--role", "KING"],
      /--role must be one of/,
    ],
    [["--email", "a@b.pl", "--role", "ADMIN"], /--email, --password and --role are required/],
    [["--email", "a@b.pl", "--pasword", "typo in the option"], /Unknown option/],
  ])("exits 1 with a clear message for %j", async (args, message) => {
    // Act
    const result = await userCreate(...args);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(await users().countDocuments({ email: "a@b.pl" })).toBe(0);
  });

  it.skipIf(realMongoUri)(
    "creates the user through the running service's socket while the service holds DATA_DIR",
    async () => {
      // Arrange
      const serviceDir = tempDir();
      const service = await connectDatabase({
        mongodbUri: undefined,
        dbName,
        dataDir: serviceDir,
        storePort: undefined,
      });

      try {
        // Act
        const result = await userCreateWith(
          { MONGODB_URI: "", DATA_DIR: serviceDir },
          "--email",
          "while-running@mcps.example.pl",
          "--password",
          "a long password",
          "--role",
          "ANALYST",
        );

        // Assert
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const user = await service.connection
          .useDb(`${dbName}_visits`)
          .collection("users")
          .findOne({ email: "while-running@mcps.example.pl" });
        expect(user).toMatchObject({ role: "ANALYST" });
      } finally {
        await service.close();
        rmSync(serviceDir, { recursive: true, force: true });
      }
    },
  );
});
