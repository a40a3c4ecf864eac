// Participants by sector or by gender (ESF+ reporting): counts with shares and intervals.
import {
  type Cell,
  countBar,
  countCell,
  countText,
  intervalCell,
  shareInterval,
  shown,
} from "../cells";
import type { FigureSpec } from "../figure";
import { formatNumber, formatPercent, label, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";

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
      rows: groups.map((g, i) => {
        const interval = shareInterval(g.count, total);
        return [
          { text: labels[i]!, header: true },
          countCell(g.count),
          shown(g.count) && total
            ? {
                text: formatPercent(g.count.value / total, 1),
                csv: g.count.value / total,
                numeric: true,
              }
            : countCell(g.count),
          intervalCell(interval, true),
        ];
      }),
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
