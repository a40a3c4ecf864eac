import type { Delimiter, Table } from "./write.js";

export interface ExportRequest {
  filter: {
    from: string | null;
    to: string | null;
    subregions: string[] | null;
    sectors: string[] | null;
    programme: string | null;
    visitId: string | null;
  };
  theme: string;
  by: string;
  measure: string;
  interval: string;
  delimiter: Delimiter;
  lang: "pl" | "en";
}

interface CellValue {
  value: number | null;
  suppressed: boolean;
}

interface ExportTable {
  query: string;
  variables(request: ExportRequest): Record<string, unknown>;
  render(data: Record<string, unknown>, request: ExportRequest): Table;
}

const CELL = "{ value suppressed }";

const text = (lang: "pl" | "en", pl: string, en: string) => (lang === "pl" ? pl : en);
const value = (cell: CellValue | null | undefined) =>
  cell && !cell.suppressed ? cell.value : null;
const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

function notes(request: ExportRequest): string[] {
  const { lang, filter } = request;
  const used = Object.entries(filter)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : v}`);
  return [
    text(
      lang,
      "Puste pole: dane ukryte, bo dotyczą zbyt małej grupy respondentów (ochrona tajemnicy statystycznej).",
      "Empty cell: suppressed, because it describes too small a group of respondents.",
    ),
    text(
      lang,
      "Liczby osób są lekko zaburzone (najwyżej o 2, zawsze tak samo dla tej samej grupy), by odejmowanie zestawień nie ujawniało małych grup; części mogą nie sumować się dokładnie do sum.",
      "Counts of people are slightly perturbed (by at most 2, always the same for the same group) so that subtracting tables cannot reveal a small group; parts may not add up exactly to totals.",
    ),
    `${text(lang, "Filtry", "Filters")}: ${used.length ? used.join(", ") : text(lang, "brak", "none")}`,
  ];
}

interface Overview {
  analyticsOverview: {
    visitsHeld: CellValue;
    registrations: CellValue;
    attended: CellValue;
    attendanceRate: CellValue;
    invitationsIssued: CellValue;
    responses: CellValue;
    responseRate: CellValue;
    ratings: { question: string; mean: CellValue }[];
    recommend: { nps: CellValue };
    cooperation: { shareYes: CellValue };
    participantsBySector: { group: string; labelPl: string; labelEn: string; count: CellValue }[];
    participantsByGender: { group: string; labelPl: string; labelEn: string; count: CellValue }[];
    themes: {
      theme: string;
      options: {
        code: string;
        labelPl: string;
        labelEn: string;
        count: CellValue;
        share: CellValue;
      }[];
    }[];
  };
}

/** The tables the dashboard shows, by the name in `/exports/<name>.<format>`. */
export const TABLES: Record<string, ExportTable> = {
  overview: {
    query: /* GraphQL */ `
      query ExportOverview($filter: AnalyticsFilter) {
        analyticsOverview(filter: $filter) {
          visitsHeld ${CELL} registrations ${CELL} attended ${CELL} attendanceRate ${CELL}
          invitationsIssued ${CELL} responses ${CELL} responseRate ${CELL}
          ratings { question mean ${CELL} }
          recommend { nps ${CELL} }
          cooperation { shareYes ${CELL} }
        }
      }
    `,
    variables: (request) => ({ filter: request.filter }),
    render(data, request) {
      const o = (data as unknown as Overview).analyticsOverview;
      const l = request.lang;
      const rows: [string, CellValue][] = [
        [text(l, "Wizyty zrealizowane", "Visits held"), o.visitsHeld],
        [text(l, "Zgłoszenia", "Registrations"), o.registrations],
        [text(l, "Uczestnicy (obecni)", "Participants (attended)"), o.attended],
        [text(l, "Frekwencja", "Attendance rate"), o.attendanceRate],
        [text(l, "Wysłane zaproszenia do ankiety", "Invitations issued"), o.invitationsIssued],
        [text(l, "Odpowiedzi", "Responses"), o.responses],
        [text(l, "Stopa zwrotu ankiet", "Response rate"), o.responseRate],
        ...o.ratings.map((r): [string, CellValue] => [
          `${text(l, "Średnia ocena", "Mean rating")}: ${r.question}`,
          r.mean,
        ]),
        ["NPS", o.recommend.nps],
        [
          text(l, "Odsetek planujących współpracę z PES", "Share intending to cooperate"),
          o.cooperation.shareYes,
        ],
      ];
      return {
        title: text(l, "Podsumowanie", "Overview"),
        headers: [text(l, "Miara", "Measure"), text(l, "Wartość", "Value")],
        rows: rows.map(([name, cell]) => [name, round(value(cell))]),
        notes: notes(request),
      };
    },
  },
  participants: {
    query: /* GraphQL */ `
      query ExportParticipants($filter: AnalyticsFilter) {
        analyticsOverview(filter: $filter) {
          participantsBySector { group labelPl labelEn count ${CELL} }
          participantsByGender { group labelPl labelEn count ${CELL} }
        }
      }
    `,
    variables: (request) => ({ filter: request.filter }),
    render(data, request) {
      const o = (data as unknown as Overview).analyticsOverview;
      const l = request.lang;
      const group = (kind: string, items: Overview["analyticsOverview"]["participantsBySector"]) =>
        items.map((g) => [kind, l === "pl" ? g.labelPl : g.labelEn, value(g.count)]);
      return {
        title: text(l, "Uczestnicy", "Participants"),
        headers: [
          text(l, "Podział", "Breakdown"),
          text(l, "Grupa", "Group"),
          text(l, "Liczba", "Count"),
        ],
        rows: [
          ...group(text(l, "Sektor", "Sector"), o.participantsBySector),
          ...group(text(l, "Płeć", "Gender"), o.participantsByGender),
        ],
        notes: notes(request),
      };
    },
  },
  themes: {
    query: /* GraphQL */ `
      query ExportThemes($filter: AnalyticsFilter) {
        analyticsOverview(filter: $filter) {
          themes { theme options { code labelPl labelEn count ${CELL} share ${CELL} } }
        }
      }
    `,
    variables: (request) => ({ filter: request.filter }),
    render(data, request) {
      const o = (data as unknown as Overview).analyticsOverview;
      const l = request.lang;
      return {
        title: text(l, "Tematy dyskusji", "Discussion themes"),
        headers: [
          text(l, "Temat", "Theme"),
          text(l, "Kod", "Code"),
          text(l, "Odpowiedź", "Option"),
          text(l, "Liczba", "Count"),
          text(l, "Odsetek", "Share"),
        ],
        rows: o.themes.flatMap((t) =>
          t.options.map((opt) => [
            t.theme,
            opt.code,
            l === "pl" ? opt.labelPl : opt.labelEn,
            value(opt.count),
            round(value(opt.share)),
          ]),
        ),
        notes: notes(request),
      };
    },
  },
  "theme-matrix": {
    query: /* GraphQL */ `
      query ExportThemeMatrix($theme: Theme!, $by: MatrixDimension!, $filter: AnalyticsFilter) {
        themeMatrix(theme: $theme, by: $by, filter: $filter) {
          rows { key labelPl labelEn respondents ${CELL} }
          columns { code labelPl labelEn total ${CELL} }
          cells { count ${CELL} share ${CELL} }
        }
      }
    `,
    variables: (request) => ({ theme: request.theme, by: request.by, filter: request.filter }),
    render(data, request) {
      const m = (data as unknown as { themeMatrix: Matrix }).themeMatrix;
      const l = request.lang;
      const label = (item: { labelPl: string; labelEn: string }) =>
        l === "pl" ? item.labelPl : item.labelEn;
      return {
        title: `${request.theme} × ${request.by}`,
        headers: [
          request.by === "SECTOR" ? text(l, "Sektor", "Sector") : text(l, "Podregion", "Subregion"),
          text(l, "Respondenci", "Respondents"),
          ...m.columns.flatMap((c) => [label(c), `${label(c)} (${text(l, "odsetek", "share")})`]),
        ],
        rows: [
          ...m.rows.map((row, r) => [
            label(row),
            value(row.respondents),
            ...m.cells[r]!.flatMap((cell) => [value(cell.count), round(value(cell.share))]),
          ]),
          [text(l, "Razem", "Total"), null, ...m.columns.flatMap((c) => [value(c.total), null])],
        ],
        notes: notes(request),
      };
    },
  },
  trend: {
    query: /* GraphQL */ `
      query ExportTrend($measure: TrendMeasure!, $interval: Interval!, $filter: AnalyticsFilter) {
        trend(measure: $measure, interval: $interval, filter: $filter) {
          period value ${CELL} base ${CELL}
        }
      }
    `,
    variables: (request) => ({
      measure: request.measure,
      interval: request.interval,
      filter: request.filter,
    }),
    render(data, request) {
      const points = (
        data as unknown as { trend: { period: string; value: CellValue; base: CellValue }[] }
      ).trend;
      const l = request.lang;
      return {
        title: `${request.measure} (${request.interval})`,
        headers: [
          text(l, "Okres", "Period"),
          request.measure,
          text(l, "Liczba odpowiedzi", "Responses"),
        ],
        rows: points.map((p) => [p.period, round(value(p.value)), value(p.base)]),
        notes: notes(request),
      };
    },
  },
};

interface Matrix {
  rows: { key: string; labelPl: string; labelEn: string; respondents: CellValue }[];
  columns: { code: string; labelPl: string; labelEn: string; total: CellValue }[];
  cells: { count: CellValue; share: CellValue }[][];
}
