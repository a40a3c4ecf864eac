// Needs and support: the three closing-discussion themes by option, by sector and by subregion.
import { graphql } from "../api";
import type { Cell } from "../cells";
import { CELL_FRAGMENT } from "../cells";
import { heatTableFigure, optionAcrossRowsFigure, type ThemeMatrix } from "../charts/theme-matrix";
import { themeOptionsFigure, type ThemeSummary } from "../charts/theme-options";
import { selectField } from "../controls";
import { el } from "../dom";
import { figure, setMinGroup } from "../figure";
import { type Key, label, t } from "../i18n";
import type { Page } from "../page";
import { apiFilter } from "../state";

const THEMES = ["NEEDS", "SUPPORT", "STRENGTHENING"] as const;

const MATRIX =
  "rows { key labelPl labelEn respondents { ...C } } columns { code labelPl labelEn total { ...C } } cells { count { ...C } share { ...C } }";

const NEEDS = /* GraphQL */ `
  query Needs($filter: AnalyticsFilter, $theme: Theme!) {
    analyticsMinGroup
    analyticsOverview(filter: $filter) {
      responses { ...C }
      themes { theme labelPl labelEn options { code labelPl labelEn count { ...C } share { ...C } } otherCount { ...C } }
    }
    bySector: themeMatrix(filter: $filter, by: SECTOR, theme: $theme) { ${MATRIX} }
    bySubregion: themeMatrix(filter: $filter, by: SUBREGION, theme: $theme) { ${MATRIX} }
  }
  ${CELL_FRAGMENT}
`;

interface NeedsData {
  analyticsMinGroup: number;
  analyticsOverview: { responses: Cell; themes: ThemeSummary[] };
  bySector: ThemeMatrix;
  bySubregion: ThemeMatrix;
}

const needs: Page = async ({ view, main, go }) => {
  const theme = THEMES.find((name) => name === view.options.theme) ?? "NEEDS";
  const data = await graphql<NeedsData>(NEEDS, { filter: apiFilter(view.filters), theme });
  setMinGroup(data.analyticsMinGroup);
  const summary = data.analyticsOverview.themes.find((s) => s.theme === theme)!;
  const themeName = label(summary);
  // The option shown across sectors and subregions: the chosen one, else the most named.
  const columns = data.bySector.columns;
  const ranked = [...summary.options].sort((a, b) => (b.count.value ?? -1) - (a.count.value ?? -1));
  const optionCode = columns.some((c) => c.code === view.options.option)
    ? view.options.option!
    : ranked[0]?.code;
  const column = Math.max(
    0,
    columns.findIndex((c) => c.code === optionCode),
  );

  main.append(el("h1", {}, t("needsTitle")));
  const controls = el("div", { class: "page-controls" });
  const themeField = selectField(
    "theme",
    t("theme"),
    THEMES.map((name) => ({ value: name, label: t(`theme${name}` as Key) })),
    theme,
    (value) => go({ ...view, options: { ...view.options, theme: value, option: "" } }),
  );
  const optionField = selectField(
    "option",
    t("option"),
    columns.map((c) => ({ value: c.code, label: label(c) })),
    optionCode,
    (value) => go({ ...view, options: { ...view.options, theme, option: value } }),
  );
  controls.append(themeField, optionField);
  main.append(controls);

  const grid = el("div", { class: "figures" });
  grid.append(figure(themeOptionsFigure(summary, data.analyticsOverview.responses)));
  grid.append(
    figure(
      optionAcrossRowsFigure(
        `option-by-sector`,
        "bySectorMatrix",
        themeName,
        data.bySector,
        column,
      ),
    ),
    figure(
      optionAcrossRowsFigure(
        `option-by-subregion`,
        "bySubregionMatrix",
        themeName,
        data.bySubregion,
        column,
      ),
    ),
  );
  main.append(grid);
  main.append(
    figure(heatTableFigure(`heat-by-sector`, "bySectorMatrix", themeName, data.bySector)),
    figure(heatTableFigure(`heat-by-subregion`, "bySubregionMatrix", themeName, data.bySubregion)),
  );
};

export default needs;
