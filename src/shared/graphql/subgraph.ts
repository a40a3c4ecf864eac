import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { type GraphQLSchema, parse } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";

import { authChecker, type TokenService } from "../auth.js";
import { type RequestInfo, requestInfo } from "../context.js";
import { formatError } from "./errors.js";
import { graphqlHandler, type RouteHandler } from "./http.js";
import { DateScalar } from "./scalars.js";

const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])`;

export interface SubgraphDefinition {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` for each entity the subgraph owns or extends. */
  references: Record<string, { __resolveReference: (...args: never[]) => unknown }>;
}

/** type-graphql classes → a Federation 2 subgraph schema. */
export async function buildSubgraph(definition: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    authChecker,
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateScalar }],
    // A subgraph may have no Query of its own; composition checks the whole.
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(definition.references)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}

/** The SDL a subgraph publishes for composition (what `_service { sdl }` returns). */
export function subgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}

export interface RunningSubgraph {
  name: string;
  schema: GraphQLSchema;
  /** Serves `POST /graphql` (and GET for queries). */
  handler: RouteHandler;
  stop(): Promise<void>;
}

/**
 * Builds the schema and starts Apollo Server for one subgraph; listening is the caller's job.
 * `context` adds the subgraph's services and per-request loaders to what every request has.
 */
export async function startSubgraph<TContext extends RequestInfo>(
  definition: SubgraphDefinition,
  tokens: TokenService,
  context: (info: RequestInfo) => TContext,
): Promise<RunningSubgraph> {
  const schema = await buildSubgraph(definition);
  const server = new ApolloServer<TContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Traces would reach clients through the gateway; nothing here collects them.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  return {
    name: definition.name,
    schema,
    handler: graphqlHandler(server, async (req) => context(await requestInfo(req, tokens))),
    stop: () => server.stop(),
  };
}
