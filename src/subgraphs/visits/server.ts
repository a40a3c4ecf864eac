import type { Connection } from "mongoose";

import type { RequestInfo } from "../../shared/context.js";
import { type RunningSubgraph, startSubgraph } from "../../shared/graphql/subgraph.js";
import type { SubgraphEnvironment } from "../../system.js";
import { visitsSubgraph } from "./index.js";

export type VisitsContext = RequestInfo;

/** `db` is the subgraph's own database; `env` has the configuration, tokens and logger. */
export async function createVisitsSubgraph(
  _db: Connection,
  env: SubgraphEnvironment,
): Promise<RunningSubgraph> {
  return startSubgraph<VisitsContext>(visitsSubgraph, env.tokens, (info) => info);
}
