import type { Connection } from "mongoose";

import type { Config } from "../config.js";
import {
  initVisitsModels,
  registerVisitsModels,
  type VisitsModels,
} from "../models/visits/index.js";
import { connectDatabase } from "../shared/database.js";
import { databaseName } from "../system.js";

/**
 * Runs `work` on the visits database of MONGODB_URI, or of the embedded store in DATA_DIR
 * (through the running service's socket when the service holds it), then disconnects.
 */
export async function withVisitsDatabase<T>(
  config: Config,
  work: (db: Connection, models: VisitsModels) => Promise<T>,
): Promise<T> {
  const database = await connectDatabase(config, { joinRunningStore: true });
  try {
    const db = database.connection.useDb(databaseName(config, "visits"), { useCache: true });
    const models = registerVisitsModels(db);
    await initVisitsModels(models);
    return await work(db, models);
  } finally {
    await database.close();
  }
}
