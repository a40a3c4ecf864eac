// A theme by sector or by subregion: the heat table of every option's share in every row, and
// one option's share across the rows as bars with intervals.
import { type Cell, intervalCell, shareBar, shareInterval, shareText, shown } from "../cells";
import { type FigureSpec, minGroup, type TableCell } from "../figure";
import { formatNumber, formatPercent, type Key, label, t } from "../i18n";
import { renderBars } from "./common";
import { describe } from "./describe";
import { intervalNote, suppressionNote } from "./notes";

export interface ThemeMatrix {
  rows: { key: string; labelPl: string; labelEn: string; respondents: Cell }[];
  columns: { code: string; labelPl: string; labelEn: string; total: Cell }[];
  cells: { count: Cell; share: Cell }[][];
}

const hidden = () => t("suppressed", { k: minGroup() });

export function heatTableFigure(
  id: string,
  titleKey: Key,
  themeName: string,
  matrix: ThemeMatrix,
): FigureSpec {
  const title = t(titleKey, { theme: themeName });
  const head = [
    titleKey === "bySectorMatrix" ? t("sector") : t("subregion"),
    "n",
    ...matrix.columns.map(label),
  ];
  // Shading relative to the largest share in the table, so the pattern shows at any level.
  const max = Math.max(
    0.0001,
    ...matrix.cells.flat().map((c) => (shown(c.share) ? c.share.value : 0)),
  );
  const rows = matrix.rows.map((row, r): TableCell[] => [
    { text: label(row), header: true },
    shown(row.respondents)
      ? { text: formatNumber(row.respondents.value), csv: row.respondents.value, numeric: true }
      : { text: hidden(), csv: hidden(), numeric: true, suppressed: true },
    ...matrix.cells[r]!.map((cell): TableCell =>
      shown(cell.share) && shown(cell.count)
        ? {
            text: `${formatPercent(cell.share.value)} (${formatNumber(cell.count.value)})`,
            csv: Math.round(cell.share.value * 10000) / 10000,
            numeric: true,
            heat: Math.min(0.999, cell.share.value / max),
          }
        : { text: hidden(), csv: hidden(), numeric: true, suppressed: true },
    ),
  ]);
  return {
    id,
    title,
    subtitle: t("matrixNote"),
    description: title,
    table: { head, rows },
    notes: [suppressionNote()],
  };
}

export function optionAcrossRowsFigure(
  id: string,
  titleKey: Key,
  themeName: string,
  matrix: ThemeMatrix,
  column: number,
): FigureSpec {
  const option = matrix.columns[column]!;
  const title = `${t(titleKey, { theme: themeName })}: ${label(option)}`;
  const labels = matrix.rows.map(label);
  const cells = matrix.rows.map((row, r) => ({ row, cell: matrix.cells[r]![column]! }));
  return {
    id,
    title,
    subtitle: `${t("share")} ${t("respondents")}; n = ${shown(option.total) ? formatNumber(option.total.value) : hidden()}`,
    description: describe(
      "barChart",
      title,
      cells.map(({ cell }, i) => [labels[i]!, shareText(cell.share)]),
    ),
    size: "tall",
    table: {
      head: [
        titleKey === "bySectorMatrix" ? t("sector") : t("subregion"),
        "n",
        t("share"),
        t("interval"),
      ],
      rows: cells.map(({ row, cell }, i) => [
        { text: labels[i]!, header: true },
        shown(row.respondents)
          ? { text: formatNumber(row.respondents.value), csv: row.respondents.value, numeric: true }
          : { text: hidden(), csv: hidden(), numeric: true, suppressed: true },
        shown(cell.share)
          ? { text: formatPercent(cell.share.value, 1), csv: cell.share.value, numeric: true }
          : { text: hidden(), csv: hidden(), numeric: true, suppressed: true },
        intervalCell(shareInterval(cell.count, row.respondents), true),
      ]),
    },
    notes: [suppressionNote(), intervalNote()],
    draw: (canvas) =>
      renderBars(canvas, {
        labels,
        values: cells.map(({ row, cell }) =>
          shareBar(cell.share, shareInterval(cell.count, row.respondents)),
        ),
        valueLabels: cells.map(({ cell }) => shareText(cell.share)),
        horizontal: true,
        max: 1,
        tick: (v) => formatPercent(v),
      }),
  };
}
