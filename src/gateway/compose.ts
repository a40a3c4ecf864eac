import { composeServices } from "@apollo/composition";
import { type GraphQLSchema, parse } from "graphql";

import { buildSubgraph, subgraphSdl } from "../shared/graphql/subgraph.js";
import { feedbackSubgraph } from "../subgraphs/feedback/index.js";
import { visitsSubgraph } from "../subgraphs/visits/index.js";
import { DEFAULT_SUBGRAPH_URLS, type SubgraphName } from "./index.js";

const DEFINITIONS = { visits: visitsSubgraph, feedback: feedbackSubgraph };

/** Each subgraph's SDL as built from its classes right now. */
export async function emitSubgraphSdl(): Promise<Record<SubgraphName, string>> {
  return {
    visits: subgraphSdl(await buildSubgraph(DEFINITIONS.visits)),
    feedback: subgraphSdl(await buildSubgraph(DEFINITIONS.feedback)),
  };
}

/** Composes the supergraph from the subgraphs' SDL; throws listing every composition error. */
export function composeSupergraph(sdl: Record<SubgraphName, string>): string {
  return `${compose(sdl).supergraphSdl.trim()}\n`;
}

/** The schema clients see through the gateway (the supergraph without its join directives). */
export function clientSchema(sdl: Record<SubgraphName, string>): GraphQLSchema {
  return compose(sdl).schema.toAPISchema().toGraphQLJSSchema();
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
