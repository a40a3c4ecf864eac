import { Schema } from "mongoose";

/**
 * Counters of feedback for one cell of the analytics key space, kept up to date in the same
 * transaction as every accepted response and issued invitation (the computed pattern). Shape:
 *
 *   responses, invitations
 *   overall / organisation: { sum, count, h: { "1".."5": n } }
 *   recommend: { "0".."10": n }
 *   cooperation: { YES, NO, UNDECIDED }
 *   themes: { NEEDS: { chosen: { CODE: n }, offered: { CODE: n }, other: n }, … }
 *   stops (visit rollups only): { "<order>": { sum, count, h: { "1".."5": n } } }
 *   keys: the same tree without the `sum`s, holding beside each count the sum of the record
 *         keys of the records it counts (cell-key perturbation, src/shared/perturbation.ts)
 *
 * Nested objects rather than declared paths: `$inc` creates what it needs, and option codes
 * added by a new form version need no schema change.
 */
const counters = {
  responses: { type: Number, default: 0 },
  invitations: { type: Number, default: 0 },
  overall: { type: Schema.Types.Mixed, default: {} },
  organisation: { type: Schema.Types.Mixed, default: {} },
  recommend: { type: Schema.Types.Mixed, default: {} },
  cooperation: { type: Schema.Types.Mixed, default: {} },
  themes: { type: Schema.Types.Mixed, default: {} },
  keys: { type: Schema.Types.Mixed, default: {} },
};

/**
 * By subregion × sector × programme × period of the visit, at two grains: months, and whole
 * years for the many filters that take whole years (or none), which then read twelve times
 * fewer documents. Bounded by the key space, not by the number of responses.
 */
export const feedbackRollupSchema = new Schema(
  {
    grain: { type: String, enum: ["month", "year"], required: true },
    subregion: { type: String, required: true },
    sector: { type: String, required: true },
    programme: { type: String, required: true },
    /** `YYYY-MM` (month grain) or `YYYY` (year grain) of the visits' start. */
    period: { type: String, required: true },
    ...counters,
  },
  { collection: "feedbackRollups", versionKey: false, minimize: false },
);
feedbackRollupSchema.index(
  { grain: 1, subregion: 1, sector: 1, programme: 1, period: 1 },
  { unique: true },
);
feedbackRollupSchema.index({ grain: 1, period: 1 });

/**
 * By visit × sector, with usefulness per stop: one visit's summary and the visit filter. The
 * visit's subregion, programme and month are part of the key, so that a visit filter combines
 * with the others; they are the visit's own (one document per sector), unless the visit moved
 * after some invitations were issued, when each snapshot keeps counting where it was taken.
 */
export const visitFeedbackRollupSchema = new Schema(
  {
    visitId: { type: String, required: true },
    sector: { type: String, required: true },
    subregion: { type: String, required: true },
    programme: { type: String, required: true },
    /** `YYYY-MM` of the visit's start. */
    month: { type: String, required: true },
    ...counters,
    stops: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "visitFeedbackRollups", versionKey: false, minimize: false },
);
visitFeedbackRollupSchema.index(
  { visitId: 1, sector: 1, subregion: 1, programme: 1, month: 1 },
  { unique: true },
);

export interface RatingCounters {
  sum?: number;
  count?: number;
  h?: Record<string, number>;
}

export interface RollupCounters {
  responses: number;
  invitations: number;
  overall: RatingCounters;
  organisation: RatingCounters;
  recommend: Record<string, number>;
  cooperation: Record<string, number>;
  themes: Record<
    string,
    { chosen?: Record<string, number>; offered?: Record<string, number>; other?: number }
  >;
  stops?: Record<string, RatingCounters>;
  /** Record-key sums, mirroring the counts above (absent in rollups built before keys). */
  keys?: KeyTree;
}

/** Record-key sums in the shape of the counters they belong to. */
export interface KeyTree {
  [path: string]: number | KeyTree | undefined;
}

export interface FeedbackRollupDocument extends RollupCounters {
  grain: "month" | "year";
  subregion: string;
  sector: string;
  programme: string;
  period: string;
}

export interface VisitFeedbackRollupDocument extends RollupCounters {
  visitId: string;
  sector: string;
  subregion: string;
  programme: string;
  month: string;
}
