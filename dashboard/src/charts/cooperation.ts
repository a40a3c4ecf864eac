// "Do you intend to cooperate with a social economy entity?": yes, no, don't know.
import {
  type Cell,
  countCell,
  intervalCell,
  shareBar,
  shareInterval,
  shareText,
  shown,
} from "../cells";
import { type FigureSpec, minGroup } from "../figure";
import { formatPercent, type Key, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";

export interface Cooperation {
  yes: Cell;
  no: Cell;
  undecided: Cell;
  shareYes: Cell;
}

const ANSWERS: [keyof Omit<Cooperation, "shareYes">, Key][] = [
  ["yes", "yes"],
  ["no", "no"],
  ["undecided", "undecided"],
];

/** `responses` is the base when an answer is hidden: every response answers the question. */
export function cooperationFigure(
  id: string,
  cooperation: Cooperation,
  responses: Cell,
): FigureSpec {
  const parts = ANSWERS.map(([answer]) => cooperation[answer]);
  const n = parts.every(shown)
    ? parts.reduce((sum, c) => sum + c.value!, 0)
    : shown(responses)
      ? responses.value
      : 0;
  const share = (count: Cell): Cell =>
    shown(count) && n
      ? { value: count.value / n, suppressed: false }
      : { value: null, suppressed: true };
  const title = shown(cooperation.shareYes)
    ? t("cooperationTitle", { share: shareText(cooperation.shareYes) })
    : t("cooperationSuppressed");
  const labels = ANSWERS.map(([, key]) => t(key));
  return {
    id,
    title,
    subtitle: n
      ? `${t("base", { n })} ${t("respondents")}`
      : t("baseSuppressed", { k: minGroup() }),
    description: describe(
      "barChart",
      title,
      ANSWERS.map(([answer], i) => [labels[i]!, shareText(share(cooperation[answer]))]),
    ),
    size: "short",
    table: {
      head: [t("value"), t("count"), t("share"), t("interval")],
      rows: ANSWERS.map(([answer], i) => {
        const s = share(cooperation[answer]);
        return [
          { text: labels[i]!, header: true },
          countCell(cooperation[answer]),
          shown(s)
            ? { text: formatPercent(s.value, 1), csv: s.value, numeric: true }
            : countCell(s),
          intervalCell(n ? shareInterval(cooperation[answer], n) : undefined, true),
        ];
      }),
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: ANSWERS.map(([answer]) =>
          shareBar(
            share(cooperation[answer]),
            n ? shareInterval(cooperation[answer], n) : undefined,
          ),
        ),
        valueLabels: ANSWERS.map(([answer]) => shareText(share(cooperation[answer]))),
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
