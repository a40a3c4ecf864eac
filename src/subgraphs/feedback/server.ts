import type { Connection } from "mongoose";

import type { RequestInfo } from "../../shared/context.js";
import { type RunningSubgraph, startSubgraph } from "../../shared/graphql/subgraph.js";
import type { SubgraphEnvironment } from "../../system.js";
import { feedbackSubgraph } from "./index.js";

export type FeedbackContext = RequestInfo;

/** `db` is the subgraph's own database; `env` has the configuration, tokens and logger. */
export async function createFeedbackSubgraph(
  _db: Connection,
  env: SubgraphEnvironment,
): Promise<RunningSubgraph> {
  return startSubgraph<FeedbackContext>(feedbackSubgraph, env.tokens, (info) => info);
}
