import { type InferSchemaType, Schema, type Types } from "mongoose";

import { THEMES } from "../../reference/index.js";

const formThemeSchema = new Schema(
  {
    theme: { type: String, enum: THEMES, required: true },
    /** The subset of the theme's coded options this version offers, in reference order. */
    optionCodes: { type: [String], default: [] },
  },
  { _id: false },
);

/**
 * One version of a programme's question set. Versions are never edited: a response records
 * the version it answered, so its codes keep their meaning.
 */
export const feedbackFormSchema = new Schema(
  {
    programme: { type: String, required: true },
    /** 1, 2, 3, … per programme. */
    version: { type: Number, required: true },
    themes: { type: [formThemeSchema], default: [] },
  },
  {
    collection: "feedbackForms",
    versionKey: false,
    timestamps: { createdAt: true, updatedAt: false },
  },
);
// Two coordinators publishing at once cannot both take the next number.
feedbackFormSchema.index({ programme: 1, version: 1 }, { unique: true });

export type FeedbackFormDocument = InferSchemaType<typeof feedbackFormSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
};
