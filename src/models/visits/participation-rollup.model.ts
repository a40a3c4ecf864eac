import { type InferSchemaType, Schema } from "mongoose";

import { RegistrationStatus, VisitStatus } from "../../schema/visits/enums.js";

/** The counter of a rollup document that each registration status adds to. */
export const REGISTRATION_COUNTERS = {
  [RegistrationStatus.REGISTERED]: "registered",
  [RegistrationStatus.WAITLISTED]: "waitlisted",
  [RegistrationStatus.ATTENDED]: "attended",
  [RegistrationStatus.NO_SHOW]: "noShow",
  [RegistrationStatus.CANCELLED]: "cancelled",
} as const;

/** The counter of a visits rollup document that each visit status adds to. */
export const VISIT_COUNTERS = {
  [VisitStatus.PLANNED]: "planned",
  [VisitStatus.OPEN_FOR_REGISTRATION]: "open",
  [VisitStatus.COMPLETED]: "completed",
  [VisitStatus.CANCELLED]: "cancelled",
} as const;

const counter = { type: Number, required: true, default: 0 } as const;

/** The field beside a registration counter that sums the record keys of what it counts. */
export const keyField = (counter: RegistrationCounter) => `${counter}Key` as const;

// The key every participation measure is filtered by: where, in which programme and in which
// month the visit starts. Rollups are bounded by this key space, not by the number of people.
const visitKey = {
  /** `YYYY-MM` of the visit's start date. */
  month: { type: String, required: true },
  /** NUTS-3 code. */
  subregion: { type: String, required: true },
  programme: { type: String, required: true },
};

/**
 * Registrations by status, per visit key × the registration's sector × the participant's gender
 * (null when not given), kept up to date in the same transaction as every registration change
 * and every edit that moves a visit to another key (the computed pattern). A document whose
 * counters all fall to zero is deleted, so a rebuild gives exactly the same documents.
 */
export const participationRollupSchema = new Schema(
  {
    ...visitKey,
    sector: { type: String, required: true },
    gender: { type: String, default: null },
    registered: counter,
    waitlisted: counter,
    attended: counter,
    noShow: counter,
    cancelled: counter,
    // Record-key sums (cell-key perturbation, src/shared/perturbation.ts).
    registeredKey: counter,
    waitlistedKey: counter,
    attendedKey: counter,
    noShowKey: counter,
    cancelledKey: counter,
  },
  { collection: "participationRollups", versionKey: false },
);
participationRollupSchema.index(
  { month: 1, subregion: 1, programme: 1, sector: 1, gender: 1 },
  { unique: true },
);

/** Visits by status, per visit key; `completed` is the number of visits held. */
export const visitsHeldRollupSchema = new Schema(
  {
    ...visitKey,
    planned: counter,
    open: counter,
    completed: counter,
    cancelled: counter,
  },
  { collection: "visitsHeldRollups", versionKey: false },
);
visitsHeldRollupSchema.index({ month: 1, subregion: 1, programme: 1 }, { unique: true });

export type RegistrationCounter = (typeof REGISTRATION_COUNTERS)[RegistrationStatus];
export type VisitCounter = (typeof VISIT_COUNTERS)[VisitStatus];

export interface VisitKey {
  month: string;
  subregion: string;
  programme: string;
}

export type ParticipationRollupDocument = InferSchemaType<typeof participationRollupSchema>;
export type VisitsHeldRollupDocument = InferSchemaType<typeof visitsHeldRollupSchema>;
