import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { validate, type ValidationError } from "class-validator";
import { type GraphQLSchema, parse } from "graphql";
import {
  buildSchema,
  createResolversMap,
  type NonEmptyArray,
  type ResolverData,
} from "type-graphql";

import { auditPlugin, noteMutationResults } from "../audit.js";
import type { AuditLog } from "../audit-log.js";
import { authChecker, type TokenService } from "../auth.js";
import { type RequestInfo, requestInfo } from "../context.js";
import type { Logger } from "../logger.js";
import { onlyForTheGateway, type SubgraphSecret } from "../subgraph-secret.js";
import { checkRepresentations } from "./entities.js";
import { badInput, formatError } from "./errors.js";
import { graphqlHandler, type RouteHandler } from "./http.js";
import { operationLimits } from "./limits.js";
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
    validateFn: validateInput,
    scalarsMap: [{ type: Date, scalar: DateScalar }],
    // A subgraph may have no Query of its own; composition checks the whole.
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(definition.references)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
  checkRepresentations(subgraph, Object.keys(definition.references));
  return subgraph;
}

/**
 * class-validator on every input object; the error names the failing field by its full path
 * from the argument (`input.capacity`, `input.actions.0.owner`), as the services' own checks do.
 */
async function validateInput(value: unknown, _type: unknown, data: ResolverData): Promise<void> {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    const failures = await validate(item as object, {
      skipMissingProperties: true,
      forbidUnknownValues: false,
    });
    const first = firstFailure(failures, [argumentName(item as object, data.args)]);
    if (first) throw badInput(first[0], `${first[0]}: ${first[1]}`);
  }
}

// type-graphql hands over the argument as a class instance, not its name: find which argument
// has these fields (resolvers here take one input object, so this is rarely a choice).
function argumentName(value: object, args: Record<string, unknown>): string {
  const keys = Object.keys(value);
  const objects = Object.entries(args).filter(([, v]) => v !== null && typeof v === "object");
  const match = objects.find(([, v]) => keys.every((key) => key in (v as object)));
  return (match ?? objects[0])?.[0] ?? "input";
}

function firstFailure(failures: ValidationError[], path: string[]): [string, string] | undefined {
  for (const failure of failures) {
    const here = [...path, failure.property];
    const message = Object.values(failure.constraints ?? {})[0];
    if (message) return [here.join("."), message];
    const nested = firstFailure(failure.children ?? [], here);
    if (nested) return nested;
  }
  return undefined;
}

/** The SDL a subgraph publishes for composition (what `_service { sdl }` returns). */
export function subgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}

export interface RunningSubgraph {
  name: string;
  schema: GraphQLSchema;
  /** Serves `POST /graphql` (and GET for queries) to requests carrying the subgraph secret. */
  handler: RouteHandler;
  stop(): Promise<void>;
}

/** What every subgraph's server needs besides its own services. */
export interface SubgraphServices {
  tokens: TokenService;
  secret: SubgraphSecret;
  /** Every mutation and every staff access to personal data is written here. */
  audit: AuditLog;
  logger: Logger;
}

/**
 * Builds the schema and starts Apollo Server for one subgraph; listening is the caller's job.
 * `context` adds the subgraph's services and per-request loaders to what every request has.
 */
export async function startSubgraph<TContext extends RequestInfo>(
  definition: SubgraphDefinition,
  { tokens, secret, audit, logger }: SubgraphServices,
  context: (info: RequestInfo) => TContext,
): Promise<RunningSubgraph> {
  const schema = await buildSubgraph(definition);
  noteMutationResults(schema);
  const limits = operationLimits("subgraph");
  const server = new ApolloServer<TContext>({
    schema,
    ...limits,
    // Only the gateway calls a subgraph, and it reads the schema from `_service`.
    introspection: false,
    // Apollo would stop itself on SIGTERM and send the signal again; handleSignals stops it.
    stopOnTerminationSignals: false,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Traces would reach clients through the gateway; nothing here collects them.
    plugins: [
      ...limits.plugins,
      auditPlugin(audit, definition.name, logger),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await server.start();
  return {
    name: definition.name,
    schema,
    handler: onlyForTheGateway(
      secret,
      graphqlHandler(server, async (req) => context(await requestInfo(req, tokens))),
    ),
    stop: () => server.stop(),
  };
}
