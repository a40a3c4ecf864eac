import { randomBytes } from "node:crypto";

import { Types } from "mongoose";

import type { Config } from "../config.js";
import { ERASED_TEXT, erasedEmail } from "../domain/personal-data.js";
import { registerFeedbackModels } from "../models/feedback/index.js";
import { registerVisitsModels } from "../models/visits/index.js";
import { FEEDBACK_OPTIONS, THEMES } from "../reference/index.js";
import { rebuildFeedbackRollups } from "../services/feedback/analytics-rollup.service.js";
import { rebuildParticipationRollups } from "../services/visits/participation-rollup.service.js";
import type { Database } from "../shared/database.js";
import { sha256 } from "../shared/secrets.js";
import { databaseName } from "../system.js";
import { type DemoDataSet, demoDataSet } from "./demo.js";

export interface SeedOptions {
  /** Delete visits, participants and feedback first (staff users are kept). */
  reset?: boolean;
  seed?: number;
  /** Which visits are past, open or planned is decided relative to this day. */
  today?: Date;
}

export interface SeedSummary {
  skipped: boolean;
  organizations: number;
  visits: number;
  registrations: number;
  responses: number;
}

const EMPTY: SeedSummary = {
  skipped: true,
  organizations: 0,
  visits: 0,
  registrations: 0,
  responses: 0,
};

// Demo registrations are not real people's consent; the record says so.
const DEMO_CONSENT = {
  consentVersion: "demo",
  consentText:
    "Dane demonstracyjne wygenerowane przez `npm run seed`; nie dotyczą prawdziwych osób.",
};

/**
 * Loads the demo data set into both subgraphs' databases, in bulk. Runs only on a store that
 * holds no visits (or after `reset`), so it never mixes with real data.
 */
export async function seedDemo(
  database: Database,
  config: Pick<Config, "dbName">,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const visitsDb = database.connection.useDb(databaseName(config, "visits"), { useCache: true });
  const feedbackDb = database.connection.useDb(databaseName(config, "feedback"), {
    useCache: true,
  });
  const visits = registerVisitsModels(visitsDb);
  const feedback = registerFeedbackModels(feedbackDb);
  if (options.reset) {
    for (const model of [
      visits.Organization,
      visits.Visit,
      visits.Participant,
      visits.Registration,
    ]) {
      await model.collection.deleteMany({});
    }
    for (const model of Object.values(feedback)) await model.collection.deleteMany({});
  } else if (await visits.Visit.exists({})) {
    return EMPTY;
  }
  const data = demoDataSet(options.seed, options.today);
  const ids = await writeVisits(visits, data);
  const responses = await writeFeedback(feedback, data, ids);
  // Bulk-loaded data bypasses the services that keep the rollups; count them once from it.
  await rebuildParticipationRollups(visits);
  await rebuildFeedbackRollups(feedback);
  return {
    skipped: false,
    organizations: data.organizations.length,
    visits: data.visits.length,
    registrations: data.visits.reduce((sum, v) => sum + v.registrations.length, 0),
    responses,
  };
}

type VisitsModels = ReturnType<typeof registerVisitsModels>;
type FeedbackModels = ReturnType<typeof registerFeedbackModels>;

interface WrittenIds {
  visits: Map<string, Types.ObjectId>;
  /** Per visit key, the ids of its ATTENDED registrations, in order. */
  attendees: Map<string, { registration: Types.ObjectId; sector: string }[]>;
}

async function writeVisits(models: VisitsModels, data: DemoDataSet): Promise<WrittenIds> {
  const hostIds = new Map(data.organizations.map((o) => [o.key, new Types.ObjectId()]));
  await models.Organization.insertMany(
    data.organizations.map(({ key, ...org }) => ({ _id: hostIds.get(key), ...org })),
  );

  // As the service would leave them: someone whose every registration was cancelled is erased
  // (cancelling withdraws consent), on the day of their last cancellation.
  const stillCovered = new Set<string>();
  const lastCancelled = new Map<string, string>();
  for (const visit of data.visits) {
    for (const { participant, status, registeredOn } of visit.registrations) {
      if (status !== "CANCELLED") stillCovered.add(participant.email);
      else if (registeredOn > (lastCancelled.get(participant.email) ?? "")) {
        lastCancelled.set(participant.email, registeredOn);
      }
    }
  }
  const participantIds = new Map<string, Types.ObjectId>();
  const participants = [];
  for (const visit of data.visits) {
    for (const { participant } of visit.registrations) {
      if (participantIds.has(participant.email)) continue;
      const _id = new Types.ObjectId();
      participantIds.set(participant.email, _id);
      participants.push(
        stillCovered.has(participant.email)
          ? { _id, ...participant }
          : {
              _id,
              ...participant,
              name: ERASED_TEXT,
              email: erasedEmail(_id.toHexString()),
              institution: ERASED_TEXT,
              erasedAt: new Date(`${lastCancelled.get(participant.email)}T09:00:00Z`),
            },
      );
    }
  }
  await models.Participant.insertMany(participants);

  const ids: WrittenIds = { visits: new Map(), attendees: new Map() };
  const visitDocs = [];
  const registrationDocs = [];
  for (const visit of data.visits) {
    const visitId = new Types.ObjectId();
    ids.visits.set(visit.key, visitId);
    let waitlistSeq = 0;
    let seatsTaken = 0;
    const attendees: { registration: Types.ObjectId; sector: string }[] = [];
    for (const registration of visit.registrations) {
      const _id = new Types.ObjectId();
      const { status } = registration;
      if (status === "REGISTERED" || status === "ATTENDED" || status === "NO_SHOW") seatsTaken++;
      if (status === "ATTENDED")
        attendees.push({ registration: _id, sector: registration.participant.sector });
      const consentedAt = new Date(`${registration.registeredOn}T09:00:00Z`);
      registrationDocs.push({
        _id,
        visit: visitId,
        participant: participantIds.get(registration.participant.email),
        status,
        active: status !== "CANCELLED",
        waitlistSeq: status === "WAITLISTED" ? ++waitlistSeq : null,
        sector: registration.participant.sector,
        institution: status === "CANCELLED" ? ERASED_TEXT : registration.participant.institution,
        ...DEMO_CONSENT,
        consentedAt,
        cancelTokenHash: sha256(randomBytes(32).toString("hex")),
        cancelledAt: status === "CANCELLED" ? consentedAt : null,
        createdAt: consentedAt,
        updatedAt: consentedAt,
      });
    }
    ids.attendees.set(visit.key, attendees);
    const { key: _key, registrations: _r, responses: _s, discussion: _d, stops, ...fields } = visit;
    visitDocs.push({
      _id: visitId,
      ...fields,
      stops: stops.map(({ hostKey, ...stop }) => ({ ...stop, host: hostIds.get(hostKey) })),
      seatsTaken,
      waitlistCount: waitlistSeq,
      waitlistSeq,
      revision: 0,
    });
  }
  await models.Visit.insertMany(visitDocs);
  await insertInBatches(models.Registration, registrationDocs);
  return ids;
}

async function insertInBatches(
  model: { insertMany(docs: object[]): Promise<unknown> },
  docs: object[],
) {
  for (let i = 0; i < docs.length; i += 1000) await model.insertMany(docs.slice(i, i + 1000));
}

async function writeFeedback(
  models: FeedbackModels,
  data: DemoDataSet,
  ids: WrittenIds,
): Promise<number> {
  const forms = new Map<string, Types.ObjectId>();
  for (const programme of new Set(data.visits.map((v) => v.programme))) {
    const _id = new Types.ObjectId();
    forms.set(programme, _id);
    const themes = THEMES.map((theme) => ({
      theme,
      optionCodes: FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code),
    }));
    await models.FeedbackForm.create({ _id, programme, version: 1, themes });
  }
  const invitations = [];
  const responses = [];
  const summaries = [];
  for (const visit of data.visits) {
    const visitId = ids.visits.get(visit.key)!.toHexString();
    const formId = forms.get(visit.programme)!;
    const issuedAt = new Date(`${visit.endDate}T15:00:00Z`);
    const unused = ids.attendees
      .get(visit.key)!
      .map((a) => ({ ...a, usedAt: null as string | null }));
    for (const response of visit.responses) {
      // Which invitation a response used is not recorded anywhere; any one of its sector will do.
      const invitation = unused.find((a) => a.sector === response.sector && !a.usedAt);
      if (invitation) invitation.usedAt = response.receivedOn;
      responses.push({
        visitId,
        subregion: visit.subregion,
        sector: response.sector,
        programme: visit.programme,
        formId,
        formVersion: 1,
        visitMonth: visit.startDate.slice(0, 7),
        receivedOn: response.receivedOn,
        answers: response.answers,
      });
    }
    for (const attendee of unused) {
      invitations.push({
        tokenHash: sha256(randomBytes(32).toString("hex")),
        registrationId: attendee.registration.toHexString(),
        visitId,
        programme: visit.programme,
        subregion: visit.subregion,
        sector: attendee.sector,
        stopOrders: visit.stops.map((s) => s.order),
        formId,
        formVersion: 1,
        visitMonth: visit.startDate.slice(0, 7),
        issuedAt,
        usedAt: attendee.usedAt,
        submissionHash: attendee.usedAt ? sha256(randomBytes(16).toString("hex")) : null,
      });
    }
    if (visit.discussion) {
      summaries.push({ visitId, ...visit.discussion, recordedBy: "koordynator@example.pl" });
    }
  }
  await insertInBatches(models.Invitation, invitations);
  await insertInBatches(models.FeedbackResponse, responses);
  await insertInBatches(models.DiscussionSummary, summaries);
  return responses.length;
}
