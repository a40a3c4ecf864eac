import type {
  FeedbackModels,
  FeedbackRollupDocument,
  RollupCounters,
  VisitFeedbackRollupDocument,
} from "../../models/feedback/index.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS, type ThemeCode } from "../../reference/index.js";
import type { NormalisedFilter } from "../../schema/analytics-filter.input.js";
import { badInput } from "../../shared/graphql/errors.js";
import { trusted } from "../../shared/mongo.js";
import { perturb, perturbedCell, PTABLE, type Ptable, shareOf } from "../../shared/perturbation.js";
import {
  type Cell,
  cellOf,
  isSmall,
  SUPPRESSED,
  suppressList,
  suppressTable,
} from "../../shared/suppression.js";
import { type Bar, type FeedbackMeasures, measures, rating, sumOf } from "./analytics-measures.js";
import { keySum, keysUnder } from "./analytics-rollup.service.js";

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
    keys: {},
  };
}

function sum(docs: Partial<RollupCounters>[]): RollupCounters {
  const total = emptyCounters();
  for (const doc of docs) addInto(total as never, doc as never);
  return total;
}

/** Reads feedback rollups; never the raw responses. */
export class FeedbackAnalytics {
  constructor(
    private readonly models: FeedbackModels,
    private readonly k: number,
    private readonly ptable: Ptable = PTABLE,
  ) {}

  /** K: a cell that would describe fewer people is published as suppressed. */
  get minGroup(): number {
    return this.k;
  }

  async overview(filter: NormalisedFilter): Promise<FeedbackMeasures> {
    return measures(sum(await this.rollups(filter)), this.k, this.ptable);
  }

  async visitSummary(visitId: string): Promise<FeedbackMeasures & { stops: StopUsefulness[] }> {
    const total = sum(await this.rollups({ visitId }));
    const stops = Object.entries(total.stops ?? {})
      .map(([order, counters]) => {
        const keys = keysUnder(total.keys, `stops.${order}`);
        const { mean, distribution } = rating(counters, this.k, keys, this.ptable);
        return { order: Number(order), mean, distribution };
      })
      .sort((a, b) => a.order - b.order);
    return { ...measures(total, this.k, this.ptable), stops };
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
    const key = (r: number, path: string) => keySum(perRow[r]!.keys, path);
    const chosenPath = (i: number) => `themes.${theme}.chosen.${options[i]!.code}`;
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
      rows: rowKeys.map((rowKey, r) => {
        const label =
          by === "SECTOR"
            ? { labelPl: sectorLabels.get(rowKey)!.pl, labelEn: sectorLabels.get(rowKey)!.en }
            : { labelPl: NUTS.subregion(rowKey)!.name, labelEn: NUTS.subregion(rowKey)!.nameEn };
        const respondentsCell = perturbedCell(
          respondents[r]!,
          key(r, "responses"),
          rowsMask.cells[r]!,
          this.ptable,
        );
        return { key: rowKey, ...label, respondents: respondentsCell };
      }),
      columns: options.map((o, i) => ({
        code: o.code,
        labelPl: o.pl,
        labelEn: o.en,
        // The overview's option count, suppressed and perturbed as there (a cell of its own:
        // the same records, so the same key): nothing from fewer than K respondents.
        total: perturbedCell(
          sumOf(counts.map((row) => row[i]!)),
          sumOf(counts.map((_, r) => key(r, chosenPath(i)))),
          mask.columnTotals[i]! || isSmall(sumOf(respondents), this.k),
          this.ptable,
        ),
      })),
      cells: counts.map((row, r) =>
        row.map((n, i) => {
          const offered = perRow[r]!.themes[theme]?.offered?.[options[i]!.code] ?? 0;
          const hidden = mask.cells[r]![i]!;
          const chosen = perturb(n, key(r, chosenPath(i)), this.ptable);
          const offeredKey = key(r, `themes.${theme}.offered.${options[i]!.code}`);
          const base = perturb(offered, offeredKey, this.ptable);
          return {
            count: cellOf(chosen, hidden),
            share: cellOf(shareOf(chosen, base), hidden || isSmall(offered, this.k)),
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
    const docs = await this.rollups(filter, interval === "YEAR" ? "any" : "month");
    const byPeriod = new Map<string, Partial<RollupCounters>[]>();
    for (const doc of docs) {
      const period = periodOf(doc.period, interval);
      const list = byPeriod.get(period) ?? byPeriod.set(period, []).get(period)!;
      list.push(doc);
    }
    const periods = [...byPeriod.keys()].sort();
    const totals = periods.map((p) => sum(byPeriod.get(p)!));
    const k = this.k;
    // The periods' counts add up to the overview's published totals: suppressed as lists.
    const list = (path: "responses" | "invitations") => {
      const counts = totals.map((t) => t[path]);
      const hidden = suppressList(counts, k, { total: true }).cells;
      return counts.map((n, i) =>
        perturbedCell(n, keySum(totals[i]!.keys, path), hidden[i]!, this.ptable),
      );
    };
    const responses = list("responses");
    const invitations = list("invitations");
    return periods.map((period, i) => {
      const base = responses[i]!;
      switch (measure) {
        case "RESPONSES":
          return { period, value: base, base };
        case "INVITATIONS":
          return { period, value: invitations[i]!, base: invitations[i]! };
        default: {
          const value = pick(measures(totals[i]!, k, this.ptable), measure);
          // A rate next to a published count would give the other count away.
          const givesAway =
            measure === "RESPONSE_RATE" && (base.suppressed || invitations[i]!.suppressed);
          return { period, value: givesAway ? SUPPRESSED : value, base };
        }
      }
    });
  }

  /**
   * The rollup documents a filter covers: a visit's own, or the area rollups at the coarsest
   * grain that answers it (years when the filter takes whole years, months otherwise).
   */
  private async rollups(
    filter: NormalisedFilter,
    grain: "any" | "month" = "any",
  ): Promise<(RollupCounters & { period: string; sector: string; subregion: string })[]> {
    checkFilter(filter);
    const query: Record<string, unknown> = {};
    if (filter.sectors) query["sector"] = trusted({ $in: filter.sectors });
    if (filter.subregions) query["subregion"] = trusted({ $in: filter.subregions });
    if (filter.programme) query["programme"] = filter.programme;
    const months = (cut: (month: string) => string) =>
      filter.from || filter.to
        ? trusted({
            ...(filter.from ? { $gte: cut(filter.from) } : {}),
            ...(filter.to ? { $lte: cut(filter.to) } : {}),
          })
        : undefined;
    if (filter.visitId) {
      query["visitId"] = filter.visitId;
      const month = months((m) => m);
      if (month) query["month"] = month;
      const docs =
        await this.models.VisitFeedbackRollup.find(query).lean<VisitFeedbackRollupDocument[]>();
      return docs.map((doc) => ({ ...doc, period: doc.month }));
    }
    const wholeYears =
      grain === "any" &&
      (!filter.from || filter.from.endsWith("-01")) &&
      (!filter.to || filter.to.endsWith("-12"));
    query["grain"] = wholeYears ? "year" : "month";
    const period = months((m) => (wholeYears ? m.slice(0, 4) : m));
    if (period) query["period"] = period;
    return this.models.FeedbackRollup.find(query).lean<FeedbackRollupDocument[]>();
  }
}

function pick(m: FeedbackMeasures, measure: TrendMeasure): Cell {
  switch (measure) {
    case "RESPONSES":
      return m.responses;
    case "INVITATIONS":
      return m.invitationsIssued;
    case "RESPONSE_RATE":
      return m.responseRate;
    case "OVERALL_MEAN":
      return m.ratings[0]!.mean;
    case "ORGANISATION_MEAN":
      return m.ratings[1]!.mean;
    case "NPS":
      return m.recommend.nps;
    case "COOPERATION_YES_SHARE":
      return m.cooperation.shareYes;
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
