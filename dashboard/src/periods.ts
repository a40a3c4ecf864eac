// Periods of the trend API: `2024-05` (month), `2024-Q2` (quarter), `2024` (year).
import { formatMonth, lang } from "./i18n";

export type Interval = "MONTH" | "QUARTER" | "YEAR";

export function periodOf(date: string, interval: Interval): string {
  const [y, m] = date.split("-");
  if (interval === "YEAR") return y!;
  if (interval === "QUARTER") return `${y}-Q${Math.ceil(Number(m) / 3)}`;
  return `${y}-${m}`;
}

function next(period: string, interval: Interval): string {
  if (interval === "YEAR") return String(Number(period) + 1);
  if (interval === "QUARTER") {
    const [y, q] = period.split("-Q").map(Number);
    return q === 4 ? `${y! + 1}-Q1` : `${y}-Q${q! + 1}`;
  }
  const [y, m] = period.split("-").map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, "0")}`;
}

/** Every period from `first` to `last`, so that time runs evenly along the axis. */
export function periodRange(first: string, last: string, interval: Interval): string[] {
  const out: string[] = [];
  for (let p = first; p <= last && out.length < 600; p = next(p, interval)) out.push(p);
  return out;
}

export function periodLabel(period: string, interval: Interval): string {
  if (interval === "MONTH") return formatMonth(period);
  if (interval === "QUARTER") {
    const [y, q] = period.split("-Q");
    return lang() === "pl" ? `${["I", "II", "III", "IV"][Number(q) - 1]} kw. ${y}` : `Q${q} ${y}`;
  }
  return period;
}
