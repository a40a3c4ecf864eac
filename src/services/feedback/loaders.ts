import DataLoader from "dataloader";

import type { VisitCounts } from "./analytics-rollup.service.js";
import type { DiscussionSummaryRecord } from "./discussion-summary.service.js";
import type { FeedbackFormRecord } from "./feedback-form.service.js";
import type { FeedbackResponseRecord } from "./feedback-response.service.js";
import type { FeedbackServices } from "./index.js";

/**
 * Per-request batching: a list of visits asking for counts, summaries or forms costs one
 * database command per kind, however long the list.
 */
export function createFeedbackLoaders(services: FeedbackServices) {
  return {
    form: new DataLoader<string, FeedbackFormRecord | undefined>((ids) =>
      services.forms.byIds(ids),
    ),
    formVersionsOfVisit: new DataLoader<string, number[]>((visitIds) =>
      services.forms.versionsUsedBy(visitIds),
    ),
    response: new DataLoader<string, FeedbackResponseRecord | undefined>((ids) =>
      services.responses.byIds(ids),
    ),
    summary: new DataLoader<string, DiscussionSummaryRecord | undefined>((ids) =>
      services.summaries.byIds(ids),
    ),
    summaryOfVisit: new DataLoader<string, DiscussionSummaryRecord | null>((visitIds) =>
      services.summaries.byVisitIds(visitIds),
    ),
    visitCounts: new DataLoader<string, VisitCounts>((visitIds) =>
      services.rollups.countsOfVisits(visitIds),
    ),
  };
}

export type FeedbackLoaders = ReturnType<typeof createFeedbackLoaders>;
