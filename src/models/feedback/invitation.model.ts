import { type InferSchemaType, Schema, type Types } from "mongoose";

import { SECTORS } from "../../reference/index.js";
import { recordKey } from "../../shared/perturbation.js";

/**
 * One attendee's one-time right to answer the feedback form of a visit. It holds what the
 * response will need (snapshots taken at issue time) and never points to the response.
 */
export const invitationSchema = new Schema(
  {
    /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
    tokenHash: { type: String, required: true },
    /** The attendee's registration in the visits subgraph. */
    registrationId: { type: String, required: true },
    visitId: { type: String, required: true },
    programme: { type: String, required: true },
    /** `YYYY-MM` of the visit's start: the month analytics count its invitations in. */
    visitMonth: { type: String, required: true },
    /** NUTS-3 code of the visit's subregion. */
    subregion: { type: String, required: true },
    /** The sector the attendee represented, copied onto the response. */
    sector: { type: String, enum: SECTORS, required: true },
    /** The visit's stops when the invitation was issued; stop ratings must name one of them. */
    stopOrders: { type: [Number], default: [] },
    formId: { type: Schema.Types.ObjectId, required: true },
    formVersion: { type: Number, required: true },
    issuedAt: { type: Date, required: true },
    /** When the link was last replaced by a new one (the old token stops working); null if never. */
    renewedAt: { type: Date, default: null },
    /**
     * What became of the e-mail with the current link: SENT (handed to SMTP), FAILED (refused or
     * bounced at hand-over), NOT_SENT (no mailer configured).
     */
    mailStatus: { type: String, enum: ["SENT", "FAILED", "NOT_SENT"], default: "NOT_SENT" },
    /** `YYYY-MM-DD` of the submission, the same day as the response's `receivedOn`; null until used. */
    usedAt: { type: String, default: null },
    /** SHA-256 of the client's submissionId, to answer a repeated submission as the first one. */
    submissionHash: { type: String, default: null },
    /** Random, fixed at creation: what the invitation adds to the cell key of invitation counts. */
    recordKey: { type: Number, default: recordKey },
  },
  { collection: "invitations", versionKey: false },
);
invitationSchema.index({ tokenHash: 1 }, { unique: true });
invitationSchema.index({ registrationId: 1 }, { unique: true });
invitationSchema.index({ visitId: 1 });

export type InvitationDocument = InferSchemaType<typeof invitationSchema> & {
  _id: Types.ObjectId;
};
