import "reflect-metadata";

import { parseArgs } from "node:util";

import { loadConfig } from "../config.js";
import { PersonalDataService } from "../services/visits/personal-data.service.js";
import { exitOnStartupFailure } from "../shared/process.js";
import { withVisitsDatabase } from "./visits-database.js";

const USAGE = `Usage: npm run retention:erase [-- --dry-run]

Erases the personal data (name, e-mail, institution) of every participant whose last visit
ended more than RETENTION_MONTHS months ago (default 24). Registrations, their statuses, sectors
and genders stay, so every count and analytics answer stays the same; anonymous feedback is not
touched. Safe to run again: people erased already are skipped. Works on MONGODB_URI, or on the
embedded store in DATA_DIR (through the running service's socket when the service is running).

  --dry-run   say how many participants would be erased, and change nothing`;

async function main(): Promise<void> {
  let values: { "dry-run"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`wizyty retention:erase: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dryRun = values["dry-run"] ?? false;
  const config = loadConfig();
  const result = await withVisitsDatabase(config, (db, models) =>
    new PersonalDataService(db, models).eraseExpired(config.retentionMonths, { dryRun }),
  );
  const who = `${result.participantIds.length} participant(s) whose last visit ended before ${result.cutoff} (RETENTION_MONTHS=${config.retentionMonths})`;
  // Ids only: the output goes to logs and mail, which must not get the data being erased.
  const ids = result.participantIds.length ? `: ${result.participantIds.join(", ")}` : "";
  process.stdout.write(
    dryRun
      ? `Dry run: would erase the personal data of ${who}${ids}. Nothing was changed.\n`
      : `Erased the personal data of ${who}${ids}; ${result.registrationsErased} registration(s) updated.\n`,
  );
}

main().catch(exitOnStartupFailure);
