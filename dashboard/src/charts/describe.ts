import { t } from "../i18n";

/** The text alternative of a chart: its kind, its title, then every label with its value. */
export function describe(
  kind: "barChart" | "lineChart" | "mapChart",
  title: string,
  items: [string, string][],
): string {
  const values = items.map(([label, value]) => `${label}: ${value}`).join("; ");
  return `${t(kind)}. ${title}. ${values}.`;
}
