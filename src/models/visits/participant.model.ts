import { type InferSchemaType, Schema, type Types } from "mongoose";

import { SECTORS } from "../../reference/index.js";
import { Gender } from "../../schema/visits/enums.js";

/** A person who registered for a visit: personal data, seen by ADMIN and COORDINATOR only. */
export const participantSchema = new Schema(
  {
    /** Lower-cased and trimmed; one participant per address. */
    email: { type: String, required: true },
    name: { type: String, required: true },
    gender: { type: String, enum: [...Object.values(Gender), null], default: null },
    institution: { type: String, required: true },
    sector: { type: String, enum: SECTORS, required: true },
    /**
     * When name, e-mail and institution were replaced by placeholders (src/domain/personal-data.ts);
     * gender and sector stay, as the participation counts are broken down by them.
     */
    erasedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
participantSchema.index({ email: 1 }, { unique: true });

export type ParticipantDocument = InferSchemaType<typeof participantSchema> & {
  _id: Types.ObjectId;
};
