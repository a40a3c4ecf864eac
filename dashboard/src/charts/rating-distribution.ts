// The answers to one rating question (1–5): share of each value with its interval, and the mean.
import {
  type Cell,
  countCell,
  intervalCell,
  intervalText,
  meanCell,
  meanText,
  shareBar,
  shareCell,
  shareInterval,
  shareText,
  shown,
} from "../cells";
import { type FigureSpec, minGroup } from "../figure";
import { formatNumber, formatPercent, type Key, t } from "../i18n";
import { meanInterval } from "../stats";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";

export interface Bar {
  value: number;
  count: Cell;
  share: Cell;
}

export interface Rating {
  question: string;
  responses: Cell;
  mean: Cell;
  distribution: Bar[];
}

/** What `Rating` needs from a `RatingSummary` (with `CELL_FRAGMENT`). */
export const RATING_FRAGMENT = /* GraphQL */ `
  fragment Rating on RatingSummary {
    question
    responses {
      ...C
    }
    mean {
      ...C
    }
    distribution {
      value
      count {
        ...C
      }
      share {
        ...C
      }
    }
  }
`;

/** The subtitle's base: "n = 123 respondents", or "n < K" when the base itself is hidden. */
export function baseText(responses: Cell): string {
  return shown(responses)
    ? `${t("base", { n: formatNumber(responses.value) })} ${t("respondents")}`
    : t("baseSuppressed", { k: minGroup() });
}

export function ratingFigure(id: string, rating: Rating, questionKey?: Key): FigureSpec {
  const question = t(questionKey ?? (`rating${rating.question}` as Key));
  const title = shown(rating.mean)
    ? t("ratingFinding", { question, mean: meanText(rating.mean) })
    : t("ratingFindingSuppressed", { question });
  const interval = meanInterval(
    rating.distribution.map((b) => ({
      value: b.value,
      count: shown(b.count) ? b.count.value : null,
    })),
  );
  const n = shown(rating.responses) ? rating.responses.value : 0;
  const bars = rating.distribution;
  const meanLine = shown(rating.mean)
    ? `; ${t("mean").toLowerCase()} ${meanText(rating.mean)}${interval ? ` (${t("interval")}: ${intervalText(interval, false)})` : ""}`
    : "";
  return {
    id,
    title,
    subtitle: baseText(rating.responses) + meanLine,
    description: describe(
      "barChart",
      title,
      bars.map((b) => [`${t("ratingValue")} ${b.value}`, shareText(b.share)]),
    ),
    size: "short",
    table: {
      head: [t("ratingValue"), t("count"), t("share"), t("interval")],
      rows: [
        ...bars.map((b) => [
          { text: String(b.value), csv: b.value, header: true },
          countCell(b.count),
          shareCell(b.share),
          intervalCell(shareInterval(b.count, n), true),
        ]),
        [
          { text: t("mean"), header: true },
          meanCell(rating.mean),
          { text: "" },
          intervalCell(interval, false),
        ],
      ],
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels: bars.map((b) => String(b.value)),
        values: bars.map((b) => {
          const i = shareInterval(b.count, n);
          return shareBar(b.share, i);
        }),
        valueLabels: bars.map((b) => shareText(b.share)),
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
