import { randomUUID } from "node:crypto";

import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";

import { formatError } from "../shared/graphql/errors.js";
import { graphqlHandler, type RouteHandler } from "../shared/graphql/http.js";
import type { SubgraphName } from "./index.js";

interface GatewayContext {
  authorization: string | undefined;
  requestId: string;
}

export interface RunningGateway {
  handler: RouteHandler;
  stop(): Promise<void>;
}

/**
 * Serves the committed supergraph. Subgraphs verify tokens themselves: the gateway passes on
 * only the Authorization header and a request id, nothing else from the client.
 */
export async function createGateway(options: {
  supergraphSdl: string;
  urls: Record<SubgraphName, string>;
}): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.urls[name as SubgraphName] ?? url,
        willSendRequest({ request, context }) {
          if (context.authorization)
            request.http?.headers.set("authorization", context.authorization);
          request.http?.headers.set("x-request-id", context.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
  });
  await server.start();
  const handler = graphqlHandler(server, async (req) => {
    const given = req.headers["x-request-id"];
    return {
      authorization: req.headers.authorization,
      requestId: typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID(),
    };
  });
  return { handler, stop: () => server.stop() };
}
