import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  attendedVisit,
  feedbackDb,
  issueInvitations,
  postToFeedback,
  SUBMIT,
  type SubmitData,
  validAnswers,
} from "../support/feedback.js";
import {
  codeOf,
  type GraphQLResult,
  NO_NOISE,
  Role,
  startTestSystem,
  type TestSystem,
} from "../support/system.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem({}, { ptable: NO_NOISE });
});
afterAll(() => t?.close());

/** One attendee's link to a new visit with stops 1 and 2. */
async function oneLink(): Promise<{ visitId: string; token: string }> {
  const visit = await attendedVisit(t, { attendees: 1, stops: 2 });
  const [token] = await issueInvitations(t, visit.visitId);
  return { visitId: visit.visitId, token: token! };
}

function submit(token: string, submissionId: string, input: unknown = validAnswers()) {
  return t.gql<SubmitData>(SUBMIT, { token, input, submissionId });
}

function responses(visitId: string) {
  return feedbackDb(t).collection("feedbackResponses").find({ visitId }).toArray();
}

const FEEDBACK = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String) {
    visit(id: $id) {
      responseCount
      feedback(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            sector
            programme
            formVersion
            receivedOn
            subregion {
              code
              name
            }
            visit {
              id
              title
            }
            form {
              version
            }
            answers {
              ratings {
                overall
                organisation
              }
              stopRatings {
                order
                rating
              }
              recommend
              cooperationIntention
              themes {
                theme
                optionCodes
                otherText
              }
              comment
            }
          }
        }
      }
    }
  }
`;

describe("submitFeedback", () => {
  it("accepts answers from anyone with the link and tells the day and form version", async () => {
    // Arrange
    const { visitId, token } = await oneLink();

    // Act
    const result = await submit(token, "a-first-submission");

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.submitFeedback).toEqual({
      accepted: true,
      receivedOn: new Date().toISOString().slice(0, 10),
      formVersion: 1,
    });
    expect(await responses(visitId)).toHaveLength(1);
  });

  it.each([
    [
      "an overall rating of 6",
      { ratings: { overall: 6, organisation: 3 } },
      "input.ratings.overall",
    ],
    [
      "an organisation rating of 0",
      { ratings: { overall: 3, organisation: 0 } },
      "input.ratings.organisation",
    ],
    ["recommend 11", { recommend: 11 }, "input.recommend"],
    [
      "a stop the visit does not have",
      {
        stopRatings: [
          { order: 1, rating: 4 },
          { order: 2, rating: 4 },
          { order: 3, rating: 4 },
        ],
      },
      "input.stopRatings[2].order",
    ],
    [
      "a stop rating of 9",
      { stopRatings: [{ order: 2, rating: 9 }] },
      "input.stopRatings[0].rating",
    ],
    [
      "an option code the form does not offer",
      { themes: [{ theme: "SUPPORT", optionCodes: ["NEEDS_FUNDING"] }] },
      "input.themes[0].optionCodes",
    ],
    [
      "a theme answered twice",
      {
        themes: [
          { theme: "SUPPORT", optionCodes: [] },
          { theme: "SUPPORT", optionCodes: [] },
        ],
      },
      "input.themes[1].theme",
    ],
    [
      "“other” of 501 characters",
      { themes: [{ theme: "NEEDS", optionCodes: [], otherText: "a".repeat(501) }] },
      "input.themes[0].otherText",
    ],
    ["a comment of 2001 characters", { comment: "a".repeat(2001) }, "input.comment"],
  ])(
    "refuses %s with BAD_USER_INPUT naming the field, and uses nothing",
    async (_case, overrides, field) => {
      // Arrange
      const { visitId, token } = await oneLink();

      // Act
      const result = await submit(token, "refused-submission", validAnswers(overrides));

      // Assert
      expect(codeOf(result)).toBe("BAD_USER_INPUT");
      expect(result.errors![0]!.extensions!["field"]).toBe(field);
      expect(await responses(visitId)).toHaveLength(0);
      expect((await submit(token, "then-a-good-one")).errors).toBeUndefined();
    },
  );

  it.each([["short"], ["x".repeat(101)]])("refuses submissionId %j", async (submissionId) => {
    // Arrange
    const { token } = await oneLink();

    // Act
    const result = await submit(token, submissionId);

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe("submissionId");
  });

  it("refuses values of the wrong type before any resolver runs, without crashing", async () => {
    // Arrange
    const { token } = await oneLink();

    // Act
    const wrongEnum = await submit(
      token,
      "wrong-enum-1",
      validAnswers({ cooperationIntention: "MAYBE" }),
    );
    const wrongType = await submit(token, "wrong-type-1", validAnswers({ recommend: "ten" }));
    const missing = await submit(token, "missing-one", { recommend: 3 });

    // Assert
    for (const result of [wrongEnum, wrongType, missing])
      expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });

  it("answers NOT_FOUND for an unknown link", async () => {
    // Act
    const result = await submit("A".repeat(43), "unknown-link");

    // Assert
    expect(codeOf(result)).toBe("NOT_FOUND");
  });

  it("stores exactly one response when 50 submissions of one link race", async () => {
    // Arrange
    const { visitId, token } = await oneLink();

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submit(token, `racing-submission-${i}`)),
    );

    // Assert
    const accepted = results.filter((r) => r.data?.submitFeedback?.accepted);
    const refused = results.filter((r) => r.errors);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const result of refused) {
      expect(result.errors![0]!.extensions).toMatchObject({
        code: "CONFLICT",
        reason: "ALREADY_USED",
      });
    }
    expect(await responses(visitId)).toHaveLength(1);
  });

  it("answers 50 concurrent repeats of one submission alike and stores it once", async () => {
    // Arrange
    const { visitId, token } = await oneLink();

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, () => submit(token, "the-same-submission")),
    );
    const later = await submit(token, "the-same-submission");

    // Assert
    for (const result of [...results, later]) {
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual(results[0]!.data);
    }
    expect(await responses(visitId)).toHaveLength(1);
    const other = await submit(token, "another-submission");
    expect(other.errors![0]!.extensions).toMatchObject({
      code: "CONFLICT",
      reason: "ALREADY_USED",
    });
  });

  it("keeps no token, participant, registration or time with the response", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1, sectors: ["SOCIAL_ECONOMY_ENTITY"] });
    const [token] = await issueInvitations(t, visit.visitId);

    // Act
    await submit(token!, "anonymous-submission");

    // Assert
    const [doc] = await responses(visit.visitId);
    expect(Object.keys(doc!).sort()).toEqual(
      [
        "_id",
        "answers",
        "formId",
        "formVersion",
        "programme",
        "receivedOn",
        // A random number for cell-key perturbation, drawn at submission: nothing about anyone.
        "recordKey",
        "sector",
        "subregion",
        "visitId",
        // The month of the visit's start, which analytics group by; nothing about the person.
        "visitMonth",
      ].sort(),
    );
    expect(Object.keys(doc!["answers"] as object).sort()).toEqual(
      ["comment", "cooperationIntention", "ratings", "recommend", "stopRatings", "themes"].sort(),
    );
    expect(typeof doc!["_id"]).toBe("string");
    expect(doc!["_id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(doc!["receivedOn"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc!["sector"]).toBe("SOCIAL_ECONOMY_ENTITY");
    const raw = JSON.stringify(doc);
    for (const secret of [
      token!,
      visit.registrationIds[0]!,
      visit.emails[0]!,
      "anonymous-submission",
    ]) {
      expect(raw).not.toContain(secret);
    }
    const invitation = await feedbackDb(t)
      .collection("invitations")
      .findOne({ registrationId: visit.registrationIds[0] });
    expect(invitation!["usedAt"]).toBe(doc!["receivedOn"]);
    expect(JSON.stringify(invitation)).not.toContain(String(doc!["_id"]));
  });
});

describe("a visit's feedback", () => {
  let visitId: string;
  beforeAll(async () => {
    const visit = await attendedVisit(t, { attendees: 3, stops: 2 });
    visitId = visit.visitId;
    const tokens = await issueInvitations(t, visitId);
    for (const [i, token] of tokens.entries()) {
      const result = await submit(token, `listed-submission-${i}`, validAnswers({ recommend: i }));
      expect(result.errors).toBeUndefined();
    }
  });

  it("lists every answer, free text included, to ADMIN and COORDINATOR", async () => {
    // Act
    const result = await t.gql<{
      visit: {
        responseCount: number;
        feedback: { totalCount: number; edges: { node: Record<string, unknown> }[] };
      };
    }>(FEEDBACK, { id: visitId }, { token: await t.tokenFor(Role.COORDINATOR) });

    // Assert
    expect(result.errors).toBeUndefined();
    const { responseCount, feedback } = result.data!.visit;
    expect(responseCount).toBe(3);
    expect(feedback.totalCount).toBe(3);
    expect(
      feedback.edges.map((e) => (e.node["answers"] as { recommend: number }).recommend).sort(),
    ).toEqual([0, 1, 2]);
    // Three responses, fewer than K = 5: nothing beside the answers tells them apart.
    expect(feedback.edges[0]!.node).toMatchObject({
      sector: null,
      programme: null,
      formVersion: null,
      receivedOn: null,
      subregion: null,
      form: null,
      visit: { id: visitId, title: "Wizyta studyjna w podregionie siedleckim" },
      answers: {
        ratings: { overall: 5, organisation: 4 },
        stopRatings: [
          { order: 1, rating: 5 },
          { order: 2, rating: 3 },
        ],
        cooperationIntention: "YES",
        themes: [
          { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING", "NEEDS_PREMISES"], otherText: null },
          { theme: "SUPPORT", optionCodes: [], otherText: "Wsparcie księgowe" },
        ],
        comment: "Bardzo dobra wizyta.",
      },
    });
  });

  it("shows no attribute that a group smaller than K shares", async () => {
    // Arrange: one NGO respondent among six local governments (K = 5).
    const sectors = ["NGO", ...Array<string>(6).fill("LOCAL_GOVERNMENT")];
    const visit = await attendedVisit(t, { attendees: 7, sectors });
    for (const [i, token] of (await issueInvitations(t, visit.visitId)).entries()) {
      const result = await submit(token, `singled-out-${i}`, validAnswers({ recommend: i }));
      expect(result.errors).toBeUndefined();
    }

    // Act
    const result = await t.gql<{
      visit: { feedback: { edges: { node: Record<string, unknown> }[] } };
    }>(FEEDBACK, { id: visit.visitId }, { token: await t.tokenFor(Role.COORDINATOR) });

    // Assert: "no sector" would point at the NGO one, so no sector is shown; the rest is
    // shared by all seven.
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.visit.feedback.edges.map((e) => e.node);
    expect(nodes).toHaveLength(7);
    for (const node of nodes) {
      expect(node).toMatchObject({
        sector: null,
        programme: "Koordynacja ekonomii społecznej na Mazowszu",
        formVersion: 1,
        receivedOn: new Date().toISOString().slice(0, 10),
        subregion: { code: "PL925" },
        form: { version: 1 },
      });
    }
  });

  it("lists no response to ANALYST, who gets aggregates only", async () => {
    // Act
    const result = await t.gql<{ visit: { feedback: unknown; responseCount: number } }>(
      FEEDBACK,
      { id: visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(codeOf(result)).toBe("FORBIDDEN");
    expect(result.errors!.map((e) => e.path)).toEqual([["visit", "feedback"]]);
    expect(result.data!.visit).toEqual({ feedback: null, responseCount: null });
  });

  it("shows nothing to anonymous callers", async () => {
    // Act
    const result = await t.gql<{ visit: { feedback: unknown; responseCount: unknown } }>(FEEDBACK, {
      id: visitId,
    });

    // Assert
    expect(codeOf(result)).toBe("UNAUTHENTICATED");
    expect(result.data?.visit).toEqual({ feedback: null, responseCount: null });
  });

  it("pages through the responses with cursors", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);
    const ids: string[] = [];
    let after: string | null = null;

    // Act
    for (let page = 0; page < 3; page++) {
      const result: GraphQLResult<{
        visit: {
          feedback: {
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: { id: string } }[];
          };
        };
      }> = await t.gql(
        /* GraphQL */ `
          query ($id: ID!, $after: String) {
            visit(id: $id) {
              feedback(first: 1, after: $after) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        `,
        { id: visitId, after },
        { token },
      );
      const { feedback } = result.data!.visit;
      ids.push(...feedback.edges.map((e) => e.node.id));
      expect(feedback.pageInfo.hasNextPage).toBe(page < 2);
      after = feedback.pageInfo.endCursor;
    }

    // Assert
    expect(new Set(ids).size).toBe(3);
  });

  it("refuses a page size out of range and a made-up cursor", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);

    // Act
    const big = await t.gql(FEEDBACK, { id: visitId, first: 101 }, { token });
    const forged = await t.gql(FEEDBACK, { id: visitId, after: "bm90LWEtY3Vyc29y" }, { token });

    // Assert
    expect(big.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("StudyVisit and FeedbackResponse as entities", () => {
  const ENTITIES = /* GraphQL */ `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on StudyVisit {
          id
          invitationCount
          responseCount
          discussionSummary {
            id
          }
        }
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

  it("resolves a response by id for ADMIN and COORDINATOR only", async () => {
    // Arrange
    const { visitId, token } = await oneLink();
    await submit(token, "entity-submission");
    const [doc] = await responses(visitId);
    const representations = [
      { __typename: "FeedbackResponse", id: doc!["_id"] },
      { __typename: "FeedbackResponse", id: "00000000-0000-4000-8000-000000000000" },
    ];

    // Act
    const coordinator = await postToFeedback<{ _entities: unknown[] }>(
      t,
      ENTITIES,
      { representations },
      await t.tokenFor(Role.COORDINATOR),
    );
    const analyst = await postToFeedback<{ _entities: unknown[] }>(
      t,
      ENTITIES,
      { representations },
      await t.tokenFor(Role.ANALYST),
    );
    const anonymous = await postToFeedback<{ _entities: unknown[] }>(t, ENTITIES, {
      representations,
    });

    // Assert
    expect(coordinator.errors).toBeUndefined();
    expect(coordinator.data!._entities).toEqual([
      { id: doc!["_id"], sector: null, answers: { recommend: 9 } },
      null,
    ]);
    expect(analyst.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    expect(analyst.data!._entities).toEqual([null, null]);
    expect(anonymous.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
    expect(anonymous.data!._entities).toEqual([null, null]);
  });

  it("answers the counts of any number of visits with a fixed number of database commands", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);
    const visits = await Promise.all(Array.from({ length: 6 }, () => oneLink()));
    const stubs = visits.map((v) => ({ __typename: "StudyVisit", id: v.visitId }));
    const ask = (n: number) => () =>
      postToFeedback(t, ENTITIES, { representations: stubs.slice(0, n) }, token);

    // Act
    const forTwo = await t.countCommands(ask(2));
    const forSix = await t.countCommands(ask(6));
    const result = await ask(6)();

    // Assert
    expect(forSix).toBe(forTwo);
    expect(forTwo).toBeLessThanOrEqual(3);
    expect(result.data!["_entities"]).toEqual(
      visits.map((v) => ({
        id: v.visitId,
        invitationCount: 1,
        responseCount: 0,
        discussionSummary: null,
      })),
    );
  });
});

describe("counts on a page of visits", () => {
  const PAGE = /* GraphQL */ `
    query {
      visits(first: 50) {
        edges {
          node {
            id
            responseCount
            invitationCount
          }
        }
      }
    }
  `;
  type Page = {
    visits: { edges: { node: { id: string; responseCount: number; invitationCount: number } }[] };
  };
  const countsOf = (page: Page | null | undefined, visitId: string) => {
    const { responseCount, invitationCount } = page!.visits.edges.find(
      (e) => e.node.id === visitId,
    )!.node;
    return { responseCount, invitationCount };
  };
  const recount = async (visitId: string) => ({
    responseCount: await feedbackDb(t).collection("feedbackResponses").countDocuments({ visitId }),
    invitationCount: await feedbackDb(t).collection("invitations").countDocuments({ visitId }),
  });

  it("cost the same commands however many responses there are, and read no response or invitation", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);
    await oneLink();
    const few = await t.commandsDuring(() => t.gql(PAGE, {}, { token }));
    const visit = await attendedVisit(t, { attendees: 6 });
    for (const [i, link] of (await issueInvitations(t, visit.visitId)).entries()) {
      expect((await submit(link, `page-count-${i}`)).errors).toBeUndefined();
    }
    let page: Page | null | undefined;

    // Act
    const many = await t.commandsDuring(async () => {
      page = (await t.gql<Page>(PAGE, {}, { token })).data;
    });

    // Assert
    expect(many).toEqual(few);
    const collections = many.map((c) => c.collection);
    expect(collections).not.toContain("feedbackResponses");
    expect(collections).not.toContain("invitations");
    expect(countsOf(page, visit.visitId)).toEqual({ responseCount: 6, invitationCount: 6 });
  });

  it("equal a recount of the responses and invitations after submissions and an erasure", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);
    const visit = await attendedVisit(t, { attendees: 4 });
    const links = await issueInvitations(t, visit.visitId);
    for (const [i, link] of links.slice(0, 3).entries()) {
      expect((await submit(link, `recount-${i}`)).errors).toBeUndefined();
    }
    const [doc] = await responses(visit.visitId);
    const erased = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          eraseFeedbackResponse(id: $id)
        }
      `,
      { id: doc!["_id"] },
      { token: await t.tokenFor(Role.ADMIN) },
    );
    expect(erased.errors).toBeUndefined();

    // Act
    const page = await t.gql<Page>(PAGE, {}, { token });

    // Assert
    expect(countsOf(page.data, visit.visitId)).toEqual(await recount(visit.visitId));
    expect(countsOf(page.data, visit.visitId)).toEqual({ responseCount: 2, invitationCount: 4 });
  });
});

// "I did not take part in this stop": the form leaves that stop out of `stopRatings`. The
// response is stored without it, and the stop's usefulness is counted over those who rated it.
const STOP_SUMMARY = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      feedbackSummary {
        responses {
          value
        }
        stops {
          order
          mean {
            value
            suppressed
          }
        }
      }
    }
  }
`;

type StopSummary = {
  visit: {
    feedbackSummary: {
      responses: { value: number };
      stops: { order: number; mean: { value: number | null; suppressed: boolean } }[];
    };
  };
};

describe("a stop the participant did not take part in", () => {
  it("is left out of the stored answers and counted by fewer ratings", async () => {
    // Arrange: seven respondents; six rate stop 1, five rate stop 2, one rates no stop at all.
    const visit = await attendedVisit(t, { attendees: 7, stops: 2 });
    const links = await issueInvitations(t, visit.visitId);
    const stop1 = [5, 4, 4, 3, 5, 3];
    const stop2 = [2, 3, 3, 2, 3];
    const answers = [
      ...stop2.map((rating, i) => [
        { order: 1, rating: stop1[i]! },
        { order: 2, rating },
      ]),
      [{ order: 1, rating: stop1[5]! }],
      null,
    ];

    // Act
    const results = [];
    for (const [i, stopRatings] of answers.entries()) {
      const input = stopRatings
        ? validAnswers({ stopRatings })
        : { ...(validAnswers() as Record<string, unknown>), stopRatings: undefined };
      results.push(await submit(links[i]!, `skipped-stop-${i}`, input));
    }

    // Assert
    expect(results.map((r) => r.errors)).toEqual(answers.map(() => undefined));
    const stored = await responses(visit.visitId);
    const stopsStored = stored.map((doc) =>
      (doc["answers"] as { stopRatings: { order: number }[] }).stopRatings.map((s) => s.order),
    );
    expect(stopsStored.sort((a, b) => b.length - a.length)).toEqual([
      ...stop2.map(() => [1, 2]),
      [1],
      [],
    ]);
    // A visit's rollup is one document per sector and subregion of its respondents.
    const rollups = await feedbackDb(t)
      .collection("visitFeedbackRollups")
      .find({ visitId: visit.visitId })
      .toArray();
    const total = (path: (doc: Record<string, never>) => number | undefined) =>
      rollups.reduce((sum, doc) => sum + (path(doc as never) ?? 0), 0);
    type Stops = Record<string, { count: number; sum: number } | undefined> | undefined;
    const stop = (order: string, key: "count" | "sum") =>
      total((doc) => (doc["stops"] as Stops)?.[order]?.[key]);
    expect(total((doc) => doc["responses"])).toBe(7);
    expect([stop("1", "count"), stop("1", "sum")]).toEqual([6, 24]);
    expect([stop("2", "count"), stop("2", "sum")]).toEqual([5, 13]);

    const summary = await t.gql<StopSummary>(
      STOP_SUMMARY,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    expect(summary.errors).toBeUndefined();
    expect(summary.data!.visit.feedbackSummary.responses.value).toBe(7);
    expect(summary.data!.visit.feedbackSummary.stops).toEqual([
      { order: 1, mean: { value: 4, suppressed: false } },
      { order: 2, mean: { value: 13 / 5, suppressed: false } },
    ]);
  });
});
