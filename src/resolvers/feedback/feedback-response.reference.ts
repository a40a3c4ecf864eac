import { PERSONAL_DATA_ROLES, requireRole } from "../../shared/auth.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

// One response is per-respondent data: ADMIN and COORDINATOR only, as `StudyVisit.feedback`.
export const feedbackResponseReference = {
  __resolveReference: async (ref: { id: string }, { viewer, loaders }: FeedbackContext) => {
    requireRole(viewer, PERSONAL_DATA_ROLES);
    return (await loaders.response.load(ref.id)) ?? null;
  },
};
