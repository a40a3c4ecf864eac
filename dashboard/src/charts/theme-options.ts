// The options of one discussion theme, most named first, as shares of respondents with intervals.
import {
  type Cell,
  countCell,
  intervalCell,
  shareBar,
  shareCell,
  shareInterval,
  shareText,
} from "../cells";
import type { FigureSpec } from "../figure";
import { formatPercent, label, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";
import { baseText } from "./rating-distribution";

export interface OptionStat {
  code: string;
  labelPl: string;
  labelEn: string;
  count: Cell;
  share: Cell;
}

export interface ThemeSummary {
  theme: string;
  labelPl: string;
  labelEn: string;
  options: OptionStat[];
  otherCount: Cell;
}

export function themeOptionsFigure(summary: ThemeSummary, responses: Cell): FigureSpec {
  const options = [...summary.options].sort(
    (a, b) => (b.count.value ?? -1) - (a.count.value ?? -1),
  );
  const themeName = label(summary);
  const top = options.find((o) => !o.count.suppressed && (o.count.value ?? 0) > 0);
  const title = top
    ? t("topOptionsTitle", { theme: themeName, top: label(top) })
    : `${themeName}: ${t("noData")}`;
  const labels = options.map(label);
  return {
    id: `options-${summary.theme.toLowerCase()}`,
    title,
    subtitle: baseText(responses),
    description: describe(
      "barChart",
      title,
      options.map((o, i) => [labels[i]!, shareText(o.share)]),
    ),
    size: "tall",
    table: {
      head: [t("option"), t("count"), t("share"), t("interval")],
      rows: [
        ...options.map((o, i) => [
          { text: labels[i]!, header: true },
          countCell(o.count),
          shareCell(o.share),
          intervalCell(shareInterval(o.count, responses), true),
        ]),
        [
          { text: t("other"), header: true },
          countCell(summary.otherCount),
          { text: "" },
          { text: "" },
        ],
      ],
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: options.map((o) => shareBar(o.share, shareInterval(o.count, responses))),
        valueLabels: options.map((o) => shareText(o.share)),
        horizontal: true,
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
