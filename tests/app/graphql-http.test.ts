import type { Server } from "node:http";

import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createHttpServer } from "../../src/server.js";
import { graphqlHandler } from "../../src/shared/graphql/http.js";
import { closeServer, listenOnFreePort } from "./helpers.js";

// The limits Apollo Server has no setting for, on a tiny schema with limits shrunk to fit it.
describe("graphqlHandler limits", () => {
  let server: Server;
  let apollo: ApolloServer;
  let url: string;
  const neverAnswers = new Promise<string>(() => {});

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: /* GraphQL */ `
        type Query {
          hang: String
          big: String
          small: String
        }
      `,
      resolvers: {
        Query: { hang: () => neverAnswers, big: () => "x".repeat(2000), small: () => "x" },
      },
    });
    await apollo.start();
    const limits = { requestBytes: 1000, responseBytes: 1000, requestMs: 200 };
    const handler = graphqlHandler(apollo, async () => ({}), limits);
    server = createHttpServer({ isReady: () => true, routes: new Map([["/graphql", handler]]) });
    url = `${await listenOnFreePort(server)}graphql`;
  });

  afterAll(async () => {
    await closeServer(server);
    await apollo.stop();
  });

  async function post(body: string) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const json = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    return { status: response.status, code: json.errors?.[0]?.extensions.code, json };
  }

  it("answers TIMEOUT (503) when the operation outlasts the request time limit", async () => {
    // Act
    const result = await post(JSON.stringify({ query: "{ hang }" }));

    // Assert
    expect(result).toMatchObject({ status: 503, code: "TIMEOUT" });
  });

  it("answers RESPONSE_TOO_LARGE (400) instead of an answer over the size limit", async () => {
    // Act
    const big = await post(JSON.stringify({ query: "{ big }" }));
    const small = await post(JSON.stringify({ query: "{ small }" }));

    // Assert
    expect(big).toMatchObject({ status: 400, code: "RESPONSE_TOO_LARGE" });
    expect(small).toMatchObject({ status: 200, json: { data: { small: "x" } } });
  });

  it("answers REQUEST_TOO_LARGE (413) to a body over the size limit", async () => {
    // Act
    const result = await post(JSON.stringify({ query: `{ small } # ${"x".repeat(1000)}` }));

    // Assert
    expect(result).toMatchObject({ status: 413, code: "REQUEST_TOO_LARGE" });
  });
});
