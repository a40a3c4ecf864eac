import type { Connection } from "mongoose";

import { discussionSummarySchema } from "./discussion-summary.model.js";
import { feedbackFormSchema } from "./feedback-form.model.js";
import { feedbackResponseSchema } from "./feedback-response.model.js";
import { invitationSchema } from "./invitation.model.js";
import { feedbackRollupSchema, visitFeedbackRollupSchema } from "./rollup.model.js";

export type { DiscussionSummaryDocument } from "./discussion-summary.model.js";
export type { FeedbackFormDocument } from "./feedback-form.model.js";
export type { FeedbackResponseDocument } from "./feedback-response.model.js";
export type { InvitationDocument } from "./invitation.model.js";
export type {
  FeedbackRollupDocument,
  RollupCounters,
  VisitFeedbackRollupDocument,
} from "./rollup.model.js";

/** The feedback subgraph's models on its own database; calling it again returns the same models. */
export function registerFeedbackModels(db: Connection) {
  return {
    FeedbackForm: db.model("FeedbackForm", feedbackFormSchema),
    Invitation: db.model("Invitation", invitationSchema),
    FeedbackResponse: db.model("FeedbackResponse", feedbackResponseSchema),
    DiscussionSummary: db.model("DiscussionSummary", discussionSummarySchema),
    FeedbackRollup: db.model("FeedbackRollup", feedbackRollupSchema),
    VisitFeedbackRollup: db.model("VisitFeedbackRollup", visitFeedbackRollupSchema),
  };
}

export type FeedbackModels = ReturnType<typeof registerFeedbackModels>;

/** Creates the collections and their indexes; resolves when they exist. */
export async function initFeedbackModels(models: FeedbackModels): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.init()));
}
