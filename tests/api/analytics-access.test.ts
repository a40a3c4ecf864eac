import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  attendedVisit,
  feedbackDb,
  ISSUE,
  type IssueData,
  issueInvitations,
  postToFeedback,
  SUBMIT,
  validAnswers,
} from "../support/feedback.js";
import { codeOf, NO_NOISE, Role, startTestSystem, type TestSystem } from "../support/system.js";

// Who may read analytics, the entities other subgraphs reach them through, and a sweep of every
// Cell that every analytics operation returns. K = 3 here; one visit (PL925, August 2017) with
// 4 NGO and 2 business respondents.
const K = 3;
const CELL = "{ value suppressed }";
const OVERVIEW_FIELDS = `
  key responses ${CELL} invitationsIssued ${CELL} responseRate ${CELL}
  ratings { question responses ${CELL} mean ${CELL} distribution { value count ${CELL} share ${CELL} } }
  recommend { nps ${CELL} promoters ${CELL} passives ${CELL} detractors ${CELL}
    distribution { value count ${CELL} share ${CELL} } }
  cooperation { yes ${CELL} no ${CELL} undecided ${CELL} shareYes ${CELL} }
  themes { theme otherCount ${CELL} options { code count ${CELL} share ${CELL} } }
`;
const OVERVIEW = /* GraphQL */ `
  query ($filter: AnalyticsFilter) {
    analyticsOverview(filter: $filter) { ${OVERVIEW_FIELDS} }
  }
`;
const MATRIX = /* GraphQL */ `
  query ($by: MatrixDimension!, $filter: AnalyticsFilter) {
    themeMatrix(theme: NEEDS, by: $by, filter: $filter) {
      rows { key respondents ${CELL} }
      columns { code total ${CELL} }
      cells { count ${CELL} share ${CELL} }
    }
  }
`;
const TREND = /* GraphQL */ `
  query ($measure: TrendMeasure!, $interval: Interval!, $filter: AnalyticsFilter) {
    trend(measure: $measure, interval: $interval, filter: $filter) {
      period value ${CELL} base ${CELL}
    }
  }
`;
const SUMMARY = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      feedbackSummary {
        responses ${CELL}
        stops { order mean ${CELL} distribution { value count ${CELL} share ${CELL} } }
        ratings { question mean ${CELL} }
        recommend { nps ${CELL} }
        themes { theme options { code count ${CELL} } }
        discussion { heldOn }
      }
    }
  }
`;
const OTHER_ANSWERS = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      feedbackSummary {
        otherAnswers {
          theme
          text
        }
      }
    }
  }
`;
const ERASE = /* GraphQL */ `
  mutation ($id: ID!) {
    eraseFeedbackResponse(id: $id)
  }
`;

type Cell = { value: number | null; suppressed: boolean };
const shown = (value: number): Cell => ({ value, suppressed: false });

/** Every Cell anywhere in a result, with the field it was under. */
function cellsIn(value: unknown, key = ""): [string, Cell][] {
  if (Array.isArray(value)) return value.flatMap((v) => cellsIn(v, key));
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if ("suppressed" in record) return [[key, record as Cell]];
  return Object.entries(record).flatMap(([k, v]) => cellsIn(v, k));
}

// Fields whose Cell is a number of people; the others are means, shares, rates and scores.
const COUNTS = new Set([
  "responses",
  "invitationsIssued",
  "count",
  "respondents",
  "total",
  "promoters",
  "passives",
  "detractors",
  "yes",
  "no",
  "undecided",
  "otherCount",
  "base",
]);

let t: TestSystem;
let visitId: string;
let analyst: string;

beforeAll(async () => {
  t = await startTestSystem({ ANALYTICS_MIN_GROUP: String(K) }, { ptable: NO_NOISE });
  analyst = await t.tokenFor(Role.ANALYST);
  const sectors = ["NGO", "NGO", "BUSINESS", "NGO", "BUSINESS", "NGO"];
  ({ visitId } = await attendedVisit(t, { attendees: 6, stops: 2, sectors }));
  const issued = await t.gql<IssueData>(
    ISSUE,
    { visitId },
    { token: await t.tokenFor(Role.COORDINATOR) },
  );
  expect(issued.errors).toBeUndefined();
  for (const [i, invitation] of issued.data!.issueInvitations.invitations.entries()) {
    const sent = await t.gql(SUBMIT, {
      token: invitation.link.split("/").pop(),
      submissionId: `access-${i}-submission`,
      input: {
        ratings: { overall: 3 + (i % 3), organisation: 4 },
        stopRatings: [
          { order: 1, rating: 5 },
          { order: 2, rating: 2 + (i % 4) },
        ],
        recommend: [10, 9, 3, 7, 10, 8][i],
        cooperationIntention: i < 4 ? "YES" : "UNDECIDED",
        themes: [
          {
            theme: "NEEDS",
            optionCodes: i < 4 ? ["NEEDS_FUNDING"] : ["NEEDS_PREMISES"],
            otherText: i === 1 ? "Lokal na warsztaty" : null,
          },
        ],
      },
    });
    expect(sent.errors).toBeUndefined();
  }
});
afterAll(() => t?.close());

describe("who may read analytics", () => {
  it("refuses every analytics operation to a caller without a token", async () => {
    // Act
    const results = await Promise.all([
      t.gql(OVERVIEW, {}),
      t.gql(MATRIX, { by: "SECTOR" }),
      t.gql(TREND, { measure: "RESPONSES", interval: "YEAR" }),
      t.gql(/* GraphQL */ `{ subregion(code: "PL925") { analytics { responses ${CELL} } } }`),
      t.gql(SUMMARY, { id: visitId }),
      t.gql(ERASE, { id: "any" }),
    ]);

    // Assert
    expect(results.map(codeOf)).toEqual(Array(results.length).fill("UNAUTHENTICATED"));
  });

  it("lets only an admin erase a response", async () => {
    // Act
    const analystTry = await t.gql(ERASE, { id: "any" }, { token: analyst });
    const coordinatorTry = await t.gql(
      ERASE,
      { id: "any" },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    const unknown = await t.gql<{ eraseFeedbackResponse: boolean }>(
      ERASE,
      { id: "no-such-response" },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(analystTry)).toBe("FORBIDDEN");
    expect(codeOf(coordinatorTry)).toBe("FORBIDDEN");
    expect(unknown.data!.eraseFeedbackResponse).toBe(false);
  });

  it("shows free text to admins and coordinators only; analysts get the aggregates", async () => {
    // Act
    const asAnalyst = await t.gql(OTHER_ANSWERS, { id: visitId }, { token: analyst });
    const aggregates = await t.gql<{ visit: { feedbackSummary: { responses: Cell } } }>(
      SUMMARY,
      { id: visitId },
      { token: analyst },
    );
    const asAdmin = await t.gql<{ visit: { feedbackSummary: { otherAnswers: unknown } } }>(
      OTHER_ANSWERS,
      { id: visitId },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(asAnalyst)).toBe("FORBIDDEN");
    expect(JSON.stringify(asAnalyst.data)).not.toContain("Lokal");
    expect(aggregates.errors).toBeUndefined();
    expect(aggregates.data!.visit.feedbackSummary.responses).toEqual(shown(6));
    expect(asAdmin.data!.visit.feedbackSummary.otherAnswers).toEqual([
      { theme: "NEEDS", text: "Lokal na warsztaty" },
    ]);
  });
});

describe("analytics entities", () => {
  it("gives a subregion's overview, whatever subregions the filter names", async () => {
    // Act
    const result = await t.gql<{
      siedlecki: { analytics: { key: string; responses: Cell } };
      radomski: { analytics: { responses: Cell } };
    }>(
      /* GraphQL */ `
        query ($filter: AnalyticsFilter) {
          siedlecki: subregion(code: "PL925") { analytics(filter: $filter) { key responses ${CELL} } }
          radomski: subregion(code: "PL921") { analytics(filter: $filter) { responses ${CELL} } }
        }
      `,
      { filter: { subregions: ["PL921"], from: "2017-01-01" } },
      { token: analyst },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(JSON.parse(result.data!.siedlecki.analytics.key)).toEqual({
      from: "2017-01",
      subregions: ["PL925"],
    });
    expect(result.data!.siedlecki.analytics.responses).toEqual(shown(6));
    expect(result.data!.radomski.analytics.responses).toEqual(shown(0));
  });

  it("resolves AnalyticsOverview and Subregion by key on the feedback subgraph, for staff only", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on AnalyticsOverview { key responses ${CELL} }
          ... on Subregion { code analytics { responses ${CELL} } }
        }
      }
    `;
    const representations = [
      { __typename: "AnalyticsOverview", key: JSON.stringify({ sectors: ["NGO"] }) },
      { __typename: "Subregion", code: "PL925" },
    ];

    // Act
    const asAnalyst = await postToFeedback<{ _entities: unknown[] }>(
      t,
      query,
      { representations },
      analyst,
    );
    const anonymous = await postToFeedback<{ _entities: unknown[] }>(t, query, {
      representations: representations.slice(0, 1),
    });
    const badKey = await postToFeedback(
      t,
      query,
      { representations: [{ __typename: "AnalyticsOverview", key: '{"sectors":"NGO"}' }] },
      analyst,
    );

    // Assert
    expect(asAnalyst.errors).toBeUndefined();
    expect(asAnalyst.data!._entities).toEqual([
      { key: '{"sectors":["NGO"]}', responses: shown(4) },
      { code: "PL925", analytics: { responses: shown(6) } },
    ]);
    expect(anonymous.data!._entities).toEqual([null]);
    expect(badKey.errors![0]!.extensions!["code"]).toBe("BAD_USER_INPUT");
  });
});

describe("suppression in every answer", () => {
  it("shows no number of people from 1 to K−1, and no measure of fewer than K", async () => {
    // Arrange: every operation, for filters that make groups of 6, 4, 2 and 0 respondents.
    const filters = [
      {},
      { sectors: ["NGO"] },
      { sectors: ["BUSINESS"] },
      { visitId },
      { visitId, sectors: ["BUSINESS"] },
      { subregions: ["PL921"] },
      { from: "2017-08-01", to: "2017-08-31" },
    ];
    const operations: [string, string, Record<string, unknown>][] = [];
    for (const filter of filters) {
      operations.push(["overview", OVERVIEW, { filter }]);
      for (const by of ["SECTOR", "SUBREGION"]) operations.push(["matrix", MATRIX, { by, filter }]);
      for (const measure of [
        "RESPONSES",
        "INVITATIONS",
        "RESPONSE_RATE",
        "OVERALL_MEAN",
        "ORGANISATION_MEAN",
        "NPS",
        "COOPERATION_YES_SHARE",
      ]) {
        for (const interval of ["MONTH", "QUARTER", "YEAR"]) {
          operations.push(["trend", TREND, { measure, interval, filter }]);
        }
      }
    }
    operations.push(["summary", SUMMARY, { id: visitId }]);

    // Act
    const results = await Promise.all(
      operations.map(([, query, variables]) => t.gql(query, variables, { token: analyst })),
    );

    // Assert
    let checked = 0;
    results.forEach((result, i) => {
      const [name, , variables] = operations[i]!;
      expect(result.errors, `${name} ${JSON.stringify(variables)}`).toBeUndefined();
      for (const [key, cell] of cellsIn(result.data)) {
        checked++;
        const where = `${name} ${JSON.stringify(variables)} ${key}`;
        if (cell.suppressed) expect(cell.value, where).toBeNull();
        else if (COUNTS.has(key)) expect(cell.value === 0 || cell.value! >= K, where).toBe(true);
      }
    });
    expect(checked).toBeGreaterThan(1000);
    // The business group (2 respondents) shows no measure at all.
    const business = results[
      operations.findIndex(
        ([name, , v]) =>
          name === "overview" && JSON.stringify(v) === '{"filter":{"sectors":["BUSINESS"]}}',
      )
    ]!.data as { analyticsOverview: Record<string, unknown> };
    const shownMeasures = cellsIn(business.analyticsOverview).filter(
      ([key, cell]) => !cell.suppressed && !(COUNTS.has(key) && cell.value === 0),
    );
    expect(shownMeasures).toEqual([]);
  });

  it("gives the visit's numbers that a hand count of its answers gives", async () => {
    // Act
    const result = await t.gql<{
      visit: {
        feedbackSummary: {
          responses: Cell;
          stops: { order: number; mean: Cell }[];
          ratings: { question: string; mean: Cell }[];
          recommend: { nps: Cell };
        };
      };
    }>(SUMMARY, { id: visitId }, { token: analyst });

    // Assert: overall 3, 4, 5, 3, 4, 5 → 4; stop 2: 2, 3, 4, 5, 2, 3 → 19/6; recommend 10, 9, 3,
    // 7, 10, 8 → 3 promoters, 1 detractor of 6 → NPS 33.3.
    const summary = result.data!.visit.feedbackSummary;
    expect(summary.responses).toEqual(shown(6));
    expect(summary.ratings[0]!.mean).toEqual(shown(4));
    expect(summary.stops[0]!.mean).toEqual(shown(5));
    expect(summary.stops[1]!.mean.value).toBeCloseTo(19 / 6, 10);
    expect(summary.recommend.nps.value).toBeCloseTo((100 * (3 - 1)) / 6, 10);
  });
});

describe("a visit's responses and counts", () => {
  const COUNTS = /* GraphQL */ `
    query ($id: ID!) {
      visit(id: $id) {
        invitationCount
        responseCount
      }
    }
  `;
  const LIST = /* GraphQL */ `
    query ($id: ID!) {
      visit(id: $id) {
        feedback(first: 100) {
          edges {
            node {
              sector
              receivedOn
              answers {
                recommend
              }
            }
          }
        }
      }
    }
  `;

  it("lists no response to an analyst, neither through the gateway nor as an entity", async () => {
    // Arrange
    const doc = await feedbackDb(t).collection("feedbackResponses").findOne({ visitId });
    const entities = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on FeedbackResponse {
            id
            sector
            answers {
              recommend
            }
          }
        }
      }
    `;

    // Act
    const listed = await t.gql<{ visit: { feedback: unknown } }>(
      LIST,
      { id: visitId },
      { token: analyst },
    );
    const entity = await postToFeedback<{ _entities: unknown[] }>(
      t,
      entities,
      { representations: [{ __typename: "FeedbackResponse", id: doc!["_id"] }] },
      analyst,
    );

    // Assert
    expect(codeOf(listed)).toBe("FORBIDDEN");
    expect(listed.data!.visit.feedback).toBeNull();
    expect(entity.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    expect(entity.data!._entities).toEqual([null]);
  });

  it("hides counts from 1 to K−1 from analysts and shows coordinators the true ones", async () => {
    // Arrange: a visit of 2 attendees, both invited, 1 answered; one with nobody invited.
    const small = await attendedVisit(t, { attendees: 2 });
    const [first] = await issueInvitations(t, small.visitId);
    const sent = await t.gql(SUBMIT, {
      token: first,
      submissionId: "small-visit-submission",
      input: validAnswers(),
    });
    expect(sent.errors).toBeUndefined();
    const empty = await attendedVisit(t, { attendees: 1 });
    const coordinator = await t.tokenFor(Role.COORDINATOR);

    // Act
    const ask = (id: string, token: string) =>
      t.gql<{ visit: { invitationCount: number | null; responseCount: number | null } }>(
        COUNTS,
        { id },
        { token },
      );
    const [smallToAnalyst, smallToCoordinator, largeToAnalyst, emptyToAnalyst] = await Promise.all([
      ask(small.visitId, analyst),
      ask(small.visitId, coordinator),
      ask(visitId, analyst),
      ask(empty.visitId, analyst),
    ]);

    // Assert
    expect(smallToAnalyst.errors).toBeUndefined();
    expect(smallToAnalyst.data!.visit).toEqual({ invitationCount: null, responseCount: null });
    expect(smallToCoordinator.data!.visit).toEqual({ invitationCount: 2, responseCount: 1 });
    expect(largeToAnalyst.data!.visit).toEqual({ invitationCount: 6, responseCount: 6 });
    expect(emptyToAnalyst.data!.visit).toEqual({ invitationCount: 0, responseCount: 0 });
  });
});
