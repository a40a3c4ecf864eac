import "reflect-metadata";

import { parseArgs } from "node:util";

import { loadConfig } from "../config.js";
import { seedDemo } from "../seed/index.js";
import { connectDatabase } from "../shared/database.js";
import { exitOnStartupFailure } from "../shared/process.js";

const USAGE = `Usage: npm run seed [-- --reset] [--seed N]

Loads the demo data: the 2017 Siedlce visit from the source document and generated visits,
registrations and feedback across all subregions. Does nothing when visits already exist,
unless --reset, which first DELETES every visit, participant, invitation and response
(staff users are kept).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reset: { type: "boolean", default: false },
      seed: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    console.error(`--seed must be a whole number\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const database = await connectDatabase(config);
  try {
    const summary = await seedDemo(database, config, { reset: values.reset, seed });
    console.log(
      summary.skipped
        ? "The store already holds visits; nothing seeded (use --reset to start over)."
        : `Seeded ${summary.visits} visits, ${summary.organizations} organisations, ` +
            `${summary.registrations} registrations and ${summary.responses} feedback responses.`,
    );
  } finally {
    await database.close();
  }
}

main().catch(exitOnStartupFailure);
