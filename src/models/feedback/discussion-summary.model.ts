import { type InferSchemaType, Schema, type Types } from "mongoose";

import { SECTORS } from "../../reference/index.js";

/** The coordinator's record of a visit's closing discussion; one per visit. */
export const discussionSummarySchema = new Schema(
  {
    visitId: { type: String, required: true },
    /** `YYYY-MM-DD`. */
    heldOn: { type: String, required: true },
    perSector: {
      type: [
        new Schema(
          {
            sector: { type: String, enum: SECTORS, required: true },
            needs: { type: [String], default: [] },
            supportProposals: { type: [String], default: [] },
            notes: { type: String, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    actions: {
      type: [
        new Schema(
          {
            description: { type: String, required: true },
            owner: { type: String, required: true },
            /** `YYYY-MM-DD`. */
            dueDate: { type: String, required: true },
            sector: { type: String, enum: [...SECTORS, null], default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** E-mail of the staff user who saved it last. */
    recordedBy: { type: String, required: true },
  },
  { collection: "discussionSummaries", versionKey: false, timestamps: true },
);
discussionSummarySchema.index({ visitId: 1 }, { unique: true });

export type DiscussionSummaryDocument = InferSchemaType<typeof discussionSummarySchema> & {
  _id: Types.ObjectId;
  updatedAt: Date;
};
