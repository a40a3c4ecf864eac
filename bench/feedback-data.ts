// What the feedback benchmarks share: the whole system on the embedded store in a child
// process, served over HTTP, and a loader of feedback responses (and their invitations) for
// five years of visits across the nine subregions.
import "reflect-metadata";

import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { fakerPL as faker } from "@faker-js/faker";
import { Types } from "mongoose";

import { loadConfig } from "../src/config.js";
import { type FeedbackModels, registerFeedbackModels } from "../src/models/feedback/index.js";
import { registerVisitsModels, type VisitsModels } from "../src/models/visits/index.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS, THEMES } from "../src/reference/index.js";
import { createHttpServer } from "../src/server.js";
import { rebuildFeedbackRollups } from "../src/services/feedback/analytics-rollup.service.js";
import { createTokenService, type Role } from "../src/shared/auth.js";
import { closeServer, listen } from "../src/shared/process.js";
import { clientRoutes, databaseName, startSystem, type System } from "../src/system.js";
import { staffAccount } from "../tests/support/staff-account.js";
import { children, startStore, step, type StoreProcess } from "./support.js";

const SECRET = "bench-secret-that-is-long-enough-for-hs256";
export const PROGRAMME = "Koordynacja ekonomii społecznej na Mazowszu";
const BATCH = 5_000;

/**
 * Five years of visits across the nine subregions: the rollup key space (subregion × sector ×
 * programme × month) is 9 × 7 × 1 × 60 = 3,780 cells, which 10k responses already nearly fill,
 * as a region's first years would; a national decade adds volume, not new cells.
 */
export const MONTHS = Array.from({ length: 60 }, (_, i) => {
  const year = 2021 + Math.floor(i / 12);
  return `${year}-${String((i % 12) + 1).padStart(2, "0")}`;
});
const VISITS = 4_000;

export interface BenchVisit {
  id: string;
  subregion: string;
  month: string;
}

export function benchVisits(): BenchVisit[] {
  faker.seed(4);
  return Array.from({ length: VISITS }, () => ({
    id: new Types.ObjectId().toHexString(),
    subregion: faker.helpers.arrayElement(NUTS.subregions).code,
    month: faker.helpers.arrayElement(MONTHS),
  }));
}

const OPTIONS = THEMES.map((theme) => FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code));

function response(visit: BenchVisit, formId: Types.ObjectId) {
  const rating = () => faker.number.int({ min: 1, max: 5 });
  return {
    _id: randomUUID(),
    visitId: visit.id,
    subregion: visit.subregion,
    sector: faker.helpers.arrayElement(SECTORS),
    programme: PROGRAMME,
    formId,
    formVersion: 1,
    visitMonth: visit.month,
    receivedOn: `${visit.month}-15`,
    answers: {
      ratings: { overall: rating(), organisation: rating() },
      stopRatings: [
        { order: 1, rating: rating() },
        { order: 2, rating: rating() },
      ],
      recommend: faker.number.int({ min: 0, max: 10 }),
      cooperationIntention: faker.helpers.arrayElement(["YES", "NO", "UNDECIDED"]),
      themes: THEMES.map((theme, t) => ({
        theme,
        optionCodes: faker.helpers.arrayElements(OPTIONS[t]!, { min: 0, max: 3 }),
        otherText: null,
      })),
      comment: null,
    },
  };
}

/** The used invitation a response came with. */
function invitationOf(r: ReturnType<typeof response>) {
  const registrationId = new Types.ObjectId().toHexString();
  return {
    tokenHash: createHash("sha256").update(registrationId).digest("hex"),
    registrationId,
    visitId: r.visitId,
    programme: r.programme,
    visitMonth: r.visitMonth,
    subregion: r.subregion,
    sector: r.sector,
    stopOrders: [1, 2],
    formId: r.formId,
    formVersion: r.formVersion,
    issuedAt: new Date(`${r.visitMonth}-14T12:00:00Z`),
    usedAt: r.receivedOn,
    submissionHash: null,
  };
}

/** Adds `visits` to the store as completed study visits, one organiser and programme for all. */
export async function insertBenchVisits(models: VisitsModels, visits: BenchVisit[]) {
  await models.Visit.insertMany(
    visits.map((visit, i) => ({
      _id: new Types.ObjectId(visit.id),
      title: `Wizyta studyjna ${i + 1}`,
      edition: 1,
      programme: PROGRAMME,
      organiser: "Mazowieckie Centrum Polityki Społecznej",
      subregion: visit.subregion,
      startDate: `${visit.month}-10`,
      endDate: `${visit.month}-11`,
      mode: "ON_SITE",
      status: "COMPLETED",
      capacity: 30,
    })),
  );
}

export interface BenchSystem {
  /** The gateway's `/graphql` URL. */
  url: string;
  /** The service's base URL, where the dashboard is served, e.g. `http://127.0.0.1:1234`. */
  baseUrl: string;
  system: System;
  visits: VisitsModels;
  feedback: FeedbackModels;
  token(role: Role): Promise<string>;
  /** A signed-in staff user with this role, as the dashboard keeps it after sign-in. */
  session(role: Role): Promise<{ token: string; expiresAt: Date; email: string; role: Role }>;
  close(): Promise<void>;
}

/**
 * The store in a child process, the system and its HTTP server, as `npm start` runs them;
 * `seedDemo` loads the demo data at start-up, as `npm start` does by default.
 */
export async function startBenchSystem(options: { seedDemo?: boolean } = {}): Promise<BenchSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), "wizyty-bench-"));
  let server: Server | undefined;
  let system: System | undefined;
  let store: StoreProcess | undefined;
  const close = async () => {
    try {
      if (server) await closeServer(server);
      await system?.close();
      await store?.stop();
    } finally {
      for (const child of children) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    store = await startStore(dataDir);
    const config = loadConfig({
      MONGODB_URI: store.uri,
      MONGODB_DB: "bench",
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      SEED_ON_START: options.seedDemo ? "true" : "false",
      LOG_LEVEL: "silent",
    });
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    system = await startSystem(config, silent);
    server = createHttpServer({ isReady: () => true, routes: clientRoutes(system) });
    const { port } = await listen(server, 0, "127.0.0.1");
    const tokens = createTokenService(new TextEncoder().encode(SECRET), 600);
    const db = (name: "visits" | "feedback") =>
      system!.database!.connection.useDb(databaseName(config, name), { useCache: true });
    // Tokens are checked against their account: one per role.
    const session = async (role: Role) => {
      const email = `bench-${role.toLowerCase()}@example.pl`;
      const visitsDb = system!.database!.connection.getClient().db(databaseName(config, "visits"));
      const { id, tokenVersion } = await staffAccount(visitsDb, role, email);
      return { ...(await tokens.sign({ userId: id, email, role, tokenVersion })), email, role };
    };
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      baseUrl: `http://127.0.0.1:${port}`,
      system,
      visits: registerVisitsModels(db("visits")),
      feedback: registerFeedbackModels(db("feedback")),
      token: async (role) => (await session(role)).token,
      session,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Adds responses to `visits` (with their used invitations when `withInvitations`) until the
 * store holds `size`, then rebuilds the rollups from them, with a progress bar for each step.
 * Call it with growing sizes; `loaded` counts what earlier calls inserted.
 */
export function responseLoader(
  feedback: FeedbackModels,
  visits: BenchVisit[],
  options: { withInvitations: boolean },
) {
  const formId = new Types.ObjectId();
  faker.seed(2026);
  let loaded = 0;
  return async (size: number) => {
    await step(
      `insert responses up to ${size.toLocaleString("en")}`,
      size - loaded,
      async (advance) => {
        while (loaded < size) {
          const count = Math.min(BATCH, size - loaded);
          const batch = Array.from({ length: count }, () =>
            response(faker.helpers.arrayElement(visits), formId),
          );
          await feedback.FeedbackResponse.collection.insertMany(batch as never[], {
            ordered: false,
          });
          if (options.withInvitations) {
            await feedback.Invitation.collection.insertMany(batch.map(invitationOf) as never[], {
              ordered: false,
            });
          }
          loaded += count;
          advance(count);
        }
      },
    );
    await step(`rebuild rollups from ${size.toLocaleString("en")}`, size, async (advance) => {
      let last = 0;
      await rebuildFeedbackRollups(feedback, (done) => {
        advance(done - last);
        last = done;
      });
    });
  };
}

/** Milliseconds one operation takes through the gateway; fails on any GraphQL error. */
export async function timeQuery(url: string, token: string, query: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  const elapsed = performance.now() - started;
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return elapsed;
}
