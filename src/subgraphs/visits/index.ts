import { countyReference, subregionReference } from "../../resolvers/visits/subregion.reference.js";
import { CountyResolver, SubregionResolver } from "../../resolvers/visits/subregion.resolver.js";
import type { SubgraphDefinition } from "../../shared/graphql/subgraph.js";

/** The `visits` subgraph: its resolvers and the entities it resolves by key. */
export const visitsSubgraph: SubgraphDefinition = {
  name: "visits",
  resolvers: [SubregionResolver, CountyResolver],
  references: {
    Subregion: subregionReference,
    County: countyReference,
  },
};
