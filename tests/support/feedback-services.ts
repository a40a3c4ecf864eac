// The feedback subgraph's services on a real store, for tests of its business rules. The visits
// subgraph is stood in for by an in-memory VisitsClient: the rules under test are feedback's.
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";

import {
  type FeedbackModels,
  initFeedbackModels,
  registerFeedbackModels,
} from "../../src/models/feedback/index.js";
import {
  createFeedbackServices,
  type FeedbackServices,
} from "../../src/services/feedback/index.js";
import type { Mailer } from "../../src/services/feedback/mailer.js";
import type {
  VisitForInvitations,
  VisitsClient,
} from "../../src/services/feedback/visits-client.js";
import { visitNotFound } from "../../src/services/feedback/visits-client.js";
import { newAuditNotes } from "../../src/shared/audit.js";
import type { RequestInfo } from "../../src/shared/context.js";
import { connectDatabase, type Database } from "../../src/shared/database.js";
import type { Logger } from "../../src/shared/logger.js";
import type { Ptable } from "../../src/shared/perturbation.js";
import { startTestStore, type TestStore } from "./store.js";

export const PROGRAMME = "Koordynacja ekonomii społecznej na Mazowszu";

/** A caller as the subgraph sees one; the fake visits client ignores it. */
export const CALLER: RequestInfo = {
  viewer: { userId: "u1", email: "koordynator@wizyty.test", role: "COORDINATOR" as never },
  requestId: "test-request",
  authorization: undefined,
  clientAddress: "127.0.0.1",
  audit: newAuditNotes(),
};

export interface FakeVisits extends VisitsClient {
  add(visit: VisitForInvitations): VisitForInvitations;
}

export function fakeVisits(): FakeVisits {
  const visits = new Map<string, VisitForInvitations>();
  return {
    add(visit) {
      visits.set(visit.id, visit);
      return visit;
    },
    async attendees(visitId) {
      const visit = visits.get(visitId);
      if (!visit) throw visitNotFound(visitId);
      return structuredClone(visit);
    },
    async exists(visitId) {
      return visits.has(visitId);
    },
  };
}

let counter = 0;

/** A visit with `attendees` attendees (alternating sectors) and stops 1…`stops`. */
export function visitWithAttendees(
  attendees: number,
  options: { stops?: number; programme?: string; status?: string } = {},
): VisitForInvitations {
  const visit = ++counter;
  return {
    id: `visit-${visit}-${randomUUID()}`,
    title: "Wizyta studyjna w podregionie siedleckim",
    programme: options.programme ?? PROGRAMME,
    status: options.status ?? "COMPLETED",
    startDate: "2024-05-10",
    subregion: { code: "PL925" },
    stops: Array.from({ length: options.stops ?? 4 }, (_, i) => ({ order: i + 1 })),
    registrations: Array.from({ length: attendees }, (_, i) => ({
      id: `registration-${visit}-${i}`,
      sector: i % 2 ? "NGO" : "LOCAL_GOVERNMENT",
      institution: "Urząd Gminy Siedlce",
      participant: { name: `Uczestniczka ${visit}.${i}`, email: `osoba${visit}.${i}@example.pl` },
    })),
  };
}

/** Answers that the default form accepts; `overrides` replaces top-level fields. */
export function validAnswers(overrides: Record<string, unknown> = {}) {
  return {
    ratings: { overall: 5, organisation: 4 },
    stopRatings: [
      { order: 1, rating: 5 },
      { order: 2, rating: 3 },
    ],
    recommend: 9,
    cooperationIntention: "YES",
    themes: [
      { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING", "NEEDS_PREMISES"], otherText: null },
      { theme: "SUPPORT", optionCodes: [], otherText: "Wsparcie  księgowe " },
    ],
    comment: "Bardzo dobra wizyta.",
    ...overrides,
  } as never;
}

export const silentLogger: Logger & { warnings: string[] } = Object.assign(
  { debug() {}, info() {}, error() {}, warnings: [] as string[] },
  {
    warn(msg: string) {
      silentLogger.warnings.push(msg);
    },
  },
);

export interface FeedbackHarness {
  store: TestStore;
  database: Database;
  models: FeedbackModels;
  services: FeedbackServices;
  visits: FakeVisits;
  close(): Promise<void>;
}

export async function startFeedbackServices(
  options: { mailer?: Mailer; ptable?: Ptable } = {},
): Promise<FeedbackHarness> {
  const store = await startTestStore();
  const dbName = `t${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const database = await connectDatabase({
    mongodbUri: store.uri,
    dbName,
    // Unused with an external URI, which the test store always gives.
    dataDir: tmpdir(),
    storePort: 0,
  });
  const db = database.connection.useDb(`${dbName}_feedback`, { useCache: true });
  const models = registerFeedbackModels(db);
  await initFeedbackModels(models);
  const visits = fakeVisits();
  const services = createFeedbackServices(db, models, {
    visits,
    mailer: options.mailer,
    publicUrl: "http://wizyty.test",
    analyticsMinGroup: 5,
    ptable: options.ptable,
    logger: silentLogger,
  });
  return {
    store,
    database,
    models,
    services,
    visits,
    async close() {
      if (process.env.MONGODB_URI) await db.dropDatabase();
      await database.close();
      await store.stop();
    },
  };
}

/** The token at the end of a feedback link. */
export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}
