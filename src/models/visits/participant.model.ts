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
  },
  { timestamps: true },
);
participantSchema.index({ email: 1 }, { unique: true });

export type ParticipantDocument = InferSchemaType<typeof participantSchema> & {
  _id: Types.ObjectId;
};
