import "reflect-metadata";

import { parseArgs } from "node:util";

import { SingleBar } from "cli-progress";

import { loadConfig } from "../config.js";
import { registerFeedbackModels } from "../models/feedback/index.js";
import { registerVisitsModels } from "../models/visits/index.js";
import { rebuildFeedbackRollups } from "../services/feedback/analytics-rollup.service.js";
import { rebuildParticipationRollups } from "../services/visits/participation-rollup.service.js";
import { connectDatabase } from "../shared/database.js";
import { exitOnStartupFailure } from "../shared/process.js";
import { databaseName } from "../system.js";

const USAGE = `Usage: npm run analytics:rebuild

Recomputes every analytics rollup from the raw data: participation (visits, registrations) and
feedback (invitations, responses). Rollups are kept up to date as data changes; rebuild after a
bulk import, a restore, an upgrade that changes them, or a change to how they are computed.
Dashboards read the rollups, so run it when few people use them.`;

type Progress = (done: number, total: number) => void;

/** A progress bar on a terminal; a line per 10% otherwise (logs, CI). */
function progress(label: string): { update: Progress; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      barsize: 30,
      hideCursor: true,
      stream: process.stderr,
    });
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.setTotal(total);
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let reported = -1;
  return {
    update(done, total) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === reported) return;
      reported = tenth;
      process.stderr.write(`${label}: ${done}/${total}\n`);
    },
    stop() {},
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const database = await connectDatabase(config);
  const useDb = (name: "visits" | "feedback") =>
    database.connection.useDb(databaseName(config, name), { useCache: true });
  try {
    const visitsBar = progress("visits");
    const participation = await rebuildParticipationRollups(
      registerVisitsModels(useDb("visits")),
      visitsBar.update,
    );
    visitsBar.stop();
    const bar = progress("responses");
    const counted = await rebuildFeedbackRollups(
      registerFeedbackModels(useDb("feedback")),
      bar.update,
    );
    bar.stop();
    console.log(
      `Rebuilt the participation rollups from ${participation.visits} visits and ${participation.registrations} registrations.`,
    );
    console.log(
      `Rebuilt the feedback rollups from ${counted.responses} responses and ${counted.invitations} invitations.`,
    );
  } finally {
    await database.close();
  }
}

main().catch(exitOnStartupFailure);
