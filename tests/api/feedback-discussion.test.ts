import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { postToFeedback } from "../support/feedback.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import { createVisit } from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const RECORD = /* GraphQL */ `
  mutation ($visitId: ID!, $input: DiscussionSummaryInput!) {
    recordDiscussionSummary(visitId: $visitId, input: $input) {
      id
      visitId
      heldOn
      perSector {
        sector
        needs
        supportProposals
        notes
      }
      actions {
        description
        owner
        dueDate
        sector
      }
      recordedBy
      updatedAt
      visit {
        id
        title
      }
    }
  }
`;

const SUMMARY_OF_VISIT = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      discussionSummary {
        id
        heldOn
        perSector {
          sector
          needs
        }
        recordedBy
      }
    }
  }
`;

const INPUT = {
  heldOn: "2017-08-24",
  perSector: [
    {
      sector: "LOCAL_GOVERNMENT",
      needs: ["Więcej informacji o klauzulach społecznych ", "Szkolenia dla urzędników"],
      supportProposals: ["Spotkania z OWES w gminach"],
      notes: "Gminy chcą kupować od PES,\nale nie wiedzą jak.",
    },
    { sector: "NGO", needs: ["Lokal na działalność"], supportProposals: [] },
  ],
  actions: [
    {
      description: "Warsztat o klauzulach społecznych dla JST podregionu",
      owner: "OWES subregionu siedleckiego",
      dueDate: "2017-11-30",
      sector: "LOCAL_GOVERNMENT",
    },
    { description: "Lista lokali do wynajęcia", owner: "MCPS", dueDate: "2017-10-15" },
  ],
};

interface Summary {
  id: string;
  visitId: string;
  heldOn: string;
  perSector: {
    sector: string;
    needs: string[];
    supportProposals: string[];
    notes: string | null;
  }[];
  actions: { description: string; owner: string; dueDate: string; sector: string | null }[];
  recordedBy: string | null;
  updatedAt: string;
  visit: { id: string; title: string };
}

describe("recordDiscussionSummary", () => {
  it("records the visit's summary and replaces it when recorded again", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const coordinator = await t.tokenFor(Role.COORDINATOR, "anna.koordynator@mcps.test");

    // Act
    const first = await t.gql<{ recordDiscussionSummary: Summary }>(
      RECORD,
      { visitId, input: INPUT },
      { token: coordinator },
    );
    const second = await t.gql<{ recordDiscussionSummary: Summary }>(
      RECORD,
      { visitId, input: { ...INPUT, perSector: [INPUT.perSector[1]], actions: [] } },
      { token: await t.tokenFor(Role.ADMIN, "admin@mcps.test") },
    );

    // Assert
    expect(first.errors).toBeUndefined();
    const summary = first.data!.recordDiscussionSummary;
    expect(summary).toMatchObject({
      visitId,
      heldOn: "2017-08-24",
      recordedBy: "anna.koordynator@mcps.test",
      visit: { id: visitId, title: "Wizyta studyjna w podregionie siedleckim" },
      actions: [{ ...INPUT.actions[0] }, { ...INPUT.actions[1], sector: null }],
    });
    expect(summary.perSector[0]).toEqual({
      sector: "LOCAL_GOVERNMENT",
      needs: ["Więcej informacji o klauzulach społecznych", "Szkolenia dla urzędników"],
      supportProposals: ["Spotkania z OWES w gminach"],
      notes: "Gminy chcą kupować od PES,\nale nie wiedzą jak.",
    });
    expect(summary.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(second.errors).toBeUndefined();
    expect(second.data!.recordDiscussionSummary).toMatchObject({
      id: summary.id,
      recordedBy: "admin@mcps.test",
      perSector: [{ sector: "NGO", notes: null }],
      actions: [],
    });
  });

  it.each([
    [
      "a sector listed twice",
      { perSector: [INPUT.perSector[1], INPUT.perSector[1]] },
      "input.perSector[1].sector",
    ],
    [
      "an empty need",
      { perSector: [{ sector: "NGO", needs: ["Lokal", "  "] }] },
      "input.perSector[0].needs[1]",
    ],
    [
      "an action without a description",
      { actions: [{ description: " ", owner: "MCPS", dueDate: "2017-09-01" }] },
      "input.actions[0].description",
    ],
    [
      "an action due before the discussion",
      { actions: [{ description: "Coś", owner: "MCPS", dueDate: "2017-08-01" }] },
      "input.actions[0].dueDate",
    ],
  ])("refuses %s with the field that holds it", async (_case, overrides, field) => {
    // Arrange
    const visitId = await createVisit(t);

    // Act
    const result = await t.gql(
      RECORD,
      { visitId, input: { ...INPUT, ...overrides } },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
  });

  // The subgraph refuses the variable with HTTP 400; the gateway passes its error on.
  it("refuses a date that is not a calendar date", async () => {
    // Act
    const result = await t.gql(
      /* GraphQL */ `
        mutation ($visitId: ID!, $input: DiscussionSummaryInput!) {
          recordDiscussionSummary(visitId: $visitId, input: $input) {
            id
          }
        }
      `,
      { visitId: await createVisit(t), input: { ...INPUT, heldOn: "2017-02-30" } },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toContain("input.heldOn");
  });

  it("answers NOT_FOUND for a visit that does not exist and stores nothing", async () => {
    // Act
    const result = await t.gql(
      RECORD,
      { visitId: "0123456789abcdef01234567", input: INPUT },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(codeOf(result)).toBe("NOT_FOUND");
    const stored = await t.store.client
      .db(`${t.config.dbName}_feedback`)
      .collection("discussionSummaries")
      .countDocuments({ visitId: "0123456789abcdef01234567" });
    expect(stored).toBe(0);
  });

  it("is for ADMIN and COORDINATOR only", async () => {
    // Arrange
    const visitId = await createVisit(t);

    // Act
    const analyst = await t.gql(
      RECORD,
      { visitId, input: INPUT },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const anonymous = await t.gql(RECORD, { visitId, input: INPUT });

    // Assert
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
  });
});

describe("a visit's discussion summary", () => {
  let visitId: string;
  let summaryId: string;
  beforeAll(async () => {
    visitId = await createVisit(t);
    const recorded = await t.gql<{ recordDiscussionSummary: Summary }>(
      RECORD,
      { visitId, input: INPUT },
      { token: await t.tokenFor(Role.COORDINATOR, "anna.koordynator@mcps.test") },
    );
    summaryId = recorded.data!.recordDiscussionSummary.id;
  });

  it("is readable by staff; who recorded it only by ADMIN and COORDINATOR", async () => {
    // Act
    const coordinator = await t.gql<{ visit: { discussionSummary: Summary } }>(
      SUMMARY_OF_VISIT,
      { id: visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    const analyst = await t.gql<{ visit: { discussionSummary: Summary } }>(
      SUMMARY_OF_VISIT,
      { id: visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const anonymous = await t.gql<{ visit: { discussionSummary: Summary | null } }>(
      SUMMARY_OF_VISIT,
      { id: visitId },
    );

    // Assert
    expect(coordinator.errors).toBeUndefined();
    expect(coordinator.data!.visit.discussionSummary).toMatchObject({
      id: summaryId,
      heldOn: "2017-08-24",
      recordedBy: "anna.koordynator@mcps.test",
    });
    expect(analyst.data!.visit.discussionSummary).toMatchObject({
      id: summaryId,
      perSector: [{ sector: "LOCAL_GOVERNMENT" }, { sector: "NGO" }],
      recordedBy: null,
    });
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(analyst.errors![0]!.path).toEqual(["visit", "discussionSummary", "recordedBy"]);
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(anonymous.data?.visit.discussionSummary).toBeNull();
  });

  it("is null for a visit without one", async () => {
    // Act
    const result = await t.gql(
      SUMMARY_OF_VISIT,
      { id: await createVisit(t) },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ visit: { discussionSummary: null } });
  });

  it("resolves by id through _entities on the feedback subgraph, for staff only", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on DiscussionSummary {
            id
            visitId
            heldOn
            actions {
              owner
            }
          }
        }
      }
    `;
    const representations = [
      { __typename: "DiscussionSummary", id: summaryId },
      { __typename: "DiscussionSummary", id: "0123456789abcdef01234567" },
    ];

    // Act
    const analyst = await postToFeedback<{ _entities: unknown[] }>(
      t,
      query,
      { representations },
      await t.tokenFor(Role.ANALYST),
    );
    const anonymous = await postToFeedback<{ _entities: unknown[] }>(t, query, { representations });

    // Assert
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data!._entities).toEqual([
      {
        id: summaryId,
        visitId,
        heldOn: "2017-08-24",
        actions: [{ owner: "OWES subregionu siedleckiego" }, { owner: "MCPS" }],
      },
      null,
    ]);
    expect(anonymous.errors?.[0]?.extensions?.["code"]).toBe("UNAUTHENTICATED");
  });
});
