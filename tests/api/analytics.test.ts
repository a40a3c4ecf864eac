import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerFeedbackModels } from "../../src/models/feedback/index.js";
import { rebuildFeedbackRollups } from "../../src/services/feedback/analytics-rollup.service.js";
import { attendedVisit, feedbackDb, ISSUE, type IssueData, SUBMIT } from "../support/feedback.js";
import { codeOf, NO_NOISE, Role, startTestSystem, type TestSystem } from "../support/system.js";

// A hand-checked data set, K = 5: one visit (2 stops, August 2017, PL925) with 12 attendees,
// 8 from NGOs and 4 from local government, and every one of them answers. The expected numbers
// below were worked out by hand from the answers in RESPONDENTS.
const SECTORS = [...Array(8).fill("NGO"), ...Array(4).fill("LOCAL_GOVERNMENT")] as string[];
const RESPONDENTS = [
  // overall, recommend, cooperation, NEEDS options
  [5, 10, "YES", ["NEEDS_FUNDING"]],
  [5, 10, "YES", ["NEEDS_FUNDING"]],
  [5, 9, "YES", ["NEEDS_FUNDING"]],
  [4, 9, "YES", ["NEEDS_FUNDING"]],
  [4, 8, "YES", ["NEEDS_FUNDING"]],
  [4, 7, "YES", ["NEEDS_FUNDING"]],
  [3, 6, "NO", ["NEEDS_FUNDING"]],
  [2, 3, "UNDECIDED", ["NEEDS_FUNDING"]],
  [5, 10, "YES", ["NEEDS_SOCIAL_CLAUSES", "NEEDS_FUNDING"]],
  [4, 9, "YES", ["NEEDS_SOCIAL_CLAUSES"]],
  [4, 5, "UNDECIDED", ["NEEDS_SOCIAL_CLAUSES"]],
  [3, 2, "UNDECIDED", ["NEEDS_SOCIAL_CLAUSES"]],
] as const;

const CELL = "{ value suppressed }";
const OVERVIEW = /* GraphQL */ `
  query ($filter: AnalyticsFilter) {
    analyticsOverview(filter: $filter) {
      responses ${CELL} invitationsIssued ${CELL} responseRate ${CELL}
      ratings { question responses ${CELL} mean ${CELL} distribution { value count ${CELL} share ${CELL} } }
      recommend { nps ${CELL} promoters ${CELL} passives ${CELL} detractors ${CELL} }
      cooperation { yes ${CELL} no ${CELL} undecided ${CELL} shareYes ${CELL} }
      themes { theme options { code count ${CELL} share ${CELL} } otherCount ${CELL} }
      visitsHeld ${CELL} registrations ${CELL} attended ${CELL} attendanceRate ${CELL}
      participantsBySector { group count ${CELL} }
      participantsByGender { group count ${CELL} }
    }
  }
`;
const MATRIX = /* GraphQL */ `
  query ($theme: Theme!, $by: MatrixDimension!, $filter: AnalyticsFilter) {
    themeMatrix(theme: $theme, by: $by, filter: $filter) {
      rows { key respondents ${CELL} }
      columns { code total ${CELL} }
      cells { count ${CELL} share ${CELL} }
    }
  }
`;

type Cell = { value: number | null; suppressed: boolean };
const hidden: Cell = { value: null, suppressed: true };
const shown = (value: number): Cell => ({ value, suppressed: false });

/** Every count-like Cell in a result: none may show a number from 1 to K-1. */
function countCells(value: unknown, key = ""): [string, Cell][] {
  if (Array.isArray(value)) return value.flatMap((v) => countCells(v, key));
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if ("suppressed" in record) {
    const counts =
      /^(count|responses|respondents|invitationsIssued|total|yes|no|undecided|promoters|passives|detractors|otherCount|registrations|attended|noShows|waitlisted)$/;
    return counts.test(key) ? [[key, record as Cell]] : [];
  }
  return Object.entries(record).flatMap(([k, v]) => countCells(v, k));
}

let t: TestSystem;
let visitId: string;
let analyst: string;

beforeAll(async () => {
  t = await startTestSystem({}, { ptable: NO_NOISE });
  analyst = await t.tokenFor(Role.ANALYST);
  const visit = await attendedVisit(t, { attendees: 12, stops: 2, sectors: SECTORS });
  visitId = visit.visitId;
  const issued = await t.gql<IssueData>(
    ISSUE,
    { visitId },
    { token: await t.tokenFor(Role.COORDINATOR) },
  );
  expect(issued.errors).toBeUndefined();
  for (const invitation of issued.data!.issueInvitations.invitations) {
    const i = Number(/\.(\d+)@/.exec(invitation.email)![1]);
    const [overall, recommend, cooperation, needs] = RESPONDENTS[i]!;
    const token = invitation.link.split("/").pop();
    const result = await t.gql(SUBMIT, {
      token,
      submissionId: `submission-${i}`,
      input: {
        ratings: { overall, organisation: 4 },
        stopRatings: [
          { order: 1, rating: 5 },
          { order: 2, rating: i < 6 ? 4 : 3 },
        ],
        recommend,
        cooperationIntention: cooperation,
        themes: [{ theme: "NEEDS", optionCodes: needs, otherText: i === 0 ? "Transport" : null }],
      },
    });
    expect(result.errors).toBeUndefined();
  }
});
afterAll(() => t?.close());

describe("analytics on a hand-checked data set (K = 5)", () => {
  it("gives the overview's numbers, hiding every group under 5 and what would give one away", async () => {
    // Act
    const result = await t.gql<{ analyticsOverview: Record<string, never> }>(
      OVERVIEW,
      {},
      { token: analyst },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const o = result.data!.analyticsOverview as unknown as Record<string, unknown> & {
      ratings: { question: string; mean: Cell; distribution: { value: number; count: Cell }[] }[];
      themes: { theme: string; options: { code: string; count: Cell; share: Cell }[] }[];
    };
    expect(o["responses"]).toEqual(shown(12));
    expect(o["invitationsIssued"]).toEqual(shown(12));
    expect(o["responseRate"]).toEqual(shown(1));
    const overall = o.ratings.find((r) => r.question === "OVERALL")!;
    expect(overall.mean).toEqual(shown(4)); // (32 + 16) / 12
    // Bars 1..5 are 0, 1, 2, 5, 4: the 1 and 2 are small and the 4 goes with them (the 12
    // responses are published). With the mean, x₂ + x₃ + x₅ = 7 and 2x₂ + 3x₃ + 5x₅ = 28 have
    // one solution in whole numbers (1, 2, 4), so the 5 hides too; only the 0 stays.
    expect(overall.distribution.map((b) => b.count)).toEqual([
      shown(0),
      hidden,
      hidden,
      hidden,
      hidden,
    ]);
    const recommend = o["recommend"] as Record<string, Cell>;
    expect(recommend["nps"]!.value).toBeCloseTo((100 * (6 - 4)) / 12, 10);
    // Passives (2) and detractors (4) are small; with the NPS (P − D) and the 12 responses
    // (P + Pa + D) shown, the 6 promoters would give both away, so all three groups hide.
    expect({ ...recommend, nps: undefined }).toEqual({
      nps: undefined,
      promoters: hidden, // 6
      passives: hidden, // 2
      detractors: hidden, // 4
    });
    expect(o["cooperation"]).toEqual({
      yes: shown(8),
      no: hidden,
      undecided: hidden,
      shareYes: shown(8 / 12),
    });
    const needs = o.themes.find((th) => th.theme === "NEEDS")!;
    const option = (code: string) => needs.options.find((op) => op.code === code)!;
    expect(option("NEEDS_FUNDING")).toMatchObject({ count: shown(9), share: shown(9 / 12) });
    expect(option("NEEDS_SOCIAL_CLAUSES")).toMatchObject({ count: hidden, share: hidden });
    expect(option("NEEDS_PREMISES")).toMatchObject({ count: shown(0), share: shown(0) });
    // Participation, from the visits subgraph through the same entity.
    expect(o["visitsHeld"]).toEqual(shown(0)); // still OPEN_FOR_REGISTRATION
    expect(o["registrations"]).toEqual(shown(12));
    expect(o["attended"]).toEqual(shown(12));
    expect(o["attendanceRate"]).toEqual(shown(1));
    const bySector = Object.fromEntries(
      (o["participantsBySector"] as { group: string; count: Cell }[]).map((g) => [
        g.group,
        g.count,
      ]),
    );
    // 4 local-government people are too few; NGO's 8 would reveal them (12 − 8), so both hide.
    expect(bySector["NGO"]).toEqual(hidden);
    expect(bySector["LOCAL_GOVERNMENT"]).toEqual(hidden);
    expect(bySector["BUSINESS"]).toEqual(shown(0));
    const byGender = (o["participantsByGender"] as { group: string; count: Cell }[]).find(
      (g) => g.group === "WOMAN",
    );
    expect(byGender!.count).toEqual(shown(12));
    for (const [key, cell] of countCells(result.data)) {
      expect(cell.value === null || cell.value === 0 || cell.value >= 5, key).toBe(true);
    }
  });

  it("narrows to a sector, and hides a group that is too small", async () => {
    // Act
    const ngo = await t.gql<{ analyticsOverview: { responses: Cell; ratings: { mean: Cell }[] } }>(
      OVERVIEW,
      { filter: { sectors: ["NGO"] } },
      { token: analyst },
    );
    const localGovernment = await t.gql<{
      analyticsOverview: { responses: Cell; ratings: { mean: Cell }[] };
    }>(OVERVIEW, { filter: { sectors: ["LOCAL_GOVERNMENT"] } }, { token: analyst });

    // Assert
    expect(ngo.data!.analyticsOverview.responses).toEqual(shown(8));
    expect(ngo.data!.analyticsOverview.ratings[0]!.mean).toEqual(shown(32 / 8));
    expect(localGovernment.data!.analyticsOverview.responses).toEqual(hidden);
    expect(localGovernment.data!.analyticsOverview.ratings[0]!.mean).toEqual(hidden);
  });

  it("gives a theme matrix by sector whose hidden cells can't be worked out from the totals", async () => {
    // Act
    const result = await t.gql<{
      themeMatrix: {
        rows: { key: string; respondents: Cell }[];
        columns: { code: string; total: Cell }[];
        cells: { count: Cell }[][];
      };
    }>(MATRIX, { theme: "NEEDS", by: "SECTOR" }, { token: analyst });

    // Assert
    expect(result.errors).toBeUndefined();
    const { rows, columns, cells } = result.data!.themeMatrix;
    const row = (key: string) => rows.findIndex((r) => r.key === key);
    expect(rows[row("LOCAL_GOVERNMENT")]!.respondents).toEqual(hidden);
    expect(rows[row("NGO")]!.respondents).toEqual(hidden); // 12 − 4 would give it away
    expect(rows[row("BUSINESS")]!.respondents).toEqual(shown(0));
    const funding = columns.findIndex((c) => c.code === "NEEDS_FUNDING");
    expect(columns[funding]!.total).toEqual(shown(9));
    expect(cells[row("NGO")]![funding]!.count).toEqual(hidden);
    expect(cells[row("LOCAL_GOVERNMENT")]![funding]!.count).toEqual(hidden);
    // No business respondents: a row computed from nobody shows nothing.
    expect(cells[row("BUSINESS")]![funding]!.count).toEqual(hidden);
  });

  it("follows responses and means by year", async () => {
    // Act
    const result = await t.gql<{
      responses: { period: string; value: Cell }[];
      mean: { period: string; value: Cell }[];
    }>(
      /* GraphQL */ `{
        responses: trend(measure: RESPONSES, interval: YEAR) { period value ${CELL} }
        mean: trend(measure: OVERALL_MEAN, interval: QUARTER) { period value ${CELL} }
      }`,
      {},
      { token: analyst },
    );

    // Assert
    expect(result.data!.responses).toEqual([{ period: "2017", value: shown(12) }]);
    expect(result.data!.mean).toEqual([{ period: "2017-Q3", value: shown(4) }]);
  });

  it("summarises the visit with per-stop usefulness; free text only for coordinators", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          feedbackSummary {
            responses ${CELL}
            stops { order mean ${CELL} }
            otherAnswers { theme text }
          }
        }
      }
    `;

    // Act
    const asAnalyst = await t.gql<{ visit: { feedbackSummary: Record<string, unknown> } }>(
      query,
      { id: visitId },
      { token: analyst },
    );
    const asCoordinator = await t.gql<{ visit: { feedbackSummary: Record<string, unknown> } }>(
      query,
      { id: visitId },
      {
        token: await t.tokenFor(Role.COORDINATOR),
      },
    );

    // Assert
    expect(asCoordinator.errors).toBeUndefined();
    expect(asCoordinator.data!.visit.feedbackSummary).toEqual({
      responses: shown(12),
      stops: [
        { order: 1, mean: shown(5) },
        { order: 2, mean: shown((6 * 4 + 6 * 3) / 12) },
      ],
      otherAnswers: [{ theme: "NEEDS", text: "Transport" }],
    });
    expect(codeOf(asAnalyst)).toBe("FORBIDDEN");
    expect(asAnalyst.data!.visit.feedbackSummary["otherAnswers"]).toBeNull();
    expect(asAnalyst.data!.visit.feedbackSummary["responses"]).toEqual(shown(12));
  });

  it("refuses anonymous callers and a filter with an unknown subregion", async () => {
    // Act
    const anonymous = await t.gql(OVERVIEW, {});
    const unknown = await t.gql(
      OVERVIEW,
      { filter: { subregions: ["PL999"] } },
      { token: analyst },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(unknown)).toBe("BAD_USER_INPUT");
    expect(unknown.errors![0]!.extensions!["field"]).toBe("filter.subregions");
  });
});

describe("rollups", () => {
  it("count every one of many responses sent at once to the same rollup cell", async () => {
    // Arrange: eight people of one sector on a visit in a month nobody has answered for yet.
    const visit = await attendedVisit(t, {
      attendees: 8,
      stops: 1,
      sectors: ["SOCIAL_ECONOMY_ENTITY"],
    });
    const issued = await t.gql<IssueData>(
      ISSUE,
      { visitId: visit.visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    const tokens = issued.data!.issueInvitations.invitations.map((i) => i.link.split("/").pop());

    // Act
    const results = await Promise.all(
      tokens.map((token, i) =>
        t.gql(SUBMIT, {
          token,
          submissionId: `together-${i}`,
          input: {
            ratings: { overall: 4, organisation: 4 },
            stopRatings: [{ order: 1, rating: 4 }],
            recommend: 10,
            cooperationIntention: "YES",
            themes: [],
          },
        }),
      ),
    );

    // Assert
    expect(results.map((r) => r.errors)).toEqual(tokens.map(() => undefined));
    const summary = await t.gql<{ visit: { feedbackSummary: { responses: Cell } } }>(
      /* GraphQL */ `query ($id: ID!) { visit(id: $id) { feedbackSummary { responses ${CELL} } } }`,
      { id: visit.visitId },
      { token: analyst },
    );
    expect(summary.data!.visit.feedbackSummary.responses).toEqual(shown(8));
  });

  it("rebuilt from the raw data equal the ones kept up to date, after a new form version and an erasure", async () => {
    // Arrange: a second form version with fewer options, a visit answered on it, one erasure.
    const coordinator = await t.tokenFor(Role.COORDINATOR);
    const published = await t.gql(
      /* GraphQL */ `
        mutation {
          publishFeedbackForm(
            input: {
              programme: "Koordynacja ekonomii społecznej na Mazowszu"
              themes: [
                { theme: NEEDS, optionCodes: ["NEEDS_FUNDING"] }
                { theme: SUPPORT, optionCodes: ["SUPPORT_OWES_ADVISORY"] }
                { theme: STRENGTHENING, optionCodes: ["STRENGTHEN_NETWORKING"] }
              ]
            }
          ) {
            version
          }
        }
      `,
      {},
      { token: coordinator },
    );
    expect(published.errors).toBeUndefined();
    const second = await attendedVisit(t, { attendees: 6, stops: 1, sectors: ["BUSINESS"] });
    const issued = await t.gql<IssueData>(
      ISSUE,
      { visitId: second.visitId },
      { token: coordinator },
    );
    for (const [i, invitation] of issued.data!.issueInvitations.invitations.entries()) {
      const sent = await t.gql(SUBMIT, {
        token: invitation.link.split("/").pop(),
        submissionId: `second-${i}`,
        input: {
          ratings: { overall: 3, organisation: 5 },
          stopRatings: [{ order: 1, rating: 4 }],
          recommend: 8,
          cooperationIntention: "NO",
          themes: [{ theme: "NEEDS", optionCodes: ["NEEDS_FUNDING"] }],
        },
      });
      expect(sent.errors).toBeUndefined();
    }
    const [victim] = await feedbackDb(t)
      .collection("feedbackResponses")
      .find({ visitId })
      .limit(1)
      .toArray();
    const erased = await t.gql<{ eraseFeedbackResponse: boolean }>(
      /* GraphQL */ `
        mutation ($id: ID!) {
          eraseFeedbackResponse(id: $id)
        }
      `,
      { id: victim!._id },
      { token: await t.tokenFor(Role.ADMIN) },
    );
    expect(erased.data!.eraseFeedbackResponse).toBe(true);
    const snapshot = async () =>
      Promise.all(
        ["feedbackRollups", "visitFeedbackRollups"].map(async (name) =>
          (
            await feedbackDb(t)
              .collection(name)
              .find({}, { projection: { _id: 0 } })
              .toArray()
          )
            .map((doc) => JSON.stringify(sortKeys(doc)))
            .sort(),
        ),
      );
    const incremental = await snapshot();

    // Act
    const db = t.system.database!.connection.useDb(`${t.config.dbName}_feedback`, {
      useCache: true,
    });
    const counted = await rebuildFeedbackRollups(registerFeedbackModels(db));

    // Assert
    // The 12 of the hand-checked set, less the erased one, the 8 sent at once, and these 6.
    expect(counted.responses).toBe(12 - 1 + 8 + 6);
    expect(await snapshot()).toEqual(incremental);
    const overview = await t.gql<{ analyticsOverview: { responses: Cell } }>(
      OVERVIEW,
      {},
      { token: analyst },
    );
    expect(overview.data!.analyticsOverview.responses).toEqual(shown(25));
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      // A counter that went back to 0 (an erasure) and one never created mean the same.
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
