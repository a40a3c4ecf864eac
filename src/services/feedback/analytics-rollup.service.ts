import type { ClientSession } from "mongoose";

import type { FeedbackModels, FeedbackResponseDocument } from "../../models/feedback/index.js";
import type { KeyTree, VisitFeedbackRollupDocument } from "../../models/feedback/rollup.model.js";
import { type ThemeCode, THEMES } from "../../reference/index.js";
import { trusted } from "../../shared/mongo.js";
import { giveRecordKeys } from "../../shared/record-keys.js";
import type { Answers } from "./answers.js";

export interface VisitCounts {
  responses: number;
  invitations: number;
  /** Record-key sums of the two counts, for their perturbed values. */
  responsesKey: number;
  invitationsKey: number;
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

/**
 * Adds, beside each count of `inc`, the record key times what the count changes by, under
 * `keys.` (sums of ratings are not counts and have no key).
 */
function withKeys(inc: Increments, key: number): Increments {
  const keyed: Increments = { ...inc };
  for (const [path, by] of Object.entries(inc)) {
    if (!path.endsWith(".sum")) keyed[`keys.${path}`] = by * key;
  }
  return keyed;
}

/** The `$inc` of one response: what it adds to every counter of its rollup cells. */
export function responseIncrements(
  answers: Answers,
  offered: OfferedOptions,
  sign: 1 | -1,
  key: number,
) {
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
  return { area: withKeys(area, key), visit: withKeys(visit, key) };
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
  recordKey: number;
}

/** An invitation as the rollups count it. */
export interface CountedInvitation extends RollupKey {
  recordKey: number;
}

/**
 * Keeps the rollups in step with the raw data. Every method takes the caller's session: the
 * counters change in the same transaction as the response or invitations they count.
 */
export class FeedbackRollups {
  constructor(private readonly models: FeedbackModels) {}

  /** Adds (`+1`, an accepted response) or takes away (`-1`, an erasure) one response. */
  async apply(response: CountedResponse, sign: 1 | -1, session: ClientSession): Promise<void> {
    const { area, visit } = responseIncrements(
      response.answers,
      response.offered,
      sign,
      response.recordKey,
    );
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
      { _id: 0, visitId: 1, responses: 1, invitations: 1, keys: 1 },
    ).lean<
      (Pick<VisitFeedbackRollupDocument, "visitId"> &
        Partial<Pick<VisitFeedbackRollupDocument, "responses" | "invitations" | "keys">>)[]
    >();
    const byVisit = new Map(
      visitIds.map((id) => [
        id,
        { responses: 0, invitations: 0, responsesKey: 0, invitationsKey: 0 },
      ]),
    );
    for (const doc of docs) {
      const counts = byVisit.get(doc.visitId)!;
      counts.responses += doc.responses ?? 0;
      counts.invitations += doc.invitations ?? 0;
      counts.responsesKey += keySum(doc.keys, "responses");
      counts.invitationsKey += keySum(doc.keys, "invitations");
    }
    return visitIds.map((id) => byVisit.get(id)!);
  }

  /** Counts newly issued invitations, each where it counts, with its record key. */
  async addInvitations(invitations: CountedInvitation[], session: ClientSession): Promise<void> {
    const area = new Map<string, { filter: object; inc: Increments }>();
    const visit = new Map<string, { filter: object; inc: Increments }>();
    for (const invitation of invitations) {
      const inc = invitationIncrements(1, invitation.recordKey);
      for (const filter of areaFilters(invitation)) mergeInto(area, filter, inc);
      mergeInto(visit, visitFilter(invitation), inc);
    }
    for (const [collection, counted] of [
      [this.models.FeedbackRollup.collection, area],
      [this.models.VisitFeedbackRollup.collection, visit],
    ] as const) {
      for (const { filter, inc } of counted.values()) {
        await collection.updateOne(filter, { $inc: inc }, { upsert: true, session });
      }
    }
  }
}

/** What a rollup's `keys` hold at a dotted counter path. */
function keyAt(keys: KeyTree | undefined, path: string): KeyTree | number | undefined {
  let at: KeyTree | number | undefined = keys;
  for (const part of path.split(".")) {
    if (typeof at !== "object") return undefined;
    at = at[part];
  }
  return at;
}

/** The key sum at a dotted counter path of a rollup's `keys` (0 where none was kept). */
export function keySum(keys: KeyTree | undefined, path: string): number {
  const at = keyAt(keys, path);
  return typeof at === "number" ? at : 0;
}

/** The key sums under a dotted path (one stop's rating, say). */
export function keysUnder(keys: KeyTree | undefined, path: string): KeyTree | undefined {
  const at = keyAt(keys, path);
  return typeof at === "object" ? at : undefined;
}

/** What `n` invitations whose keys sum to `key` add to a rollup. */
const invitationIncrements = (n: number, key: number): Increments => ({
  invitations: n,
  "keys.invitations": key,
});

type Cells = Map<string, { filter: object; inc: Increments }>;

/** Adds `inc` into the pending `$inc` of the rollup document `filter`. */
function mergeInto(target: Cells, filter: object, inc: Increments): void {
  const id = JSON.stringify(filter);
  const entry = target.get(id) ?? target.set(id, { filter, inc: {} }).get(id)!;
  for (const [path, by] of Object.entries(inc)) entry.inc[path] = (entry.inc[path] ?? 0) + by;
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
    recordKey: response.recordKey ?? 0,
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
  // Records from before cell keys get theirs now, once; then every count has its key sum.
  await giveRecordKeys(models.FeedbackResponse);
  await giveRecordKeys(models.Invitation);
  const forms = await models.FeedbackForm.find({}).lean();
  const offeredByForm = new Map(forms.map((form) => [form._id.toHexString(), offeredBy(form)]));
  const area: Cells = new Map();
  const visit: Cells = new Map();
  const merge = mergeInto;

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
    const inc = responseIncrements(counted.answers, counted.offered, 1, counted.recordKey);
    for (const filter of areaFilters(counted)) merge(area, filter, inc.area);
    merge(visit, visitFilter(counted), inc.visit);
    if (++done % BATCH === 0) onProgress(done, Math.max(total, done));
  }
  onProgress(done, Math.max(total, done));

  const invitations = await models.Invitation.aggregate<{
    _id: RollupKey;
    n: number;
    key: number;
  }>([
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
        key: { $sum: "$recordKey" },
      },
    },
  ]);
  let invited = 0;
  for (const { _id: where, n, key } of invitations) {
    invited += n;
    const inc = invitationIncrements(n, key);
    for (const filter of areaFilters(where)) merge(area, filter, inc);
    merge(visit, visitFilter(where), inc);
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
