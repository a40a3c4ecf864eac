import type { Connection } from "mongoose";

import { initVisitsModels, registerVisitsModels } from "../../models/visits/index.js";
import { createVisitsServices, type VisitsContext } from "../../services/visits/index.js";
import { createVisitsLoaders } from "../../services/visits/loaders.js";
import { smtpVisitsMailer } from "../../services/visits/mailer.js";
import { type RunningSubgraph, startSubgraph } from "../../shared/graphql/subgraph.js";
import { createRateLimits } from "../../shared/rate-limits.js";
import type { AuditedEnvironment } from "../../system.js";
import { visitsSubgraph } from "./index.js";

export type { VisitsContext };

/** `db` is the subgraph's own database; `env` has the configuration, tokens and logger. */
export async function createVisitsSubgraph(
  db: Connection,
  env: AuditedEnvironment,
): Promise<RunningSubgraph> {
  const models = registerVisitsModels(db);
  // Unique indexes (e-mails, one active registration per person and visit) must exist before
  // the first request relies on them.
  await initVisitsModels(models);
  const { config, logger } = env;
  const services = createVisitsServices(
    db,
    models,
    env.tokens,
    config.analyticsMinGroup,
    {
      mailer: config.smtpUrl ? smtpVisitsMailer(config.smtpUrl, config.mailFrom) : undefined,
      logger,
    },
    env.audit,
    config.ptable,
  );
  const limits = await createRateLimits(
    db,
    ["loginAccount", "loginAddress", "registration"],
    env.limits,
  );
  return startSubgraph<VisitsContext>(visitsSubgraph, env, (info) => ({
    ...info,
    services,
    limits,
    loaders: createVisitsLoaders(services),
    grants: new WeakSet(),
  }));
}
