// Published numbers (`Cell { value suppressed }`) as text, table cells and bars.
import type { BarValue } from "./charts/common";
import type { TableCell } from "./figure";
import { minGroup } from "./figure";
import { formatNumber, formatPercent, t } from "./i18n";
import { type Interval, wilson } from "./stats";

/** `...C` in every query: a published number. */
export const CELL_FRAGMENT = /* GraphQL */ `
  fragment C on Cell {
    value
    suppressed
  }
`;

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export const shown = (cell: Cell | null | undefined): cell is Cell & { value: number } =>
  !!cell && !cell.suppressed && cell.value !== null;

export const hiddenText = () => t("suppressed", { k: minGroup() });

export function countText(cell: Cell): string {
  return shown(cell) ? formatNumber(cell.value) : hiddenText();
}

export function shareText(cell: Cell, digits = 0): string {
  return shown(cell) ? formatPercent(cell.value, digits) : hiddenText();
}

export function meanText(cell: Cell): string {
  return shown(cell) ? formatNumber(cell.value, 2) : hiddenText();
}

export function intervalText(interval: Interval | undefined, share: boolean): string {
  if (!interval) return "—";
  const f = (v: number) => (share ? formatPercent(v, 1) : formatNumber(v, 2));
  return `${f(interval.low)} – ${f(interval.high)}`;
}

export function countCell(cell: Cell): TableCell {
  return shown(cell)
    ? { text: formatNumber(cell.value), csv: cell.value, numeric: true }
    : { text: hiddenText(), csv: hiddenText(), numeric: true, suppressed: true };
}

export function shareCell(cell: Cell): TableCell {
  return shown(cell)
    ? { text: formatPercent(cell.value, 1), csv: round(cell.value), numeric: true }
    : { text: hiddenText(), csv: hiddenText(), numeric: true, suppressed: true };
}

export function meanCell(cell: Cell): TableCell {
  return shown(cell)
    ? { text: formatNumber(cell.value, 2), csv: round(cell.value), numeric: true }
    : { text: hiddenText(), csv: hiddenText(), numeric: true, suppressed: true };
}

export function intervalCell(interval: Interval | undefined, share: boolean): TableCell {
  return {
    text: intervalText(interval, share),
    csv: interval ? `${round(interval.low)}–${round(interval.high)}` : "",
    numeric: true,
  };
}

export const round = (n: number) => Math.round(n * 10000) / 10000;

/** A share with its Wilson interval, when both the count and the base are published. */
export function shareInterval(count: Cell, base: Cell | number): Interval | undefined {
  const n = typeof base === "number" ? base : shown(base) ? base.value : undefined;
  return shown(count) && n ? wilson(count.value, n) : undefined;
}

export function shareBar(share: Cell, interval?: Interval): BarValue {
  return shown(share)
    ? { value: share.value, suppressed: false, low: interval?.low, high: interval?.high }
    : { value: null, suppressed: true };
}

export function countBar(count: Cell): BarValue {
  return shown(count)
    ? { value: count.value, suppressed: false }
    : { value: null, suppressed: true };
}
