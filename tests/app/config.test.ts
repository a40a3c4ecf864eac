import path from "node:path";

import { describe, expect, it } from "vitest";

import { loadConfig } from "../../src/config.js";
import { StartupError } from "../../src/shared/errors.js";
import { PTABLE } from "../../src/shared/perturbation.js";

function configError(env: NodeJS.ProcessEnv): StartupError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe("loadConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    // Arrange
    const env = {};

    // Act
    const config = loadConfig(env);

    // Assert
    expect(config).toEqual({
      port: 4000,
      host: undefined,
      trustProxy: 0,
      mongodbUri: undefined,
      dbName: "wizyty",
      dataDir: path.resolve("data"),
      storePort: undefined,
      logLevel: "info",
      jwtSecret: undefined,
      subgraphSecrets: [],
      tokenTtlMinutes: 480,
      subgraphUrls: { visits: undefined, feedback: undefined },
      publicUrl: undefined,
      smtpUrl: undefined,
      mailFrom: "Wizyty <no-reply@localhost>",
      seedOnStart: true,
      analyticsMinGroup: 5,
      graphqlIntrospection: false,
      retentionMonths: 24,
      ptable: PTABLE,
    });
  });

  it("listens on a TCP port for the store only when STORE_PORT is set", () => {
    // Act
    const fixed = loadConfig({ STORE_PORT: "27018" });
    const free = loadConfig({ STORE_PORT: "0" });

    // Assert
    expect(fixed.storePort).toBe(27018);
    expect(free.storePort).toBe(0);
  });

  it("reads every variable and treats empty values as unset", () => {
    // Arrange
    const env = {
      PORT: "8080",
      HOST: "127.0.0.1",
      TRUST_PROXY: "1",
      MONGODB_URI: "mongodb://db.example:27017/admin",
      MONGODB_DB: "wizyty_test",
      DATA_DIR: "/var/lib/wizyty",
      STORE_PORT: "",
      LOG_LEVEL: "WARN",
      JWT_SECRET: "0123456789abcdef0123456789abcdef",
      SUBGRAPH_SECRET: "new-secret-0123456789abcdef012345, old-secret-0123456789abcdef012345",
      TOKEN_TTL_MINUTES: "60",
      VISITS_URL: "http://visits.internal:4001/graphql",
      FEEDBACK_URL: "http://feedback.internal:4002/graphql/",
      PUBLIC_URL: "https://wizyty.example.pl/",
      SMTP_URL: "smtp://mailer.example:587",
      MAIL_FROM: "MCPS <wizyty@example.pl>",
      SEED_ON_START: "no",
      ANALYTICS_MIN_GROUP: "10",
      GRAPHQL_INTROSPECTION: "true",
      RETENTION_MONTHS: "36",
    };

    // Act
    const config = loadConfig(env);

    // Assert
    expect(config).toEqual({
      port: 8080,
      host: "127.0.0.1",
      trustProxy: 1,
      mongodbUri: "mongodb://db.example:27017/admin",
      dbName: "wizyty_test",
      dataDir: "/var/lib/wizyty",
      storePort: undefined,
      logLevel: "warn",
      jwtSecret: "0123456789abcdef0123456789abcdef",
      subgraphSecrets: ["new-secret-0123456789abcdef012345", "old-secret-0123456789abcdef012345"],
      tokenTtlMinutes: 60,
      subgraphUrls: {
        visits: "http://visits.internal:4001/graphql",
        feedback: "http://feedback.internal:4002/graphql",
      },
      publicUrl: "https://wizyty.example.pl",
      smtpUrl: "smtp://mailer.example:587",
      mailFrom: "MCPS <wizyty@example.pl>",
      seedOnStart: false,
      analyticsMinGroup: 10,
      graphqlIntrospection: true,
      retentionMonths: 36,
      ptable: PTABLE,
    });
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "65536"],
    ["PORT", "80.5"],
    ["STORE_PORT", "-1"],
    ["TRUST_PROXY", "yes"],
    ["TRUST_PROXY", "11"],
    ["MONGODB_URI", "postgres://localhost/wizyty"],
    ["MONGODB_DB", "wizyty.test"],
    ["MONGODB_DB", "x".repeat(64)],
    ["LOG_LEVEL", "verbose"],
    ["JWT_SECRET", "too-short"],
    ["SUBGRAPH_SECRET", "too-short"],
    ["SUBGRAPH_SECRET", `${"x".repeat(32)},short`],
    ["TOKEN_TTL_MINUTES", "0"],
    ["VISITS_URL", "visits:4001"],
    ["FEEDBACK_URL", "ftp://feedback"],
    ["SMTP_URL", "mail.example:25"],
    ["SEED_ON_START", "maybe"],
    ["ANALYTICS_MIN_GROUP", "2"],
    ["ANALYTICS_MIN_GROUP", "five"],
    ["GRAPHQL_INTROSPECTION", "on"],
    ["RETENTION_MONTHS", "0"],
    ["RETENTION_MONTHS", "two years"],
  ])("names %s when it is %j", (name, value) => {
    // Arrange
    const env = { [name]: value };

    // Act
    const error = configError(env);

    // Assert
    expect(error.message).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("names every bad variable at once", () => {
    // Arrange
    const env = { PORT: "x", STORE_PORT: "y", LOG_LEVEL: "z" };

    // Act
    const error = configError(env);

    // Assert
    expect(error.message).toContain("PORT must be");
    expect(error.message).toContain("STORE_PORT must be");
    expect(error.message).toContain("LOG_LEVEL must be");
  });

  it.each([
    ["MONGODB_URI", "https://admin:hunter2@db.example/"],
    ["JWT_SECRET", "hunter2"],
    ["SUBGRAPH_SECRET", "hunter2"],
    ["SMTP_URL", "http://mailer:hunter2@mail.example"],
  ])("never echoes %s, which holds a secret", (name, value) => {
    // Arrange
    const env = { [name]: value };

    // Act
    const error = configError(env);

    // Assert
    expect(error.message).toContain(name);
    expect(error.message).not.toContain("hunter2");
  });
});
