// Composition from SDL alone, without the subgraphs' classes: the dashboard's Vite build imports
// this to give the API explorer its schema, and type-graphql has no place in that build.
import { composeServices } from "@apollo/composition";
import { type GraphQLSchema, parse, print } from "graphql";

import { DEFAULT_SUBGRAPH_URLS, type SubgraphName } from "./index.js";

/** Composes the supergraph from the subgraphs' SDL; throws listing every composition error. */
export function composeSupergraph(sdl: Record<SubgraphName, string>): string {
  return `${compose(sdl).supergraphSdl.trim()}\n`;
}

/** The schema clients see through the gateway (the supergraph without its join directives). */
export function clientSchema(sdl: Record<SubgraphName, string>): GraphQLSchema {
  return compose(sdl).schema.toAPISchema().toGraphQLJSSchema();
}

/**
 * The same schema as SDL, printed from its AST: the dashboard's Vite build loads graphql's ESM
 * copy while composition uses its CommonJS one, and graphql's printSchema refuses a schema made
 * by the other copy.
 */
export function clientSdl(sdl: Record<SubgraphName, string>): string {
  return print(compose(sdl).schema.toAPISchema().toAST());
}

function compose(sdl: Record<SubgraphName, string>) {
  const result = composeServices(
    (Object.keys(sdl) as SubgraphName[]).map((name) => ({
      name,
      url: DEFAULT_SUBGRAPH_URLS[name],
      typeDefs: parse(sdl[name]),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  }
  return result;
}
