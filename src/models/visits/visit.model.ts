import { type InferSchemaType, Schema, type Types } from "mongoose";

import { VisitMode, VisitStatus } from "../../schema/visits/enums.js";

const stopSchema = new Schema(
  {
    /** 1-based across the whole visit. */
    order: { type: Number, required: true },
    /** 1-based day of the visit. */
    day: { type: Number, required: true },
    host: { type: Schema.Types.ObjectId, required: true },
    topics: { type: [String], default: [] },
  },
  { _id: false },
);

export const visitSchema = new Schema(
  {
    title: { type: String, required: true },
    edition: { type: Number, required: true },
    programme: { type: String, required: true },
    organiser: { type: String, required: true },
    /** NUTS-3 code. */
    subregion: { type: String, required: true },
    /** TERYT code of a county inside the subregion, or null for the whole subregion. */
    county: { type: String, default: null },
    /** Calendar dates kept as `YYYY-MM-DD`, which sort as they read. */
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    mode: { type: String, enum: Object.values(VisitMode), required: true },
    status: { type: String, enum: Object.values(VisitStatus), required: true },
    capacity: { type: Number, required: true },
    description: { type: String, default: null },
    photoCredit: { type: String, default: null },
    stops: { type: [stopSchema], default: [] },
    // The counters below change only together with the registrations they count, in one
    // transaction; every registration write touches this document, so concurrent ones conflict
    // here and one of them retries instead of both taking the last seat.
    /** Registrations holding a seat: REGISTERED, ATTENDED, NO_SHOW. */
    seatsTaken: { type: Number, required: true, default: 0 },
    waitlistCount: { type: Number, required: true, default: 0 },
    /** Last number handed to a waitlisted registration; gives the waitlist its order. */
    waitlistSeq: { type: Number, required: true, default: 0 },
    /**
     * Bumped when attendance is recorded, the one registration change that moves no counter
     * above: so every transaction that changes the visit's registrations (and its rollups) also
     * writes this document, and conflicts with an edit that moves the visit to other rollups.
     */
    registrationsRevision: { type: Number, required: true, default: 0 },
    /** Bumped by every edit of the fields above the counters; edits compare-and-set on it. */
    revision: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
// The list is sorted by start date (newest first) then id, and filtered by status or subregion.
visitSchema.index({ startDate: -1, _id: -1 });
visitSchema.index({ status: 1, startDate: -1, _id: -1 });
visitSchema.index({ subregion: 1, startDate: -1, _id: -1 });
visitSchema.index({ "stops.host": 1 });

export type VisitDocument = InferSchemaType<typeof visitSchema> & { _id: Types.ObjectId };
export type StopDocument = InferSchemaType<typeof stopSchema>;
