import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeServer, listen } from "../../src/shared/process.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";

/** Sits between the gateway and the real visits subgraph and records what the gateway sends. */
async function recordingProxy(
  target: string,
): Promise<{ url: string; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer(async (req, res) => {
    seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (req.headers.authorization) headers["authorization"] = req.headers.authorization;
    const answer = await fetch(target, { method: "POST", headers, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  const { port } = await listen(server, 0, "127.0.0.1");
  return { url: `http://127.0.0.1:${port}/graphql`, seen, server };
}

describe("gateway", () => {
  let backend: TestSystem;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
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
    if (proxy) await closeServer(proxy.server);
    await backend?.close();
  });

  it("forwards only the Authorization header and a request id to subgraphs", async () => {
    // Arrange
    const token = await t.tokenFor(Role.ANALYST);
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
