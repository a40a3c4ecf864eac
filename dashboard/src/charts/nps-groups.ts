// Net Promoter Score and its three groups, with each group's share and interval.
import {
  type Cell,
  countCell,
  intervalCell,
  shareBar,
  shareInterval,
  shareText,
  shown,
} from "../cells";
import type { FigureSpec } from "../figure";
import { formatNumber, formatPercent, type Key, t } from "../i18n";
import { GROUP_COLOURS, renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";
import { baseText } from "./rating-distribution";

export interface Recommend {
  nps: Cell;
  promoters: Cell;
  passives: Cell;
  detractors: Cell;
}

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
  const share = (count: Cell): Cell =>
    shown(count) && n
      ? { value: count.value / n, suppressed: false }
      : { value: null, suppressed: true };
  const labels = GROUPS.map(([, key]) => t(key));
  return {
    id,
    title,
    subtitle: `${baseText(responses)}; NPS = % ${t("promoters").split(" ")[0]!.toLowerCase()} − % ${t("detractors").split(" ")[0]!.toLowerCase()}`,
    description: describe(
      "barChart",
      title,
      GROUPS.map(([group], i) => [labels[i]!, shareText(share(recommend[group]))]),
    ),
    size: "short",
    table: {
      head: [t("value"), t("count"), t("share"), t("interval")],
      rows: [
        ...GROUPS.map(([group], i) => {
          const s = share(recommend[group]);
          return [
            { text: labels[i]!, header: true },
            countCell(recommend[group]),
            shown(s)
              ? { text: formatPercent(s.value, 1), csv: s.value, numeric: true }
              : countCell(s),
            intervalCell(shareInterval(recommend[group], n), true),
          ];
        }),
        [{ text: "NPS", header: true }, countCell(recommend.nps), { text: "" }, { text: "" }],
      ],
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: GROUPS.map(([group]) =>
          shareBar(share(recommend[group]), shareInterval(recommend[group], n)),
        ),
        valueLabels: GROUPS.map(([group]) => shareText(share(recommend[group]))),
        colours: GROUP_COLOURS,
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
