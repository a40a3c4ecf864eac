// Net Promoter Score and its three groups, with each group's share and interval.
import { type Cell, countCell, shown } from "../cells";
import type { FigureSpec } from "../figure";
import { formatNumber, formatPercent, type Key, t } from "../i18n";
import { GROUP_COLOURS, renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";
import { partsOfWhole } from "./parts";
import { baseText } from "./rating-distribution";

export interface Recommend {
  nps: Cell;
  promoters: Cell;
  passives: Cell;
  detractors: Cell;
}

/** What `Recommend` needs from a `RecommendSummary` (with `CELL_FRAGMENT`). */
export const RECOMMEND_FRAGMENT = /* GraphQL */ `
  fragment Recommend on RecommendSummary {
    nps {
      ...C
    }
    promoters {
      ...C
    }
    passives {
      ...C
    }
    detractors {
      ...C
    }
  }
`;

const GROUPS: [keyof Omit<Recommend, "nps">, Key][] = [
  ["promoters", "promoters"],
  ["passives", "passives"],
  ["detractors", "detractors"],
];

export function npsFigure(id: string, recommend: Recommend, responses: Cell): FigureSpec {
  const n = shown(responses) ? responses.value : 0;
  const title = shown(recommend.nps)
    ? t("npsTitle", { nps: formatNumber(recommend.nps.value) })
    : t("npsSuppressed");
  const labels = GROUPS.map(([, key]) => t(key));
  const parts = partsOfWhole(
    GROUPS.map(([group], i) => ({ label: labels[i]!, count: recommend[group] })),
    n,
  );
  return {
    id,
    title,
    subtitle: `${baseText(responses)}; NPS = % ${t("promoters").split(" ")[0]!.toLowerCase()} − % ${t("detractors").split(" ")[0]!.toLowerCase()}`,
    description: describe(
      "barChart",
      title,
      labels.map((text, i) => [text, parts.shareTexts[i]!]),
    ),
    size: "short",
    table: {
      head: [t("value"), t("count"), t("share"), t("interval")],
      rows: [
        ...parts.rows,
        [{ text: "NPS", header: true }, countCell(recommend.nps), { text: "" }, { text: "" }],
      ],
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: parts.bars,
        valueLabels: parts.shareTexts,
        colours: GROUP_COLOURS,
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
