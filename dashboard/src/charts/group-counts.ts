// Participants by sector or by gender (ESF+ reporting): counts with shares and intervals.
import { type Cell, countBar, countText, shown } from "../cells";
import type { FigureSpec } from "../figure";
import { formatNumber, label, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";
import { partsOfWhole } from "./parts";

export interface GroupCount {
  group: string;
  labelPl: string;
  labelEn: string;
  count: Cell;
}

export function groupCountsFigure(
  id: string,
  heading: "bySector" | "byGender",
  groups: GroupCount[],
): FigureSpec {
  const total = groups.reduce((sum, g) => sum + (shown(g.count) ? g.count.value : 0), 0);
  const top = [...groups]
    .filter((g) => shown(g.count))
    .sort((a, b) => b.count.value! - a.count.value!)[0];
  const title = top
    ? t(heading === "bySector" ? "bySectorFinding" : "byGenderFinding", { top: label(top) })
    : `${t(heading)}: ${t("noData")}`;
  const labels = groups.map(label);
  return {
    id,
    title,
    subtitle: `${t(heading)}; ${t("base", { n: formatNumber(total) })} ${t("people")}`,
    description: describe(
      "barChart",
      title,
      groups.map((g, i) => [labels[i]!, countText(g.count)]),
    ),
    size: groups.length > 4 ? "tall" : "short",
    table: {
      head: [t(heading === "bySector" ? "sector" : "value"), t("count"), t("share"), t("interval")],
      rows: partsOfWhole(
        groups.map((g, i) => ({ label: labels[i]!, count: g.count })),
        total,
      ).rows,
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: groups.map((g) => countBar(g.count)),
        valueLabels: groups.map((g) => countText(g.count)),
        horizontal: true,
        tick: (v) => formatNumber(v),
      }),
  };
}
