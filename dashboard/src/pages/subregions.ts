// Subregions: a choropleth of the nine subregions beside a ranked bar chart of the same measure;
// choosing a subregion on either adds it to (or removes it from) the page's filter.
import { graphql } from "../api";
import { intervalCell, intervalText } from "../cells";
import { CELL_FRAGMENT } from "../cells";
import { describe } from "../charts/describe";
import { intervalNote, suppressionNote } from "../charts/notes";
import { renderSubregionMap } from "../charts/subregion-map";
import { rank, type RankedSubregion, renderSubregionRanking } from "../charts/subregion-ranking";
import { selectField } from "../controls";
import { el } from "../dom";
import { figure, setMinGroup, type TableCell } from "../figure";
import { lang, t } from "../i18n";
import { type Analytics, measureOf, MEASURES, valueText } from "../measures";
import type { Page } from "../page";
import { apiFilter } from "../state";

interface SubregionsData {
  analyticsMinGroup: number;
  subregions: { code: string; name: string; nameEn: string; analytics: Analytics }[];
  selection: Analytics;
}

const subregions: Page = async ({ view, main, go }) => {
  const measure = measureOf(view.options.measure);
  const query = /* GraphQL */ `
    query Subregions($filter: AnalyticsFilter) {
      analyticsMinGroup
      subregions { code name nameEn analytics(filter: $filter) { ${measure.fields} } }
      selection: analyticsOverview(filter: $filter) { ${measure.fields} }
    }
    ${CELL_FRAGMENT}
  `;
  const data = await graphql<SubregionsData>(query, { filter: apiFilter(view.filters) });
  setMinGroup(data.analyticsMinGroup);
  const measureName = t(measure.label);
  const selected = new Set(view.filters.subregions);
  const toggle = (code: string) => {
    const next = selected.has(code) ? [...selected].filter((c) => c !== code) : [...selected, code];
    go({ ...view, filters: { ...view.filters, subregions: next.sort() } });
  };

  main.append(el("h1", {}, t("subregionsTitle")));
  const controls = el("div", { class: "page-controls" });
  const field = selectField(
    "measure",
    t("measure"),
    MEASURES.map((m) => ({ value: m.code, label: t(m.label) })),
    measure.code,
    (value) => go({ ...view, options: { ...view.options, measure: value } }),
  );
  controls.append(field, el("p", {}, t("chooseSubregion")));
  main.append(controls);

  const rows: RankedSubregion[] = data.subregions.map((s) => {
    const cell = measure.value(s.analytics);
    return {
      code: s.code,
      name: lang() === "pl" ? s.name : s.nameEn,
      cell,
      interval: measure.interval?.(s.analytics),
      text: valueText(measure, cell),
      selected: selected.has(s.code),
    };
  });
  const ranked = rank(rows);
  const top = ranked[0];
  const selection = measure.value(data.selection);
  const selectionInterval = measure.interval?.(data.selection);
  const selectedNames = rows.filter((r) => r.selected).map((r) => r.name);
  const summary = selectedNames.length
    ? `${t("selectedSubregions", { list: selectedNames.join(", ") })}: ${valueText(measure, selection)}`
    : `${t("total")}: ${valueText(measure, selection)}`;
  const subtitle = `${summary}${selectionInterval ? ` (${t("interval")}: ${intervalText(selectionInterval, measure.kind === "share")})` : ""}`;
  const table = {
    head: [t("subregion"), "NUTS", measureName, t("interval")],
    rows: ranked.map((row): TableCell[] => [
      { text: row.selected ? `${row.name} ✓` : row.name, csv: row.name, header: true },
      { text: row.code },
      {
        text: row.text,
        csv: row.cell.suppressed || row.cell.value === null ? row.text : row.cell.value,
        numeric: true,
        suppressed: row.cell.suppressed,
      },
      intervalCell(row.interval, measure.kind === "share"),
    ]),
  };
  const items = ranked.map((row): [string, string] => [row.name, row.text]);
  const mapTitle =
    top && !top.cell.suppressed
      ? t("mapTitle", { measure: measureName, top: top.name })
      : measureName;
  const notes = [suppressionNote(), ...(measure.interval ? [intervalNote()] : [])];
  const grid = el("div", { class: "figures" });
  grid.append(
    figure({
      id: `map-${measure.code.toLowerCase()}`,
      title: mapTitle,
      subtitle,
      description: `${t("mapAlt", { measure: measureName })} ${describe("mapChart", mapTitle, items)}`,
      table,
      size: "map",
      notes,
      draw: (canvas) =>
        renderSubregionMap(
          canvas,
          rows.map((row) => ({ ...row, value: row.cell.suppressed ? null : row.cell.value })),
          toggle,
          (v) => valueText(measure, { value: v, suppressed: false }),
        ),
    }),
    figure({
      id: `ranking-${measure.code.toLowerCase()}`,
      title: t("rankingTitle", { measure: measureName }),
      subtitle,
      description: describe("barChart", t("rankingTitle", { measure: measureName }), items),
      table,
      size: "map",
      notes,
      draw: (canvas) => renderSubregionRanking(canvas, measure, rows, toggle),
    }),
  );
  main.append(grid);
};

export default subregions;
