// The nine subregions ranked by the measure shown on the map, with intervals; a click chooses one.
import { type Cell, shown } from "../cells";
import { formatNumber, formatPercent, t } from "../i18n";
import type { Measure } from "../measures";
import type { Interval } from "../stats";
import { type BarValue, renderBars } from "./common";

export interface RankedSubregion {
  code: string;
  name: string;
  cell: Cell;
  interval?: Interval;
  text: string;
  selected: boolean;
}

/** Highest first; hidden values last, in code order. */
export function rank(rows: RankedSubregion[]): RankedSubregion[] {
  return [...rows].sort((a, b) => {
    if (shown(a.cell) && shown(b.cell)) return b.cell.value - a.cell.value;
    if (shown(a.cell) !== shown(b.cell)) return shown(a.cell) ? -1 : 1;
    return a.code.localeCompare(b.code);
  });
}

export function renderSubregionRanking(
  canvas: HTMLCanvasElement,
  measure: Measure,
  rows: RankedSubregion[],
  onChoose: (code: string) => void,
) {
  const ranked = rank(rows);
  const values: BarValue[] = ranked.map((row) =>
    shown(row.cell)
      ? {
          value: row.cell.value,
          suppressed: false,
          low: row.interval?.low,
          high: row.interval?.high,
        }
      : { value: null, suppressed: true },
  );
  return renderBars(canvas, {
    labels: ranked.map((row) => (row.selected ? `▶ ${row.name}` : row.name)),
    values,
    valueLabels: ranked.map((row) => row.text),
    horizontal: true,
    max: measure.kind === "share" ? 1 : measure.kind === "mean" ? 5 : undefined,
    tick: (v) =>
      measure.kind === "share"
        ? formatPercent(v)
        : formatNumber(v, measure.kind === "mean" ? 1 : 0),
    colours: ranked.map((row) => (row.selected ? "#1e3a8a" : "#3b82f6")),
    onClick: (index) => onChoose(ranked[index]!.code),
  });
}

export const selectedNote = (names: string[]) =>
  names.length ? t("selectedSubregions", { list: names.join(", ") }) : "";
