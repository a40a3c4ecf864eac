import type { Connection } from "mongoose";

import { initFeedbackModels, registerFeedbackModels } from "../../models/feedback/index.js";
import { createFeedbackServices, type FeedbackServices } from "../../services/feedback/index.js";
import { createFeedbackLoaders, type FeedbackLoaders } from "../../services/feedback/loaders.js";
import { smtpMailer } from "../../services/feedback/mailer.js";
import { createVisitsClient } from "../../services/feedback/visits-client.js";
import type { RequestInfo } from "../../shared/context.js";
import { type RunningSubgraph, startSubgraph } from "../../shared/graphql/subgraph.js";
import { createRateLimits, type RateLimits } from "../../shared/rate-limits.js";
import type { AuditedEnvironment } from "../../system.js";
import { feedbackSubgraph } from "./index.js";

export interface FeedbackContext extends RequestInfo {
  services: FeedbackServices;
  loaders: FeedbackLoaders;
  limits: RateLimits<"feedback">;
}

/** `db` is the subgraph's own database; `env` has the configuration, tokens and logger. */
export async function createFeedbackSubgraph(
  db: Connection,
  env: AuditedEnvironment,
): Promise<RunningSubgraph> {
  const { config, logger } = env;
  const models = registerFeedbackModels(db);
  await initFeedbackModels(models);
  const services = createFeedbackServices(db, models, {
    // Read at call time: in-process subgraphs learn each other's ports while starting.
    visits: createVisitsClient(() => env.urls.visits, env.secret, logger),
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : undefined,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    logger,
    analyticsMinGroup: config.analyticsMinGroup,
    ptable: config.ptable,
  });
  const limits = await createRateLimits(db, ["feedback"], env.limits);
  return startSubgraph<FeedbackContext>(feedbackSubgraph, env, (info) => ({
    ...info,
    services,
    limits,
    loaders: createFeedbackLoaders(services),
  }));
}
