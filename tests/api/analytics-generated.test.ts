import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemo } from "../../src/seed/index.js";
import { feedbackDb } from "../support/feedback.js";
import { NO_NOISE, Role, startTestSystem, type TestSystem } from "../support/system.js";

// The demo data set (about 1,400 responses across nine subregions and seven years) compared
// with a naive recomputation from the raw responses, for several filters.
type Cell = { value: number | null; suppressed: boolean };
interface Raw {
  subregion: string;
  sector: string;
  visitMonth: string;
  answers: {
    ratings: { overall: number };
    recommend: number;
    cooperationIntention: string;
    themes: { theme: string; optionCodes: string[] }[];
  };
}

const K = 5;
let t: TestSystem;
let raw: Raw[];
let token: string;

beforeAll(async () => {
  t = await startTestSystem({}, { ptable: NO_NOISE });
  await seedDemo(t.system.database!, t.config, { today: new Date("2026-06-01T12:00:00Z") });
  raw = (await feedbackDb(t)
    .collection("feedbackResponses")
    .find({})
    .toArray()) as unknown as Raw[];
  token = await t.tokenFor(Role.ANALYST);
});
afterAll(() => t?.close());

const FILTERS: [string, Record<string, unknown>, (r: Raw) => boolean][] = [
  ["everything", {}, () => true],
  ["one subregion", { subregions: ["PL925"] }, (r) => r.subregion === "PL925"],
  [
    "two sectors",
    { sectors: ["NGO", "BUSINESS"] },
    (r) => r.sector === "NGO" || r.sector === "BUSINESS",
  ],
  [
    "whole years",
    { from: "2022-01-01", to: "2023-12-31" },
    (r) => r.visitMonth >= "2022-01" && r.visitMonth <= "2023-12",
  ],
  [
    "months",
    { from: "2023-04-10", to: "2024-02-01" },
    (r) => r.visitMonth >= "2023-04" && r.visitMonth <= "2024-02",
  ],
  [
    "small group",
    { subregions: ["PL911"], sectors: ["OTHER"], from: "2024-01-01", to: "2024-06-30" },
    (r) =>
      r.subregion === "PL911" &&
      r.sector === "OTHER" &&
      r.visitMonth >= "2024-01" &&
      r.visitMonth <= "2024-06",
  ],
];

function expectCell(cell: Cell, expected: number, base: number): void {
  if (base < K) expect(cell).toEqual({ value: null, suppressed: true });
  else expect(cell.value).toBeCloseTo(expected, 9);
}

describe("analytics on generated data", () => {
  it.each(FILTERS)(
    "match a naive recomputation from raw responses: %s",
    async (_name, filter, keep) => {
      // Arrange
      const rows = raw.filter(keep);
      const n = rows.length;
      const yes = rows.filter((r) => r.answers.cooperationIntention === "YES").length;
      const promoters = rows.filter((r) => r.answers.recommend >= 9).length;
      const detractors = rows.filter((r) => r.answers.recommend <= 6).length;
      const mean = rows.reduce((s, r) => s + r.answers.ratings.overall, 0) / Math.max(n, 1);
      const chose = (code: string) =>
        rows.filter((r) => r.answers.themes.some((th) => th.optionCodes.includes(code))).length;

      // Act
      const result = await t.gql<{
        analyticsOverview: {
          responses: Cell;
          ratings: { question: string; mean: Cell }[];
          recommend: { nps: Cell };
          cooperation: { shareYes: Cell };
          themes: { theme: string; options: { code: string; count: Cell }[] }[];
        };
      }>(
        /* GraphQL */ `
          query ($filter: AnalyticsFilter) {
            analyticsOverview(filter: $filter) {
              responses {
                value
                suppressed
              }
              ratings {
                question
                mean {
                  value
                  suppressed
                }
              }
              recommend {
                nps {
                  value
                  suppressed
                }
              }
              cooperation {
                shareYes {
                  value
                  suppressed
                }
              }
              themes {
                theme
                options {
                  code
                  count {
                    value
                    suppressed
                  }
                }
              }
            }
          }
        `,
        { filter },
        { token },
      );

      // Assert
      expect(result.errors).toBeUndefined();
      const o = result.data!.analyticsOverview;
      if (n > 0) expectCell(o.responses, n, n);
      expectCell(o.ratings.find((r) => r.question === "OVERALL")!.mean, mean, n);
      expectCell(o.recommend.nps, (100 * (promoters - detractors)) / Math.max(n, 1), n);
      expectCell(o.cooperation.shareYes, yes / Math.max(n, 1), n);
      for (const theme of o.themes) {
        for (const option of theme.options) {
          const count = chose(option.code);
          if (n < K || (count > 0 && count < K))
            expect(option.count.suppressed, option.code).toBe(true);
          else expect(option.count.value, option.code).toBe(count);
        }
      }
    },
  );

  it("gives a theme matrix by subregion whose shown numbers are the naive counts", async () => {
    // Arrange
    const rows = raw.filter((r) => r.visitMonth >= "2022-01" && r.visitMonth <= "2023-12");
    const subregions = [...new Set(raw.map((r) => r.subregion))].sort();
    const chose = (subregion: string, code: string) =>
      rows.filter(
        (r) =>
          r.subregion === subregion &&
          r.answers.themes.some((th) => th.theme === "NEEDS" && th.optionCodes.includes(code)),
      ).length;

    // Act
    const result = await t.gql<{
      themeMatrix: {
        rows: { key: string; respondents: Cell }[];
        columns: { code: string; total: Cell }[];
        cells: { count: Cell; share: Cell }[][];
      };
    }>(
      /* GraphQL */ `
        query ($filter: AnalyticsFilter) {
          themeMatrix(theme: NEEDS, by: SUBREGION, filter: $filter) {
            rows {
              key
              respondents {
                value
                suppressed
              }
            }
            columns {
              code
              total {
                value
                suppressed
              }
            }
            cells {
              count {
                value
                suppressed
              }
              share {
                value
                suppressed
              }
            }
          }
        }
      `,
      { filter: { from: "2022-01-01", to: "2023-12-31" } },
      { token },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const matrix = result.data!.themeMatrix;
    expect(matrix.rows.map((r) => r.key)).toEqual(expect.arrayContaining(subregions));
    matrix.rows.forEach((row, r) => {
      const respondents = rows.filter((x) => x.subregion === row.key).length;
      if (respondents > 0 && respondents < K) expect(row.respondents.suppressed).toBe(true);
      if (!row.respondents.suppressed) expect(row.respondents.value).toBe(respondents);
      matrix.columns.forEach((column, c) => {
        const cell = matrix.cells[r]![c]!;
        const count = chose(row.key, column.code);
        if (respondents < K || (count > 0 && count < K)) {
          expect(cell.count.suppressed, `${row.key} ${column.code}`).toBe(true);
        }
        if (!cell.count.suppressed) {
          expect(cell.count.value).toBe(count);
          // Every demo response answered the one form version, which offers every option.
          expect(cell.share.value).toBeCloseTo(count / respondents, 9);
        }
      });
    });
    matrix.columns.forEach((column) => {
      const total = rows.filter((r) =>
        r.answers.themes.some((th) => th.theme === "NEEDS" && th.optionCodes.includes(column.code)),
      ).length;
      if (!column.total.suppressed) expect(column.total.value).toBe(total);
    });
  });

  it("gives quarterly means of a naive recomputation, hidden where a quarter has fewer than K", async () => {
    // Arrange
    const quarterOf = (month: string) =>
      `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
    const byQuarter = new Map<string, number[]>();
    for (const r of raw.filter((x) => x.subregion === "PL925")) {
      const q = quarterOf(r.visitMonth);
      byQuarter.set(q, [...(byQuarter.get(q) ?? []), r.answers.ratings.overall]);
    }

    // Act
    const result = await t.gql<{ trend: { period: string; value: Cell; base: Cell }[] }>(
      /* GraphQL */ `
        {
          trend(measure: OVERALL_MEAN, interval: QUARTER, filter: { subregions: ["PL925"] }) {
            period
            value {
              value
              suppressed
            }
            base {
              value
              suppressed
            }
          }
        }
      `,
      {},
      { token },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const points = result.data!.trend;
    expect(points.map((p) => p.period)).toEqual([...byQuarter.keys()].sort());
    for (const point of points) {
      const ratings = byQuarter.get(point.period)!;
      const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
      expectCell(point.value, mean, ratings.length);
      if (ratings.length < K) expect(point.base.suppressed).toBe(true);
      if (!point.base.suppressed) expect(point.base.value).toBe(ratings.length);
    }
  });

  it("gives the responses per year of a naive count", async () => {
    // Arrange
    const perYear = new Map<string, number>();
    for (const r of raw)
      perYear.set(r.visitMonth.slice(0, 4), (perYear.get(r.visitMonth.slice(0, 4)) ?? 0) + 1);

    // Act
    const result = await t.gql<{ trend: { period: string; value: Cell }[] }>(
      /* GraphQL */ `
        {
          trend(measure: RESPONSES, interval: YEAR) {
            period
            value {
              value
              suppressed
            }
          }
        }
      `,
      {},
      { token },
    );

    // Assert
    expect(result.data!.trend.map((p) => [p.period, p.value.value])).toEqual(
      [...perYear.entries()].sort().map(([year, count]) => [year, count]),
    );
  });
});
