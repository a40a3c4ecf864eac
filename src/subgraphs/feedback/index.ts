import { ThemeResolver } from "../../resolvers/feedback/theme.resolver.js";
import type { SubgraphDefinition } from "../../shared/graphql/subgraph.js";

/** The `feedback` subgraph: its resolvers and the entities it resolves by key. */
export const feedbackSubgraph: SubgraphDefinition = {
  name: "feedback",
  resolvers: [ThemeResolver],
  references: {},
};
