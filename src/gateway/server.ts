import type { IncomingMessage } from "node:http";

import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

import { CLIENT_ADDRESS_HEADER, clientAddressBehind } from "../shared/client-address.js";
import { requestIdOf } from "../shared/context.js";
import { formatError } from "../shared/graphql/errors.js";
import { graphqlHandler, type RouteHandler } from "../shared/graphql/http.js";
import { LIMITS, operationLimits } from "../shared/graphql/limits.js";
import { SUBGRAPH_SECRET_HEADER } from "../shared/subgraph-secret.js";
import type { SubgraphName } from "./index.js";

interface GatewayContext {
  authorization: string | undefined;
  requestId: string;
  clientAddress: string;
}

// With a gateway, Apollo Server leaves choosing the operation to it, and it throws (a masked 500)
// when the document has several and no operationName says which, or names none of them.
const operationMustResolve: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request }) {
        if (operation) return;
        const message = request.operationName
          ? `The document has no operation named ${JSON.stringify(request.operationName)}.`
          : "The document has several operations: name one in operationName.";
        throw new GraphQLError(message, {
          extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } },
        });
      },
    };
  },
};

const timeLimit = () => AbortSignal.timeout(LIMITS.requestMs);

type FetcherResponse = Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0];

class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    // Nobody waits for an answer after the request time limit: stop the subgraph call too.
    super({ url, fetcher: (input, init) => fetch(input, { ...init, signal: timeLimit() }) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    request.http?.headers.set(SUBGRAPH_SECRET_HEADER, this.secret);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    request.http?.headers.set("x-request-id", context.requestId);
    request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
  }

  /**
   * A subgraph answers 400 when it refuses a variable (a Date that is no calendar date) and 401
   * for a bad token; its first error, with its code, is what the client should see.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const wrapped = await super.errorFromResponse(response);
    const body = wrapped.extensions["response"] as { body?: unknown } | undefined;
    const first = (body?.body as { errors?: GraphQLFormattedError[] } | undefined)?.errors?.[0];
    if (response.status >= 400 && response.status < 500 && typeof first?.message === "string") {
      return new GraphQLError(first.message, { extensions: { ...first.extensions } });
    }
    return wrapped;
  }
}

export interface RunningGateway {
  handler: RouteHandler;
  /**
   * Runs an operation through the gateway on behalf of `req` (its Authorization header and
   * request id), as a client would: for server-side features built on the API, such as exports.
   */
  execute<T>(
    req: IncomingMessage,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data: T | null; errors?: GraphQLFormattedError[] }>;
  stop(): Promise<void>;
}

/**
 * Serves the committed supergraph. Subgraphs verify tokens themselves: the gateway passes on
 * only the Authorization header, a request id and the client's address, nothing else from the
 * client, and adds the subgraph secret. `trustProxy` is the number of reverse proxies in front
 * (TRUST_PROXY).
 */
export async function createGateway(options: {
  supergraphSdl: string;
  urls: Record<SubgraphName, string>;
  /** GRAPHQL_INTROSPECTION; Apollo Server's default (on unless NODE_ENV=production) is not used. */
  introspection: boolean;
  /** Sent to every subgraph, which answers nothing without it. */
  secret: string;
  trustProxy: number;
}): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(options.urls[name as SubgraphName] ?? url, options.secret),
  });
  const limits = operationLimits("gateway");
  const server = new ApolloServer<GatewayContext>({
    gateway,
    ...limits,
    introspection: options.introspection,
    // Apollo would stop itself on SIGTERM and send the signal again; handleSignals stops it.
    stopOnTerminationSignals: false,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Apollo Sandbox would load from a CDN; GET /graphql answers only queries.
    plugins: [...limits.plugins, operationMustResolve, ApolloServerPluginLandingPageDisabled()],
  });
  await server.start();
  const contextOf = (req: IncomingMessage): GatewayContext => ({
    authorization: req.headers.authorization,
    requestId: requestIdOf(req),
    clientAddress: clientAddressBehind(req, options.trustProxy),
  });
  return {
    handler: graphqlHandler(server, async (req) => contextOf(req)),
    async execute(req, query, variables) {
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: contextOf(req) },
      );
      if (response.body.kind !== "single") throw new Error("incremental delivery is not used");
      const { data, errors } = response.body.singleResult;
      return { data: (data ?? null) as never, errors: errors ? [...errors] : undefined };
    },
    stop: () => server.stop(),
  };
}
