import { type InferSchemaType, Schema, type Types } from "mongoose";

import { SECTORS } from "../../reference/index.js";
import { RegistrationStatus } from "../../schema/visits/enums.js";
import { recordKey } from "../../shared/perturbation.js";

export const registrationSchema = new Schema(
  {
    visit: { type: Schema.Types.ObjectId, required: true },
    participant: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: Object.values(RegistrationStatus), required: true },
    /** False once CANCELLED; the unique index below covers active registrations only. */
    active: { type: Boolean, required: true, default: true },
    /** Order on the waitlist (from the visit's `waitlistSeq`); null unless WAITLISTED. */
    waitlistSeq: { type: Number, default: null },
    // A snapshot at registration time: the sector and institution the person represented then.
    sector: { type: String, enum: SECTORS, required: true },
    institution: { type: String, required: true },
    consentVersion: { type: String, required: true },
    consentText: { type: String, required: true },
    consentedAt: { type: Date, required: true },
    /** SHA-256 of the cancellation secret handed to the participant once. */
    cancelTokenHash: { type: String, required: true },
    cancelledAt: { type: Date, default: null },
    /** Random, fixed at creation: what the registration adds to the cell keys of its counts. */
    recordKey: { type: Number, default: recordKey },
  },
  { timestamps: true },
);
// One active registration per person and visit; a cancelled one does not block registering again.
registrationSchema.index(
  { visit: 1, participant: 1 },
  { unique: true, partialFilterExpression: { active: true } },
);
// The waitlist in order, and a visit's registrations by status.
registrationSchema.index({ visit: 1, status: 1, waitlistSeq: 1 });
registrationSchema.index({ participant: 1 });

export type RegistrationDocument = InferSchemaType<typeof registrationSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
};
