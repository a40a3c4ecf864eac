import { requireRole, STAFF_ROLES } from "../../shared/auth.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

export const discussionSummaryReference = {
  __resolveReference: async (ref: { id: string }, { viewer, loaders }: FeedbackContext) => {
    requireRole(viewer, STAFF_ROLES);
    return (await loaders.summary.load(ref.id)) ?? null;
  },
};
