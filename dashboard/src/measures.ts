// The measures a subregion can be shaded and ranked by: which fields to ask for, how to read the
// value, its interval and how to print it.
import { type Cell, countText, meanText, shareInterval, shareText, shown } from "./cells";
import type { Key } from "./i18n";
import { formatNumber } from "./i18n";
import { type Interval, meanInterval } from "./stats";

export interface Analytics {
  responses?: Cell;
  invitationsIssued?: Cell;
  responseRate?: Cell;
  ratings?: { question: string; mean: Cell; distribution: { value: number; count: Cell }[] }[];
  recommend?: { nps: Cell };
  cooperation?: { yes: Cell; no: Cell; undecided: Cell; shareYes: Cell };
  visitsHeld?: Cell;
  registrations?: Cell;
  attended?: Cell;
  noShows?: Cell;
  attendanceRate?: Cell;
}

export interface Measure {
  code: string;
  label: Key;
  kind: "count" | "share" | "mean" | "score";
  /** The AnalyticsOverview fields this measure needs (fragment `C` is `{ value suppressed }`). */
  fields: string;
  value(a: Analytics): Cell;
  interval?(a: Analytics): Interval | undefined;
}

const hidden: Cell = { value: null, suppressed: true };
const sum = (...cells: (Cell | undefined)[]) =>
  cells.every((c) => c && shown(c)) ? cells.reduce((n, c) => n + c!.value!, 0) : 0;

const rating = (question: "OVERALL" | "ORGANISATION", label: Key): Measure => ({
  code: `${question}_MEAN`,
  label,
  kind: "mean",
  fields: "ratings { question mean { ...C } distribution { value count { ...C } } }",
  value: (a) => a.ratings?.find((r) => r.question === question)?.mean ?? hidden,
  interval: (a) => {
    const r = a.ratings?.find((x) => x.question === question);
    return (
      r &&
      meanInterval(
        r.distribution.map((b) => ({
          value: b.value,
          count: shown(b.count) ? b.count.value : null,
        })),
      )
    );
  },
});

export const MEASURES: Measure[] = [
  {
    code: "RESPONSE_RATE",
    label: "responseRate",
    kind: "share",
    fields: "responseRate { ...C } responses { ...C } invitationsIssued { ...C }",
    value: (a) => a.responseRate ?? hidden,
    interval: (a) =>
      a.responses && a.invitationsIssued
        ? shareInterval(a.responses, a.invitationsIssued)
        : undefined,
  },
  {
    code: "RESPONSES",
    label: "responses",
    kind: "count",
    fields: "responses { ...C }",
    value: (a) => a.responses ?? hidden,
  },
  rating("OVERALL", "OVERALL_MEAN"),
  rating("ORGANISATION", "ORGANISATION_MEAN"),
  {
    code: "NPS",
    label: "NPS",
    kind: "score",
    fields: "recommend { nps { ...C } }",
    value: (a) => a.recommend?.nps ?? hidden,
  },
  {
    code: "COOPERATION_YES_SHARE",
    label: "COOPERATION_YES_SHARE",
    kind: "share",
    fields: "cooperation { yes { ...C } no { ...C } undecided { ...C } shareYes { ...C } }",
    value: (a) => a.cooperation?.shareYes ?? hidden,
    interval: (a) => {
      const c = a.cooperation;
      const n = c ? sum(c.yes, c.no, c.undecided) : 0;
      return c && n ? shareInterval(c.yes, n) : undefined;
    },
  },
  {
    code: "ATTENDANCE_RATE",
    label: "attendanceRate",
    kind: "share",
    fields: "attendanceRate { ...C } attended { ...C } noShows { ...C }",
    value: (a) => a.attendanceRate ?? hidden,
    interval: (a) => {
      const n = sum(a.attended, a.noShows);
      return a.attended && n ? shareInterval(a.attended, n) : undefined;
    },
  },
  {
    code: "VISITS_HELD",
    label: "visitsHeld",
    kind: "count",
    fields: "visitsHeld { ...C }",
    value: (a) => a.visitsHeld ?? hidden,
  },
  {
    code: "REGISTRATIONS",
    label: "registrations",
    kind: "count",
    fields: "registrations { ...C }",
    value: (a) => a.registrations ?? hidden,
  },
];

export function measureOf(code: string | undefined): Measure {
  return MEASURES.find((m) => m.code === code) ?? MEASURES[0]!;
}

export function valueText(measure: Measure, cell: Cell): string {
  switch (measure.kind) {
    case "share":
      return shareText(cell);
    case "mean":
      return meanText(cell);
    case "score":
      return shown(cell) ? formatNumber(cell.value) : countText(cell);
    case "count":
      return countText(cell);
  }
}
