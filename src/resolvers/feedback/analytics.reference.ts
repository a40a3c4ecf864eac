import type { FeedbackContext } from "../../subgraphs/feedback/server.js";
import { overviewFor } from "./analytics.resolver.js";

export const analyticsOverviewReference = {
  __resolveReference: (ref: { key: string }, context: FeedbackContext) => {
    if (!context.viewer) return null;
    return overviewFor(ref.key, context);
  },
};

export const subregionReference = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
};
