// Trends: a feedback measure by month, quarter or year of the visits' start, visits marked.
import { graphql } from "../api";
import { type Cell, hiddenText, intervalCell, shown } from "../cells";
import { CELL_FRAGMENT } from "../cells";
import { describe } from "../charts/describe";
import { intervalNote, suppressionNote } from "../charts/notes";
import { renderTrend, type TrendValue } from "../charts/trend-line";
import { selectField } from "../controls";
import { el } from "../dom";
import { figure, setMinGroup, type TableCell } from "../figure";
import { formatNumber, formatPercent, type Key, t } from "../i18n";
import type { Page } from "../page";
import { type Interval, periodLabel, periodOf, periodRange } from "../periods";
import { apiFilter, visitFilter } from "../state";
import { wilson } from "../stats";

const MEASURES = [
  "RESPONSE_RATE",
  "RESPONSES",
  "INVITATIONS",
  "OVERALL_MEAN",
  "ORGANISATION_MEAN",
  "NPS",
  "COOPERATION_YES_SHARE",
] as const;
type TrendMeasure = (typeof MEASURES)[number];
const INTERVALS: Interval[] = ["MONTH", "QUARTER", "YEAR"];
const SHARES = new Set<TrendMeasure>(["RESPONSE_RATE", "COOPERATION_YES_SHARE"]);
const MEANS = new Set<TrendMeasure>(["OVERALL_MEAN", "ORGANISATION_MEAN"]);

const VISIT_DATES = /* GraphQL */ `
  fragment VisitDates on StudyVisitConnection {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        startDate
      }
    }
  }
`;

/** A measure or an interval, named by its translation key. */
const choice = (value: string) => ({ value, label: t(value as Key) });

const TRENDS = /* GraphQL */ `
  query Trends(
    $filter: AnalyticsFilter
    $visitFilter: VisitFilter
    $interval: Interval!
    $measure: TrendMeasure!
  ) {
    analyticsMinGroup
    trend(filter: $filter, interval: $interval, measure: $measure) {
      period
      value {
        ...C
      }
      base {
        ...C
      }
    }
    visits(first: 100, filter: $visitFilter) {
      ...VisitDates
    }
  }
  ${CELL_FRAGMENT}
  ${VISIT_DATES}
`;

// More than 100 visits in the view: the rest of their dates, a page at a time.
const MORE_DATES = /* GraphQL */ `
  query MoreVisitDates($visitFilter: VisitFilter, $after: String) {
    visits(first: 100, after: $after, filter: $visitFilter) {
      ...VisitDates
    }
  }
  ${VISIT_DATES}
`;

type VisitDates = {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { startDate: string } }[];
};

async function allVisitDates(first: VisitDates, visitFilter: object): Promise<string[]> {
  const dates = first.edges.map((e) => e.node.startDate);
  let page = first;
  while (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    page = (
      await graphql<{ visits: VisitDates }>(MORE_DATES, {
        visitFilter,
        after: page.pageInfo.endCursor,
      })
    ).visits;
    dates.push(...page.edges.map((e) => e.node.startDate));
  }
  return dates;
}

interface TrendsData {
  analyticsMinGroup: number;
  trend: { period: string; value: Cell; base: Cell }[];
  visits: VisitDates;
}

const trends: Page = async ({ view, main, go }) => {
  const measure = MEASURES.find((m) => m === view.options.measure) ?? "RESPONSE_RATE";
  const interval = INTERVALS.find((i) => i === view.options.interval) ?? "QUARTER";
  const filter = apiFilter(view.filters);
  const visits = visitFilter(view.filters);
  const data = await graphql<TrendsData>(TRENDS, {
    filter,
    visitFilter: visits,
    interval,
    measure,
  });
  setMinGroup(data.analyticsMinGroup);

  main.append(el("h1", {}, t("trendsTitle")));
  const controls = el("div", { class: "page-controls" });
  controls.append(
    selectField("measure", t("measure"), MEASURES.map(choice), measure, (v) =>
      go({ ...view, options: { ...view.options, measure: v } }),
    ),
    selectField("interval", t("intervalLabel"), INTERVALS.map(choice), interval, (v) =>
      go({ ...view, options: { ...view.options, interval: v } }),
    ),
  );
  main.append(controls);

  const byPeriod = new Map(data.trend.map((p) => [p.period, p]));
  const visitsByPeriod = new Map<string, number>();
  const visitDates = view.filters.visit ? [] : await allVisitDates(data.visits, visits);
  for (const date of visitDates) {
    const period = periodOf(date, interval);
    visitsByPeriod.set(period, (visitsByPeriod.get(period) ?? 0) + 1);
  }
  const known = [...byPeriod.keys()].sort();
  const periods = known.length ? periodRange(known[0]!, known[known.length - 1]!, interval) : [];
  const share = SHARES.has(measure);
  const mean = MEANS.has(measure);
  const format = (v: number) =>
    share ? formatPercent(v, 1) : mean ? formatNumber(v, 2) : formatNumber(v);
  const values: TrendValue[] = periods.map((period) => {
    const point = byPeriod.get(period);
    const suppressed = !!point && !shown(point.value);
    const value = point && shown(point.value) ? point.value.value : null;
    const base = point && shown(point.base) ? point.base.value : undefined;
    const interval95 =
      share && value !== null && base ? wilson(Math.round(value * base), base) : undefined;
    return {
      period,
      label: periodLabel(period, interval),
      value,
      suppressed,
      low: interval95?.low,
      high: interval95?.high,
      visits: visitsByPeriod.get(period) ?? 0,
    };
  });
  const measureName = t(measure);
  const published = values.filter((v) => v.value !== null);
  const title = published.length
    ? t("trendFinding", {
        measure: measureName,
        first: `${format(published[0]!.value!)} (${published[0]!.label})`,
        last: `${format(published[published.length - 1]!.value!)} (${published[published.length - 1]!.label})`,
      })
    : t("trendFindingEmpty", { measure: measureName });
  const total = data.trend.reduce((n, p) => n + (shown(p.base) ? p.base.value : 0), 0);
  const textOf = (v: TrendValue) =>
    v.suppressed ? hiddenText() : v.value === null ? "—" : format(v.value);
  const rows = values
    .filter((v) => v.value !== null || v.suppressed)
    .map((v): TableCell[] => {
      const point = byPeriod.get(v.period)!;
      return [
        { text: v.label, csv: v.period, header: true },
        v.suppressed
          ? { text: hiddenText(), csv: hiddenText(), numeric: true, suppressed: true }
          : { text: textOf(v), csv: v.value, numeric: true },
        shown(point.base)
          ? { text: formatNumber(point.base.value), csv: point.base.value, numeric: true }
          : { text: hiddenText(), csv: hiddenText(), numeric: true, suppressed: true },
        intervalCell(v.low !== undefined ? { low: v.low, high: v.high! } : undefined, share),
        { text: String(v.visits), csv: v.visits, numeric: true },
      ];
    });
  main.append(
    figure({
      id: `trend-${measure.toLowerCase()}-${interval.toLowerCase()}`,
      title,
      subtitle: `${t("base", { n: formatNumber(total) })}; ${t("visitDates")}`,
      description: describe(
        "lineChart",
        title,
        values.filter((v) => v.value !== null || v.suppressed).map((v) => [v.label, textOf(v)]),
      ),
      size: "tall",
      table: { head: [t("period"), measureName, "n", t("interval"), t("navVisits")], rows },
      notes: [suppressionNote(), ...(share ? [intervalNote()] : []), t("visitDates")],
      draw: (canvas) =>
        renderTrend(canvas, values, {
          min: share ? 0 : measure === "NPS" ? -100 : mean ? 1 : 0,
          max: share ? 1 : measure === "NPS" ? 100 : mean ? 5 : undefined,
          tick: (v) => (share ? formatPercent(v) : formatNumber(v, mean ? 1 : 0)),
        }),
    }),
  );
};

export default trends;
