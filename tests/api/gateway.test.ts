import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type RecordingProxy, recordingProxy } from "../support/proxy.js";
import {
  codeOf,
  Role,
  startTestSystem,
  TEST_SUBGRAPH_SECRET,
  type TestSystem,
} from "../support/system.js";

describe("gateway", () => {
  let backend: TestSystem;
  let proxy: RecordingProxy;
  let t: TestSystem;

  beforeAll(async () => {
    backend = await startTestSystem();
    const visitsUrl = backend.system.local.find((s) => s.name === "visits")!.url;
    proxy = await recordingProxy(visitsUrl);
    const feedbackUrl = backend.system.local.find((s) => s.name === "feedback")!.url;
    t = await startTestSystem({ VISITS_URL: proxy.url, FEEDBACK_URL: feedbackUrl });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await backend?.close();
  });

  it("forwards only the Authorization header and a request id to subgraphs, and adds the secret", async () => {
    // Arrange: the account lives where the subgraphs check tokens, in the backend's database.
    const token = await backend.tokenFor(Role.ANALYST);
    proxy.seen.length = 0;

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        {
          subregions {
            code
          }
        }
      `,
      undefined,
      {
        token,
        headers: {
          cookie: "session=secret",
          "x-request-id": "req-42",
          "x-forwarded-for": "10.0.0.1",
        },
      },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(proxy.seen).toHaveLength(1);
    const headers = proxy.seen[0]!;
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers["x-request-id"]).toBe("req-42");
    expect(headers["x-wizyty-gateway-secret"]).toBe(TEST_SUBGRAPH_SECRET);
    expect(headers.cookie).toBeUndefined();
    expect(headers["x-forwarded-for"]).toBeUndefined();
  });

  it("makes up a request id when the client sends none", async () => {
    // Arrange
    proxy.seen.length = 0;

    // Act
    await t.gql(/* GraphQL */ `
      {
        subregions {
          code
        }
      }
    `);

    // Assert
    expect(proxy.seen[0]?.["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers UNAUTHENTICATED for a forged token, verified by the subgraph", async () => {
    // Arrange
    const [header, payload] = (await t.tokenFor(Role.ADMIN)).split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        {
          subregions {
            code
          }
        }
      `,
      undefined,
      { token: forged },
    );

    // Assert
    expect(codeOf(result)).toBe("UNAUTHENTICATED");
    expect(result.errors?.[0]?.message).toContain("The token is not valid.");
    expect(result.data ?? null).toBeNull();
    // The subgraph's address stays inside.
    expect(JSON.stringify(result)).not.toContain("127.0.0.1");
  });

  it("masks unexpected errors and rejects malformed operations with stable codes", async () => {
    // Act
    const parse = await t.gql(/* GraphQL */ `{ subregions { code `);
    const validation = await t.gql(/* GraphQL */ `
      {
        subregions {
          noSuchField
        }
      }
    `);

    // Assert
    expect(codeOf(parse)).toBe("GRAPHQL_PARSE_FAILED");
    expect(codeOf(validation)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(validation)).not.toMatch(/stacktrace|at .*\.ts/);
  });
});

describe("gateway with GRAPHQL_INTROSPECTION=true", () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ GRAPHQL_INTROSPECTION: "true" });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("answers introspection, which is off by default, and the full query tools send", async () => {
    // Act
    const type = await t.gql<{ __type: { name: string } }>(/* GraphQL */ `
      {
        __type(name: "StudyVisit") {
          name
        }
      }
    `);
    const full = await t.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());

    // Assert
    expect(type.errors).toBeUndefined();
    expect(type.data?.__type.name).toBe("StudyVisit");
    expect(full.errors).toBeUndefined();
    expect(full.data?.__schema.types.length).toBeGreaterThan(50);
  });
});
