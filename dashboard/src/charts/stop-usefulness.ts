// How useful participants found each stop of a visit's programme (mean of 1–5, with intervals).
import { type Cell, intervalCell, meanCell, meanText, shown } from "../cells";
import type { FigureSpec } from "../figure";
import { formatNumber, t } from "../i18n";
import { meanInterval } from "../stats";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";

export interface StopRating {
  order: number;
  name: string;
  mean: Cell;
  distribution: { value: number; count: Cell }[];
}

export function stopUsefulnessFigure(stops: StopRating[]): FigureSpec {
  const best = [...stops]
    .filter((s) => shown(s.mean))
    .sort((a, b) => b.mean.value! - a.mean.value!)[0];
  const title = best ? t("stopsTitle", { top: best.name }) : t("stopsSuppressed");
  const labels = stops.map((s) => `${s.order}. ${s.name}`);
  const intervals = stops.map((s) =>
    meanInterval(
      s.distribution.map((b) => ({ value: b.value, count: shown(b.count) ? b.count.value : null })),
    ),
  );
  return {
    id: "stop-usefulness",
    title,
    subtitle: `${t("mean")} (1–5)`,
    description: describe(
      "barChart",
      title,
      stops.map((s, i) => [labels[i]!, meanText(s.mean)]),
    ),
    size: "medium",
    table: {
      head: [t("stop"), t("mean"), t("interval")],
      rows: stops.map((s, i) => [
        { text: labels[i]!, header: true },
        meanCell(s.mean),
        intervalCell(intervals[i], false),
      ]),
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: stops.map((s, i) =>
          shown(s.mean)
            ? {
                value: s.mean.value,
                suppressed: false,
                low: intervals[i]?.low,
                high: intervals[i]?.high,
              }
            : { value: null, suppressed: true },
        ),
        valueLabels: stops.map((s) => meanText(s.mean)),
        horizontal: true,
        max: 5,
        tick: (v) => formatNumber(v, 0),
      }),
  };
}
