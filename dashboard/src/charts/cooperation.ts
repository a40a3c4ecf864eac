// "Do you intend to cooperate with a social economy entity?": yes, no, don't know.
import { type Cell, shareText, shown } from "../cells";
import { type FigureSpec, minGroup } from "../figure";
import { formatPercent, type Key, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";
import { partsOfWhole } from "./parts";

export interface Cooperation {
  yes: Cell;
  no: Cell;
  undecided: Cell;
  shareYes: Cell;
}

/** What `Cooperation` needs from a `CooperationSummary` (with `CELL_FRAGMENT`). */
export const COOPERATION_FRAGMENT = /* GraphQL */ `
  fragment Cooperation on CooperationSummary {
    yes {
      ...C
    }
    no {
      ...C
    }
    undecided {
      ...C
    }
    shareYes {
      ...C
    }
  }
`;

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
  const answers = ANSWERS.map(([answer]) => cooperation[answer]);
  const n = answers.every(shown)
    ? answers.reduce((sum, c) => sum + c.value!, 0)
    : shown(responses)
      ? responses.value
      : 0;
  const title = shown(cooperation.shareYes)
    ? t("cooperationTitle", { share: shareText(cooperation.shareYes) })
    : t("cooperationSuppressed");
  const labels = ANSWERS.map(([, key]) => t(key));
  const parts = partsOfWhole(
    ANSWERS.map(([answer], i) => ({ label: labels[i]!, count: cooperation[answer] })),
    n,
  );
  return {
    id,
    title,
    subtitle: n
      ? `${t("base", { n })} ${t("respondents")}`
      : t("baseSuppressed", { k: minGroup() }),
    description: describe(
      "barChart",
      title,
      labels.map((text, i) => [text, parts.shareTexts[i]!]),
    ),
    size: "short",
    table: { head: [t("value"), t("count"), t("share"), t("interval")], rows: parts.rows },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: parts.bars,
        valueLabels: parts.shareTexts,
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
