import type { FeedbackModels, RollupCounters } from "../../models/feedback/index.js";
import type { RatingCounters } from "../../models/feedback/rollup.model.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS, type ThemeCode, THEMES } from "../../reference/index.js";
import type { NormalisedFilter } from "../../schema/analytics-filter.input.js";
import { badInput } from "../../shared/graphql/errors.js";
import { trusted } from "../../shared/mongo.js";
import {
  type Cell,
  cellOf,
  isSmall,
  shown,
  SUPPRESSED,
  suppressList,
  suppressTable,
} from "../../shared/suppression.js";

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

export interface StopUsefulness {
  order: number;
  mean: Cell;
  distribution: Bar[];
}

export type MatrixDimension = "SECTOR" | "SUBREGION";

export interface ThemeMatrix {
  theme: ThemeCode;
  by: MatrixDimension;
  rows: { key: string; labelPl: string; labelEn: string; respondents: Cell }[];
  columns: { code: string; labelPl: string; labelEn: string; total: Cell }[];
  cells: { count: Cell; share: Cell }[][];
}

export const TREND_MEASURES = [
  "RESPONSES",
  "INVITATIONS",
  "RESPONSE_RATE",
  "OVERALL_MEAN",
  "ORGANISATION_MEAN",
  "NPS",
  "COOPERATION_YES_SHARE",
] as const;
export type TrendMeasure = (typeof TREND_MEASURES)[number];
export type Interval = "MONTH" | "QUARTER" | "YEAR";

export interface TrendPoint {
  period: string;
  value: Cell;
  base: Cell;
}

/** Adds every numeric leaf of `source` into `target` (rollup counters are nested objects). */
function addInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === "number") target[key] = ((target[key] as number | undefined) ?? 0) + value;
    else if (value && typeof value === "object" && !Array.isArray(value)) {
      target[key] ??= {};
      addInto(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  }
}

function emptyCounters(): RollupCounters {
  return {
    responses: 0,
    invitations: 0,
    overall: {},
    organisation: {},
    recommend: {},
    cooperation: {},
    themes: {},
    stops: {},
  };
}

function sum(docs: Partial<RollupCounters>[]): RollupCounters {
  const total = emptyCounters();
  for (const doc of docs) addInto(total as never, doc as never);
  return total;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Bars of a distribution whose total is published: small bars hidden, and a second one. */
function bars(counts: number[], values: number[], k: number): Bar[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const mask = suppressList(counts, k, { total: true, base: total });
  return counts.map((count, i) => ({
    value: values[i]!,
    count: cellOf(count, mask.cells[i]!),
    share: cellOf(ratio(count, total), mask.cells[i]!),
  }));
}

function rating(counters: RatingCounters, k: number) {
  const counts = [1, 2, 3, 4, 5].map((v) => counters.h?.[v] ?? 0);
  const n = counters.count ?? 0;
  return {
    responses: cellOf(n, n > 0 && isSmall(n, k)),
    mean: isSmall(n, k) ? SUPPRESSED : shown(ratio(counters.sum ?? 0, n)),
    distribution: bars(counts, [1, 2, 3, 4, 5], k),
  };
}

/** Every feedback measure of a set of rollup counters, with small groups suppressed. */
export function measures(c: RollupCounters, k: number): FeedbackMeasures {
  const n = c.responses;
  const count = (value: number) => cellOf(value, value > 0 && value < k);
  const recommendCounts = Array.from({ length: 11 }, (_, v) => c.recommend[v] ?? 0);
  const recommendTotal = recommendCounts.reduce((a, b) => a + b, 0);
  const groups = [
    recommendCounts.slice(9).reduce((a, b) => a + b, 0),
    recommendCounts.slice(7, 9).reduce((a, b) => a + b, 0),
    recommendCounts.slice(0, 7).reduce((a, b) => a + b, 0),
  ];
  const groupMask = suppressList(groups, k, { total: true, base: recommendTotal });
  const intentions = ["YES", "NO", "UNDECIDED"].map((v) => c.cooperation[v] ?? 0);
  const intentionTotal = intentions.reduce((a, b) => a + b, 0);
  const intentionMask = suppressList(intentions, k, { total: true, base: intentionTotal });
  return {
    responses: count(n),
    invitationsIssued: count(c.invitations),
    responseRate:
      isSmall(n, k) || isSmall(c.invitations, k) ? SUPPRESSED : shown(ratio(n, c.invitations)),
    ratings: [
      { question: "OVERALL", ...rating(c.overall, k) },
      { question: "ORGANISATION", ...rating(c.organisation, k) },
    ],
    recommend: {
      nps: isSmall(recommendTotal, k)
        ? SUPPRESSED
        : shown(100 * ratio(groups[0]! - groups[2]!, recommendTotal)),
      promoters: cellOf(groups[0]!, groupMask.cells[0]!),
      passives: cellOf(groups[1]!, groupMask.cells[1]!),
      detractors: cellOf(groups[2]!, groupMask.cells[2]!),
      distribution: bars(recommendCounts, [...recommendCounts.keys()], k),
    },
    cooperation: {
      yes: cellOf(intentions[0]!, intentionMask.cells[0]!),
      no: cellOf(intentions[1]!, intentionMask.cells[1]!),
      undecided: cellOf(intentions[2]!, intentionMask.cells[2]!),
      shareYes: isSmall(intentionTotal, k)
        ? SUPPRESSED
        : shown(ratio(intentions[0]!, intentionTotal)),
    },
    themes: THEMES.map((theme) => {
      const reference = FEEDBACK_OPTIONS.themes[theme];
      const counters = c.themes[theme] ?? {};
      const counts = reference.options.map((o) => counters.chosen?.[o.code] ?? 0);
      // Multi-select: the counts don't add up to a published total, so only primary suppression.
      const mask = suppressList(counts, k, { total: false, base: n });
      return {
        theme,
        labelPl: reference.pl,
        labelEn: reference.en,
        options: reference.options.map((o, i) => {
          const offered = counters.offered?.[o.code] ?? 0;
          const hidden = mask.cells[i]! || isSmall(offered, k);
          return {
            code: o.code,
            labelPl: o.pl,
            labelEn: o.en,
            count: cellOf(counts[i]!, mask.cells[i]!),
            share: cellOf(ratio(counts[i]!, offered), hidden),
          };
        }),
        otherCount: count(counters.other ?? 0),
      };
    }),
  };
}

/** Reads feedback rollups; never the raw responses. */
export class FeedbackAnalytics {
  constructor(
    private readonly models: FeedbackModels,
    private readonly k: number,
  ) {}

  async overview(filter: NormalisedFilter): Promise<FeedbackMeasures> {
    return measures(sum(await this.rollups(filter)), this.k);
  }

  async visitSummary(visitId: string): Promise<FeedbackMeasures & { stops: StopUsefulness[] }> {
    const total = sum(await this.rollups({ visitId }));
    const stops = Object.entries(total.stops ?? {})
      .map(([order, counters]) => {
        const { mean, distribution } = rating(counters, this.k);
        return { order: Number(order), mean, distribution };
      })
      .sort((a, b) => a.order - b.order);
    return { ...measures(total, this.k), stops };
  }

  async themeMatrix(
    theme: ThemeCode,
    by: MatrixDimension,
    filter: NormalisedFilter,
  ): Promise<ThemeMatrix> {
    const docs = await this.rollups(filter);
    const rowKeys =
      by === "SECTOR"
        ? SECTORS.filter((s) => !filter.sectors || filter.sectors.includes(s))
        : NUTS.subregions
            .map((s) => s.code)
            .filter((c) => !filter.subregions || filter.subregions.includes(c));
    const options = FEEDBACK_OPTIONS.themes[theme].options;
    const perRow = rowKeys.map((key) =>
      sum(docs.filter((d) => (by === "SECTOR" ? d.sector : d.subregion) === key)),
    );
    const respondents = perRow.map((c) => c.responses);
    // The respondents per row add up to the overview's published number of responses.
    const rowsMask = suppressList(respondents, this.k, { total: true });
    const counts = perRow.map((c) => options.map((o) => c.themes[theme]?.chosen?.[o.code] ?? 0));
    const mask = suppressTable({
      counts,
      rowBases: respondents.map((n, r) => (rowsMask.cells[r] ? 0 : n)),
      // Multi-select: a row's counts don't add up to its respondents; the columns add up to
      // the overview's option counts, which are published.
      rowTotals: false,
      columnTotals: true,
      k: this.k,
    });
    const sectorLabels = new Map(FEEDBACK_OPTIONS.sectors.map((s) => [s.code as string, s]));
    return {
      theme,
      by,
      rows: rowKeys.map((key, r) => {
        const label =
          by === "SECTOR"
            ? { labelPl: sectorLabels.get(key)!.pl, labelEn: sectorLabels.get(key)!.en }
            : { labelPl: NUTS.subregion(key)!.name, labelEn: NUTS.subregion(key)!.nameEn };
        return { key, ...label, respondents: cellOf(respondents[r]!, rowsMask.cells[r]!) };
      }),
      columns: options.map((o, i) => ({
        code: o.code,
        labelPl: o.pl,
        labelEn: o.en,
        total: cellOf(
          counts.reduce((s, row) => s + row[i]!, 0),
          mask.columnTotals[i]!,
        ),
      })),
      cells: counts.map((row, r) =>
        row.map((n, i) => {
          const offered = perRow[r]!.themes[theme]?.offered?.[options[i]!.code] ?? 0;
          const hidden = mask.cells[r]![i]!;
          return {
            count: cellOf(n, hidden),
            share: cellOf(ratio(n, offered), hidden || isSmall(offered, this.k)),
          };
        }),
      ),
    };
  }

  async trend(
    measure: TrendMeasure,
    interval: Interval,
    filter: NormalisedFilter,
  ): Promise<TrendPoint[]> {
    if (filter.visitId) {
      throw badInput(
        "filter.visitId",
        "A trend follows many visits; for one, use StudyVisit.feedbackSummary.",
      );
    }
    const docs = await this.rollups(filter, interval === "YEAR" ? "any" : "month");
    const byPeriod = new Map<string, Partial<RollupCounters>[]>();
    for (const doc of docs) {
      const period = periodOf(doc.period!, interval);
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), doc]);
    }
    const periods = [...byPeriod.keys()].sort();
    const totals = periods.map((p) => sum(byPeriod.get(p)!));
    const k = this.k;
    if (measure === "RESPONSES" || measure === "INVITATIONS") {
      const counts = totals.map((t) => (measure === "RESPONSES" ? t.responses : t.invitations));
      // The periods add up to the overview's published total.
      const mask = suppressList(counts, k, { total: true });
      return periods.map((period, i) => ({
        period,
        value: cellOf(counts[i]!, mask.cells[i]!),
        base: cellOf(counts[i]!, mask.cells[i]!),
      }));
    }
    return periods.map((period, i) => {
      const m = measures(totals[i]!, k);
      const [value, base] = pick(m, totals[i]!, measure);
      return { period, value, base: cellOf(base, isSmall(base, k)) };
    });
  }

  /**
   * The rollup documents a filter covers: a visit's own, or the area rollups at the coarsest
   * grain that answers it (years when the filter takes whole years, months otherwise).
   */
  private async rollups(
    filter: NormalisedFilter,
    grain: "any" | "month" = "any",
  ): Promise<(RollupCounters & { period?: string; sector: string; subregion?: string })[]> {
    const sectors = filter.sectors ? { sector: trusted({ $in: filter.sectors }) } : {};
    if (filter.visitId) {
      return this.models.VisitFeedbackRollup.find({
        visitId: filter.visitId,
        ...sectors,
      }).lean<never>();
    }
    checkFilter(filter);
    const query: Record<string, unknown> = { ...sectors };
    if (filter.subregions) query["subregion"] = trusted({ $in: filter.subregions });
    if (filter.programme) query["programme"] = filter.programme;
    const wholeYears =
      grain === "any" &&
      (!filter.from || filter.from.endsWith("-01")) &&
      (!filter.to || filter.to.endsWith("-12"));
    const cut = (month: string) => (wholeYears ? month.slice(0, 4) : month);
    query["grain"] = wholeYears ? "year" : "month";
    if (filter.from || filter.to) {
      query["period"] = trusted({
        ...(filter.from ? { $gte: cut(filter.from) } : {}),
        ...(filter.to ? { $lte: cut(filter.to) } : {}),
      });
    }
    return this.models.FeedbackRollup.find(query).lean<never>();
  }
}

function pick(m: FeedbackMeasures, t: RollupCounters, measure: TrendMeasure): [Cell, number] {
  switch (measure) {
    case "RESPONSE_RATE":
      return [m.responseRate, t.responses];
    case "OVERALL_MEAN":
      return [m.ratings[0]!.mean, t.overall.count ?? 0];
    case "ORGANISATION_MEAN":
      return [m.ratings[1]!.mean, t.organisation.count ?? 0];
    case "NPS":
      return [m.recommend.nps, Object.values(t.recommend).reduce((a, b) => a + b, 0)];
    default:
      return [m.cooperation.shareYes, Object.values(t.cooperation).reduce((a, b) => a + b, 0)];
  }
}

/** The period of a rollup (`YYYY-MM` or `YYYY`) at an interval. */
export function periodOf(month: string, interval: Interval): string {
  if (interval === "MONTH") return month;
  if (interval === "YEAR") return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

export function checkFilter(filter: NormalisedFilter): void {
  for (const code of filter.subregions ?? []) {
    if (!NUTS.subregion(code))
      throw badInput("filter.subregions", `${code} is not a NUTS-3 code of ${NUTS.nutsVersion}.`);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    throw badInput("filter.to", "to must not be before from.");
  }
}
