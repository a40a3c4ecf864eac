import type { Connection } from "mongoose";

import type { FeedbackModels } from "../../models/feedback/index.js";
import type { Logger } from "../../shared/logger.js";
import type { Ptable } from "../../shared/perturbation.js";
import { FeedbackAnalytics } from "./analytics.service.js";
import { FeedbackRollups } from "./analytics-rollup.service.js";
import { DiscussionSummaryService } from "./discussion-summary.service.js";
import { FeedbackFormService } from "./feedback-form.service.js";
import { FeedbackResponseService } from "./feedback-response.service.js";
import { InvitationService } from "./invitation.service.js";
import type { Mailer } from "./mailer.js";
import { VisitCountService } from "./visit-counts.service.js";
import type { VisitsClient } from "./visits-client.js";

export interface FeedbackServiceDependencies {
  visits: VisitsClient;
  mailer: Mailer | undefined;
  /** Base of participants' links, without a trailing slash. */
  publicUrl: string;
  logger: Logger;
  /** K: the smallest group an analytics cell may describe. */
  analyticsMinGroup: number;
  /** The perturbation table of published counts (the reference table unless a test swaps it). */
  ptable?: Ptable;
}

/** The feedback subgraph's business rules, built once per subgraph. */
export function createFeedbackServices(
  db: Connection,
  models: FeedbackModels,
  deps: FeedbackServiceDependencies,
) {
  const forms = new FeedbackFormService(models);
  const rollups = new FeedbackRollups(models);
  const invitations = new InvitationService({ db, models, forms, rollups, ...deps });
  return {
    forms,
    invitations,
    rollups,
    analytics: new FeedbackAnalytics(models, deps.analyticsMinGroup, deps.ptable),
    responses: new FeedbackResponseService(
      db,
      models,
      forms,
      invitations,
      rollups,
      deps.analyticsMinGroup,
    ),
    summaries: new DiscussionSummaryService(models, deps.visits),
    visitCounts: new VisitCountService(deps.analyticsMinGroup, deps.ptable),
  };
}

export type FeedbackServices = ReturnType<typeof createFeedbackServices>;
