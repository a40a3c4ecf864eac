import { buildSubgraph, subgraphSdl } from "../shared/graphql/subgraph.js";
import { feedbackSubgraph } from "../subgraphs/feedback/index.js";
import { visitsSubgraph } from "../subgraphs/visits/index.js";
import type { SubgraphName } from "./index.js";

export { clientSchema, composeSupergraph } from "./composition.js";

const DEFINITIONS = { visits: visitsSubgraph, feedback: feedbackSubgraph };

/** Each subgraph's SDL as built from its classes right now. */
export async function emitSubgraphSdl(): Promise<Record<SubgraphName, string>> {
  return {
    visits: subgraphSdl(await buildSubgraph(DEFINITIONS.visits)),
    feedback: subgraphSdl(await buildSubgraph(DEFINITIONS.feedback)),
  };
}
