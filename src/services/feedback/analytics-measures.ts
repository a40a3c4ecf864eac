/**
 * The published feedback measures of a set of rollup counters, with small groups suppressed.
 *
 * Every count is published perturbed by its cell key (src/shared/perturbation.ts); which counts
 * are hidden is decided on the true counts, as below. Means, shares, rates and the NPS are
 * computed from the perturbed counts only, so they tell nothing the published counts don't.
 *
 * Numbers published side by side are linked, and a hidden count must stay unknown given all of
 * them: a distribution's bars add up to the responses; a mean adds Σ value × count; the NPS adds
 * promoters − detractors; a share times its published base is a count. Lists go through the
 * shared suppression module; where a mean or the NPS is published beside a distribution,
 * `undetermined` checks the hidden bars over whole numbers ≥ 0 and more is hidden until no
 * hidden bar is pinned down (or, failing that, the mean or NPS is hidden).
 */
import type {
  KeyTree,
  RatingCounters,
  RollupCounters,
} from "../../models/feedback/rollup.model.js";
import { FEEDBACK_OPTIONS, type ThemeCode, THEMES } from "../../reference/index.js";
import { perturb, perturbedCell, PTABLE, type Ptable, shareOf } from "../../shared/perturbation.js";
import {
  type Cell,
  cellOf,
  isSmall,
  isSmallCount,
  shown,
  SUPPRESSED,
  suppressList,
} from "../../shared/suppression.js";
import { keySum, keysUnder } from "./analytics-rollup.service.js";

export interface Bar {
  value: number;
  count: Cell;
  share: Cell;
}

export interface RatingSummary {
  question: "OVERALL" | "ORGANISATION";
  responses: Cell;
  mean: Cell;
  distribution: Bar[];
}

export interface FeedbackMeasures {
  responses: Cell;
  invitationsIssued: Cell;
  responseRate: Cell;
  ratings: RatingSummary[];
  recommend: {
    nps: Cell;
    promoters: Cell;
    passives: Cell;
    detractors: Cell;
    distribution: Bar[];
  };
  cooperation: { yes: Cell; no: Cell; undecided: Cell; shareYes: Cell };
  themes: {
    theme: ThemeCode;
    labelPl: string;
    labelEn: string;
    options: { code: string; labelPl: string; labelEn: string; count: Cell; share: Cell }[];
    otherCount: Cell;
  }[];
}

export const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
export const sumOf = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

/**
 * Hides `more` visible entries: those with the fewest people first, zeros last (a hidden 0
 * beside a small count protects little, as in the suppression module).
 */
function hideMore(hidden: boolean[], counts: readonly number[], more: number): void {
  const candidates = counts
    .map((n, i) => [n === 0 ? Infinity : n, i] as const)
    .filter(([, i]) => !hidden[i])
    .sort(([a, i], [b, j]) => a - b || i - j);
  for (const [, i] of candidates.slice(0, more)) hidden[i] = true;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Whether the hidden counts stay unknown when their sum and their weighted sum (Σ weight ×
 * count) are known, counts being whole numbers ≥ 0. A hidden count is unknown when another
 * solution gives it another value; one is found by a move that keeps both sums: +1/−1 between
 * two hidden counts of equal weight, or ±(c−b, −(c−a), b−a)/g across weights a < b < c. The
 * check is conservative: a count no such single move changes is treated as pinned down, unless
 * it is 0. `crossed` tells whether a move across weights exists: only such a move changes the
 * sums of the hidden counts of each weight (the NPS groups).
 */
export function undetermined(
  counts: readonly number[],
  weights: readonly number[],
  hidden: readonly boolean[],
): { free: boolean; crossed: boolean } {
  const h = counts.flatMap((_, i) => (hidden[i] ? [i] : []));
  const moved = new Set<number>();
  let crossed = false;
  for (const i of h) {
    for (const j of h) {
      if (i !== j && weights[i] === weights[j] && counts[j]! >= 1) moved.add(i).add(j);
    }
  }
  for (const i of h) {
    for (const j of h) {
      for (const l of h) {
        const [a, b, c] = [weights[i]!, weights[j]!, weights[l]!];
        if (!(a < b && b < c)) continue;
        const g = gcd(gcd(c - b, c - a), b - a);
        const forward = counts[j]! >= (c - a) / g;
        const backward = counts[i]! >= (c - b) / g && counts[l]! >= (b - a) / g;
        if (forward || backward) {
          moved.add(i).add(j).add(l);
          crossed = true;
        }
      }
    }
  }
  // A hidden 0 that nothing moves gives away only that nobody gave that answer, which a
  // published 0 says anyway.
  return { free: h.every((i) => counts[i] === 0 || moved.has(i)), crossed };
}

/** Bars of perturbed counts, each share out of the published (perturbed) base. */
function bars(noisy: number[], values: number[], hidden: boolean[], base: number): Bar[] {
  return noisy.map((count, i) => ({
    value: values[i]!,
    count: cellOf(count, hidden[i]!),
    share: cellOf(shareOf(count, base), hidden[i]!),
  }));
}

/** The mean of a distribution of perturbed counts. */
const meanOf = (noisy: number[], values: number[]) =>
  ratio(sumOf(noisy.map((n, i) => n * values[i]!)), sumOf(noisy));

/**
 * A 1–5 rating: its mean and its bars. The bars add up to the published responses, so a small
 * bar takes a second one with it (suppressList). The mean adds a second equation, which can pin
 * hidden bars down (two of them always; more near the ends of the scale: a mean of 59/12 says
 * that exactly one of the 12 gave a 4): bars are hidden until none is pinned, and when even all
 * five hidden would not do, the mean is hidden instead.
 */
export function rating(
  counters: RatingCounters,
  k: number,
  keys: KeyTree | undefined,
  table: Ptable = PTABLE,
) {
  const values = [1, 2, 3, 4, 5];
  const counts = values.map((v) => counters.h?.[v] ?? 0);
  const noisy = counts.map((n, i) => perturb(n, keySum(keys, `h.${values[i]}`), table));
  const n = counters.count ?? 0;
  const nKey = keySum(keys, "count");
  const listed = suppressList(counts, k, { total: true, base: n }).cells;
  let hidden = [...listed];
  let meanShown = !isSmall(n, k);
  while (meanShown && !undetermined(counts, values, hidden).free) {
    if (hidden.every(Boolean)) {
      meanShown = false;
      hidden = listed;
    } else hideMore(hidden, counts, 1);
  }
  return {
    responses: perturbedCell(n, nKey, isSmallCount(n, k), table),
    mean: meanShown ? shown(meanOf(noisy, values)) : SUPPRESSED,
    distribution: bars(noisy, values, hidden, perturb(n, nKey, table)),
  };
}

/** Answers 0–10 in the NPS groups, in the order promoters, passives, detractors. */
const NPS_GROUPS = [
  [9, 10],
  [7, 8],
  [0, 1, 2, 3, 4, 5, 6],
] as const;
/** Each answer's weight in the NPS: +1 promoter, 0 passive, −1 detractor. */
const NPS_WEIGHTS = Array.from({ length: 11 }, (_, v) => (v >= 9 ? 1 : v >= 7 ? 0 : -1));

/**
 * Likelihood to recommend: the NPS, its three groups and the 0–10 bars. With the responses and
 * the NPS known (P + Pa + D and P − D), any one group shown would give the other two away, so
 * when the NPS is shown and a group must be hidden, all three are; the bars are then checked
 * like a rating's, with the NPS weights, and must leave the groups unknown too. When that can't
 * be had, the NPS is hidden and the groups are a plain list again.
 */
function recommendation(
  c: RollupCounters,
  k: number,
  table: Ptable,
): FeedbackMeasures["recommend"] {
  const counts = Array.from({ length: 11 }, (_, v) => c.recommend[v] ?? 0);
  const keyOf = (values: readonly number[]) =>
    sumOf(values.map((v) => keySum(c.keys, `recommend.${v}`)));
  const noisy = counts.map((n, v) => perturb(n, keyOf([v]), table));
  const n = sumOf(counts);
  const noisyN = perturb(n, keyOf([...counts.keys()]), table);
  const groups = NPS_GROUPS.map((values) => sumOf(values.map((v) => counts[v]!)));
  const noisyGroups = NPS_GROUPS.map((values, g) => perturb(groups[g]!, keyOf(values), table));
  const listedGroups = suppressList(groups, k, { total: true, base: n }).cells;
  const [promoters, passives, detractors] = noisyGroups as [number, number, number];
  const published = (npsShown: boolean, groupHidden: boolean[], barHidden: boolean[]) => ({
    nps: npsShown
      ? shown(100 * ratio(promoters - detractors, promoters + passives + detractors))
      : SUPPRESSED,
    promoters: cellOf(promoters, groupHidden[0]!),
    passives: cellOf(passives, groupHidden[1]!),
    detractors: cellOf(detractors, groupHidden[2]!),
    distribution: bars(noisy, [...counts.keys()], barHidden, noisyN),
  });

  if (!isSmall(n, k) && listedGroups.some(Boolean)) {
    const hidden = suppressList(counts, k, { total: true, base: n }).cells;
    for (const values of NPS_GROUPS) {
      const own = values.map((v) => counts[v]!);
      const mask = values.map((v) => hidden[v]!);
      if (!mask.some(Boolean)) hideMore(mask, own, 1);
      values.forEach((v, i) => (hidden[v] = mask[i]!));
    }
    for (;;) {
      const { free, crossed } = undetermined(counts, NPS_WEIGHTS, hidden);
      if (free && crossed) return published(true, [true, true, true], hidden);
      if (hidden.every(Boolean)) break;
      hideMore(hidden, counts, 1);
    }
  }

  // Without the NPS (too few responses, or it would pin a hidden number down): the groups are
  // a list adding up to the responses, and each group's bars a list adding up to the group.
  const barHidden = new Array<boolean>(counts.length).fill(isSmall(n, k));
  NPS_GROUPS.forEach((values, g) => {
    const own = values.map((v) => counts[v]!);
    const mask = suppressList(own, k, { total: !listedGroups[g] }).cells;
    if (listedGroups[g] && !mask.some(Boolean)) hideMore(mask, own, 1);
    values.forEach((v, i) => (barHidden[v] ||= mask[i]!));
  });
  return published(isSmall(n, k) ? false : !listedGroups.some(Boolean), listedGroups, barHidden);
}

/** Every feedback measure of a set of rollup counters, with small groups suppressed. */
export function measures(c: RollupCounters, k: number, table: Ptable = PTABLE): FeedbackMeasures {
  const n = c.responses;
  const key = (path: string) => keySum(c.keys, path);
  const noisy = (value: number, path: string) => perturb(value, key(path), table);
  const count = (value: number, path: string) =>
    perturbedCell(value, key(path), isSmallCount(value, k), table);
  const INTENTIONS = ["YES", "NO", "UNDECIDED"];
  const intentions = INTENTIONS.map((v) => c.cooperation[v] ?? 0);
  const noisyIntentions = INTENTIONS.map((v, i) => noisy(intentions[i]!, `cooperation.${v}`));
  const intentionTotal = sumOf(intentions);
  const intentionMask = suppressList(intentions, k, { total: true, base: intentionTotal });
  const intention = (i: number) => cellOf(noisyIntentions[i]!, intentionMask.cells[i]!);
  return {
    responses: count(n, "responses"),
    invitationsIssued: count(c.invitations, "invitations"),
    responseRate:
      isSmall(n, k) || isSmall(c.invitations, k)
        ? SUPPRESSED
        : shown(shareOf(noisy(n, "responses"), noisy(c.invitations, "invitations"))),
    ratings: [
      { question: "OVERALL", ...rating(c.overall, k, keysUnder(c.keys, "overall"), table) },
      {
        question: "ORGANISATION",
        ...rating(c.organisation, k, keysUnder(c.keys, "organisation"), table),
      },
    ],
    recommend: recommendation(c, k, table),
    cooperation: {
      yes: intention(0),
      no: intention(1),
      undecided: intention(2),
      // The share times the published total is the count: hidden with it.
      shareYes:
        isSmall(intentionTotal, k) || intentionMask.cells[0]
          ? SUPPRESSED
          : shown(shareOf(noisyIntentions[0]!, sumOf(noisyIntentions))),
    },
    themes: THEMES.map((theme) => {
      const reference = FEEDBACK_OPTIONS.themes[theme];
      const counters = c.themes[theme] ?? {};
      const counts = reference.options.map((o) => counters.chosen?.[o.code] ?? 0);
      // Multi-select: the counts don't add up to a published total, so only primary suppression.
      // They are the theme matrices' column totals, suppressed alike.
      const mask = suppressList(counts, k, { total: false, base: n });
      return {
        theme,
        labelPl: reference.pl,
        labelEn: reference.en,
        options: reference.options.map((o, i) => {
          const offered = counters.offered?.[o.code] ?? 0;
          const hidden = mask.cells[i]! || isSmall(offered, k);
          const chosen = noisy(counts[i]!, `themes.${theme}.chosen.${o.code}`);
          const base = noisy(offered, `themes.${theme}.offered.${o.code}`);
          return {
            code: o.code,
            labelPl: o.pl,
            labelEn: o.en,
            count: cellOf(chosen, mask.cells[i]!),
            share: cellOf(shareOf(chosen, base), hidden),
          };
        }),
        otherCount: isSmallCount(n, k)
          ? SUPPRESSED
          : count(counters.other ?? 0, `themes.${theme}.other`),
      };
    }),
  };
}
