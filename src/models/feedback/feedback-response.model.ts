import { randomUUID } from "node:crypto";

import { type InferSchemaType, Schema } from "mongoose";

import { SECTORS, THEMES } from "../../reference/index.js";
import { CooperationIntention } from "../../schema/feedback/enums.js";
import { recordKey } from "../../shared/perturbation.js";

const answersSchema = new Schema(
  {
    ratings: {
      overall: { type: Number, required: true },
      organisation: { type: Number, required: true },
    },
    stopRatings: {
      type: [
        new Schema(
          { order: { type: Number, required: true }, rating: { type: Number, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
    recommend: { type: Number, required: true },
    cooperationIntention: {
      type: String,
      enum: Object.values(CooperationIntention),
      required: true,
    },
    themes: {
      type: [
        new Schema(
          {
            theme: { type: String, enum: THEMES, required: true },
            optionCodes: { type: [String], default: [] },
            otherText: { type: String, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    comment: { type: String, default: null },
  },
  { _id: false },
);

/**
 * An anonymous answer to a feedback form. It holds no token, participant, registration, IP or
 * time of day, and its id is a random UUID (an ObjectId would carry the second it was made).
 */
export const feedbackResponseSchema = new Schema(
  {
    _id: { type: String, default: () => randomUUID() },
    visitId: { type: String, required: true },
    /** NUTS-3 code. */
    subregion: { type: String, required: true },
    sector: { type: String, enum: SECTORS, required: true },
    programme: { type: String, required: true },
    formId: { type: Schema.Types.ObjectId, required: true },
    formVersion: { type: Number, required: true },
    /** `YYYY-MM` of the visit's start (a month says nothing about the respondent). */
    visitMonth: { type: String, required: true },
    /** `YYYY-MM-DD`; the day only, never the time. */
    receivedOn: { type: String, required: true },
    answers: { type: answersSchema, required: true },
    /** Random, fixed at creation: what the response adds to the cell keys of the counts it is in. */
    recordKey: { type: Number, default: recordKey },
  },
  { collection: "feedbackResponses", versionKey: false, timestamps: false },
);
// A visit's responses in the order of their random ids, which says nothing about arrival.
feedbackResponseSchema.index({ visitId: 1, _id: 1 });
feedbackResponseSchema.index({ subregion: 1, receivedOn: -1 });

export type FeedbackResponseDocument = InferSchemaType<typeof feedbackResponseSchema> & {
  _id: string;
};
