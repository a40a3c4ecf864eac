import type { ClientSession } from "mongoose";

import type { FeedbackModels, FeedbackResponseDocument } from "../../models/feedback/index.js";
import type { VisitFeedbackRollupDocument } from "../../models/feedback/rollup.model.js";
import { type ThemeCode, THEMES } from "../../reference/index.js";
import { trusted } from "../../shared/mongo.js";
import type { Answers } from "./answers.js";

export interface VisitCounts {
  responses: number;
  invitations: number;
}

/** Where one response or invitation counts. */
export interface RollupKey {
  visitId: string;
  subregion: string;
  sector: string;
  programme: string;
  /** `YYYY-MM` of the visit's start. */
  month: string;
}

/** The option codes a form version offered, per theme (shares are out of those offered). */
export type OfferedOptions = Partial<Record<ThemeCode, readonly string[]>>;

type Increments = Record<string, number>;

/** The `$inc` of one response: what it adds to every counter of its rollup cells. */
export function responseIncrements(answers: Answers, offered: OfferedOptions, sign: 1 | -1) {
  const area: Increments = { responses: sign };
  const add = (path: string, by: number = sign) => (area[path] = (area[path] ?? 0) + by);
  for (const question of ["overall", "organisation"] as const) {
    const rating = answers.ratings[question];
    add(`${question}.sum`, sign * rating);
    add(`${question}.count`);
    add(`${question}.h.${rating}`);
  }
  add(`recommend.${answers.recommend}`);
  add(`cooperation.${answers.cooperationIntention}`);
  for (const theme of THEMES) {
    for (const code of offered[theme] ?? []) add(`themes.${theme}.offered.${code}`);
    const answer = answers.themes.find((t) => t.theme === theme);
    for (const code of answer?.optionCodes ?? []) add(`themes.${theme}.chosen.${code}`);
    if (answer?.otherText) add(`themes.${theme}.other`);
  }
  const visit: Increments = { ...area };
  for (const { order, rating } of answers.stopRatings) {
    visit[`stops.${order}.sum`] = sign * rating;
    visit[`stops.${order}.count`] = sign;
    visit[`stops.${order}.h.${rating}`] = sign;
  }
  return { area, visit };
}

/** The two area rollup documents a response or invitation counts in: its month and its year. */
function areaFilters(key: RollupKey) {
  const { subregion, sector, programme, month } = key;
  return [
    { grain: "month", subregion, sector, programme, period: month },
    { grain: "year", subregion, sector, programme, period: month.slice(0, 4) },
  ];
}

/** The visit rollup document a response or invitation counts in. */
function visitFilter(key: RollupKey) {
  const { visitId, sector, subregion, programme, month } = key;
  return { visitId, sector, subregion, programme, month };
}

/** A response as the rollups count it: where it counts, its answers, what its form offered. */
export interface CountedResponse extends RollupKey {
  answers: Answers;
  offered: OfferedOptions;
}

/**
 * Keeps the rollups in step with the raw data. Every method takes the caller's session: the
 * counters change in the same transaction as the response or invitations they count.
 */
export class FeedbackRollups {
  constructor(private readonly models: FeedbackModels) {}

  /** Adds (`+1`, an accepted response) or takes away (`-1`, an erasure) one response. */
  async apply(response: CountedResponse, sign: 1 | -1, session: ClientSession): Promise<void> {
    const { area, visit } = responseIncrements(response.answers, response.offered, sign);
    for (const filter of areaFilters(response)) {
      await this.models.FeedbackRollup.collection.updateOne(
        filter,
        { $inc: area },
        { upsert: true, session },
      );
    }
    await this.models.VisitFeedbackRollup.collection.updateOne(
      visitFilter(response),
      { $inc: visit },
      { upsert: true, session },
    );
  }

  /**
   * Responses and invitations per visit, in the order of `visitIds`: one command over the visit
   * rollups (a few documents per visit, one per sector), whatever the number of responses.
   */
  async countsOfVisits(visitIds: readonly string[]): Promise<VisitCounts[]> {
    // `$inc` makes only the counters it adds to: a visit with invitations only has no `responses`.
    const docs = await this.models.VisitFeedbackRollup.find(
      { visitId: trusted({ $in: [...visitIds] }) },
      { _id: 0, visitId: 1, responses: 1, invitations: 1 },
    ).lean<
      (Pick<VisitFeedbackRollupDocument, "visitId"> &
        Partial<Pick<VisitFeedbackRollupDocument, "responses" | "invitations">>)[]
    >();
    const byVisit = new Map(visitIds.map((id) => [id, { responses: 0, invitations: 0 }]));
    for (const doc of docs) {
      const counts = byVisit.get(doc.visitId)!;
      counts.responses += doc.responses ?? 0;
      counts.invitations += doc.invitations ?? 0;
    }
    return visitIds.map((id) => byVisit.get(id)!);
  }

  /** Counts newly issued invitations, one key each. */
  async addInvitations(keys: RollupKey[], session: ClientSession): Promise<void> {
    const area = new Map<string, { filter: object; n: number }>();
    const visit = new Map<string, { filter: object; n: number }>();
    const count = (target: typeof area, filter: object) => {
      const id = JSON.stringify(filter);
      target.set(id, { filter, n: (target.get(id)?.n ?? 0) + 1 });
    };
    for (const key of keys) {
      for (const filter of areaFilters(key)) count(area, filter);
      count(visit, visitFilter(key));
    }
    for (const [collection, counted] of [
      [this.models.FeedbackRollup.collection, area],
      [this.models.VisitFeedbackRollup.collection, visit],
    ] as const) {
      for (const { filter, n } of counted.values()) {
        await collection.updateOne(filter, { $inc: { invitations: n } }, { upsert: true, session });
      }
    }
  }
}

/** A stored response as the rollups count it; `offered` comes from its form version. */
export function countedResponse(
  response: FeedbackResponseDocument,
  offered: OfferedOptions,
): CountedResponse {
  return {
    visitId: response.visitId,
    subregion: response.subregion,
    sector: response.sector,
    programme: response.programme,
    month: response.visitMonth,
    answers: response.answers as Answers,
    offered,
  };
}

/** The option codes a form version offered, per theme. */
export function offeredBy(form: {
  themes: readonly { theme: string; optionCodes: readonly string[] }[];
}): OfferedOptions {
  return Object.fromEntries(form.themes.map((t) => [t.theme, [...t.optionCodes]]));
}

const BATCH = 1_000;

/**
 * Recomputes every rollup from the raw responses and invitations: counts in memory (the
 * rollups are bounded by the key space), then replaces the rollup collections in bulk.
 * Returns how many responses it read; `onProgress(done, total)` follows the responses.
 */
export async function rebuildFeedbackRollups(
  models: FeedbackModels,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ responses: number; invitations: number }> {
  const forms = await models.FeedbackForm.find({}).lean();
  const offeredByForm = new Map(forms.map((form) => [form._id.toHexString(), offeredBy(form)]));
  const area = new Map<string, { filter: object; inc: Increments }>();
  const visit = new Map<string, { filter: object; inc: Increments }>();
  const merge = (
    target: Map<string, { filter: object; inc: Increments }>,
    filter: object,
    inc: Increments,
  ) => {
    const id = JSON.stringify(filter);
    const entry = target.get(id) ?? target.set(id, { filter, inc: {} }).get(id)!;
    for (const [path, by] of Object.entries(inc)) entry.inc[path] = (entry.inc[path] ?? 0) + by;
  };

  const total = await models.FeedbackResponse.estimatedDocumentCount();
  let done = 0;
  onProgress(0, total);
  const cursor = models.FeedbackResponse.find({})
    .lean<FeedbackResponseDocument>()
    .cursor({ batchSize: BATCH });
  for await (const response of cursor) {
    const counted = countedResponse(
      response,
      offeredByForm.get(response.formId.toHexString()) ?? {},
    );
    const inc = responseIncrements(counted.answers, counted.offered, 1);
    for (const filter of areaFilters(counted)) merge(area, filter, inc.area);
    merge(visit, visitFilter(counted), inc.visit);
    if (++done % BATCH === 0) onProgress(done, Math.max(total, done));
  }
  onProgress(done, Math.max(total, done));

  const invitations = await models.Invitation.aggregate<{ _id: RollupKey; n: number }>([
    {
      $group: {
        _id: {
          visitId: "$visitId",
          subregion: "$subregion",
          sector: "$sector",
          programme: "$programme",
          month: "$visitMonth",
        },
        n: { $sum: 1 },
      },
    },
  ]);
  let invited = 0;
  for (const { _id: key, n } of invitations) {
    invited += n;
    for (const filter of areaFilters(key)) merge(area, filter, { invitations: n });
    merge(visit, visitFilter(key), { invitations: n });
  }

  await models.FeedbackRollup.deleteMany({});
  await models.VisitFeedbackRollup.deleteMany({});
  for (const [collection, entries] of [
    [models.FeedbackRollup.collection, [...area.values()]],
    [models.VisitFeedbackRollup.collection, [...visit.values()]],
  ] as const) {
    for (let i = 0; i < entries.length; i += BATCH) {
      await collection.bulkWrite(
        entries.slice(i, i + BATCH).map(({ filter, inc }) => ({
          updateOne: { filter, update: { $inc: inc }, upsert: true },
        })),
        { ordered: false },
      );
    }
  }
  return { responses: done, invitations: invited };
}
