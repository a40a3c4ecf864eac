import { parseAnalyticsKey } from "../../schema/analytics-filter.input.js";
import type { VisitsContext } from "../../services/visits/index.js";
import { unauthenticated } from "../../shared/graphql/errors.js";

/** The participation fields of the overview the feedback subgraph returns. Staff only. */
export const analyticsOverviewReference = {
  __resolveReference: async (ref: { key: string }, { viewer, services }: VisitsContext) => {
    if (!viewer) throw unauthenticated("Analytics are for staff; sign in.");
    return { key: ref.key, ...(await services.participation.measures(parseAnalyticsKey(ref.key))) };
  },
};
