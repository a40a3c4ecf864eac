import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditPlugin, newAuditNotes } from "../../src/shared/audit.js";
import type { AuditEventRecord, AuditLog } from "../../src/shared/audit-log.js";
import type { RequestInfo } from "../../src/shared/context.js";
import {
  attendedVisit,
  issueInvitations,
  SUBMIT,
  type SubmitData,
  validAnswers,
} from "../support/feedback.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import { createVisit, organiserDay, register } from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  // One reverse proxy in front: the gateway believes the last X-Forwarded-For entry.
  t = await startTestSystem({ TRUST_PROXY: "1" });
});
afterAll(() => t?.close());

const COORDINATOR_ADDRESS = "203.0.113.7";

/** As the API sends it: the record, with its time as an ISO string. */
type AuditNode = Omit<AuditEventRecord, "at"> & { at: string };

interface AuditPage {
  auditLog: {
    edges: { cursor: string; node: AuditNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const AUDIT_LOG = /* GraphQL */ `
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          at
          kind
          userId
          role
          operation
          operationName
          fields
          entityIds
          personalData
          subgraph
          requestId
          clientAddress
          outcome
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`;

async function auditLog(filter: Record<string, unknown> = {}, first = 100, after?: string) {
  const result = await t.gql<AuditPage>(
    AUDIT_LOG,
    { filter, first, after },
    { token: await t.tokenFor(Role.ADMIN) },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.auditLog;
}

const nodes = (page: AuditPage["auditLog"]) => page.edges.map((e) => e.node);

function auditCollection() {
  return t.store.client.db(`${t.config.dbName}_audit`).collection("auditEvents");
}

describe("the audit log", () => {
  it("records a coordinator's mutation: who, what, when, from where and the outcome", async () => {
    // Arrange
    const token = await t.tokenFor(Role.COORDINATOR);
    const before = Date.now();

    // Act
    const result = await t.gql<{ createVisit: { id: string } }>(
      /* GraphQL */ `
        mutation NewVisitForAudit($input: VisitInput!) {
          createVisit(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          title: "Wizyta do dziennika",
          edition: 1,
          programme: "Program audytu",
          organiser: "MCPS",
          subregionCode: "PL925",
          startDate: organiserDay(10),
          endDate: organiserDay(11),
          mode: "ON_SITE",
          capacity: 5,
        },
      },
      { token, headers: { "x-forwarded-for": COORDINATOR_ADDRESS, "x-request-id": "audit-1" } },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const visitId = result.data!.createVisit.id;
    const [event] = nodes(await auditLog({ entityId: visitId, kind: "CHANGE" }));
    expect(event).toMatchObject({
      kind: "CHANGE",
      userId: await t.userIdFor(Role.COORDINATOR),
      role: "COORDINATOR",
      operation: "mutation",
      operationName: "NewVisitForAudit",
      fields: ["createVisit"],
      // ID-typed arguments (the subregion's code) and the new visit's id; no title, no organiser.
      entityIds: ["PL925", visitId],
      subgraph: "visits",
      requestId: "audit-1",
      clientAddress: COORDINATOR_ADDRESS,
      outcome: "OK",
    });
    expect(Date.parse(event!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(event!.at)).toBeLessThanOrEqual(Date.now());
  });

  it("records a refused mutation with its error code", async () => {
    // Arrange
    const token = await t.tokenFor(Role.ANALYST);
    const visitId = await createVisit(t);

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          updateVisit(id: $id, input: { capacity: 9 }) {
            id
          }
        }
      `,
      { id: visitId },
      { token },
    );

    // Assert
    expect(codeOf(result)).toBe("FORBIDDEN");
    const events = nodes(
      await auditLog({ entityId: visitId, userId: await t.userIdFor(Role.ANALYST) }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ fields: ["updateVisit"], outcome: "FORBIDDEN" });
  });

  it("records a public registration as anonymous, with ids and the network only", async () => {
    // Arrange
    const visitId = await createVisit(t);

    // Act
    const { registration } = await register(t, visitId);

    // Assert
    const [event] = nodes(await auditLog({ entityId: registration.id }));
    expect(event).toMatchObject({
      kind: "CHANGE",
      userId: "anonymous",
      role: null,
      fields: ["registerForVisit"],
      clientAddress: "127.0.0.0/24",
      outcome: "OK",
    });
    expect(event!.entityIds).toEqual(expect.arrayContaining([visitId, registration.id]));
  });

  it("records a coordinator reading a visit's registrations with participants as personal-data access", async () => {
    // Arrange
    const visitId = await createVisit(t);
    await register(t, visitId);
    const token = await t.tokenFor(Role.COORDINATOR);

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        query WhoIsComing($id: ID!) {
          visit(id: $id) {
            registrations {
              id
              participant {
                name
                email
              }
            }
          }
        }
      `,
      { id: visitId },
      { token, headers: { "x-forwarded-for": COORDINATOR_ADDRESS } },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const events = nodes(await auditLog({ entityId: visitId, kind: "PERSONAL_DATA_ACCESS" }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      userId: await t.userIdFor(Role.COORDINATOR),
      role: "COORDINATOR",
      operation: "query",
      operationName: "WhoIsComing",
      fields: ["visit"],
      entityIds: [visitId],
      personalData: ["Registration.participant", "StudyVisit.registrations"],
      clientAddress: COORDINATOR_ADDRESS,
      outcome: "OK",
    });
  });

  it("records a subject access export as personal-data access and an erasure as a change, without the e-mail", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const email = "eksport.audyt@example.pl";
    await register(t, visitId, { email });
    const token = await t.tokenFor(Role.COORDINATOR);
    const since = new Date().toISOString();

    // Act
    const exported = await t.gql(
      /* GraphQL */ `
        query SubjectAccess($email: String!) {
          personalData(email: $email) {
            registrationIds
          }
        }
      `,
      { email },
      { token },
    );
    const erased = await t.gql(
      /* GraphQL */ `
        mutation Erasure($email: String!) {
          erasePersonalData(email: $email) {
            found
          }
        }
      `,
      { email },
      { token },
    );

    // Assert
    expect(exported.errors).toBeUndefined();
    expect(erased.errors).toBeUndefined();
    const events = nodes(await auditLog({ from: since })).filter((e) =>
      ["SubjectAccess", "Erasure"].includes(e.operationName as string),
    );
    expect(events.map((e) => [e.operationName, e.kind, e.outcome]).sort()).toEqual([
      ["Erasure", "CHANGE", "OK"],
      ["SubjectAccess", "PERSONAL_DATA_ACCESS", "OK"],
    ]);
    expect(JSON.stringify(await auditCollection().find({}).toArray())).not.toContain(email);
  });

  it("does not record a query that read no personal data", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const token = await t.tokenFor(Role.COORDINATOR);

    // Act
    await t.gql(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            title
            registrations {
              id
            }
          }
        }
      `,
      { id: visitId },
      { token },
    );

    // Assert: the visit has no registrations, so none was read.
    expect(nodes(await auditLog({ entityId: visitId, kind: "PERSONAL_DATA_ACCESS" }))).toEqual([]);
  });

  it("does not record an analyst's analytics as personal-data access", async () => {
    // Arrange
    const token = await t.tokenFor(Role.ANALYST);

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        query {
          analyticsOverview(filter: { from: "2017-01-01", to: "2030-12-31" }) {
            registrations {
              value
            }
            participantsBySector {
              group
              count {
                value
              }
            }
          }
        }
      `,
      {},
      { token },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(
      nodes(
        await auditLog({ userId: await t.userIdFor(Role.ANALYST), kind: "PERSONAL_DATA_ACCESS" }),
      ),
    ).toEqual([]);
  });

  it("records the feedback subgraph's changes and personal data in the same log", async () => {
    // Arrange
    const { visitId } = await attendedVisit(t, { attendees: 1, stops: 2 });
    const comment = "Komentarz, którego nie ma w dzienniku";

    // Act
    const [link] = await issueInvitations(t, visitId);
    const submitted = await t.gql<SubmitData>(SUBMIT, {
      token: link,
      input: validAnswers({ comment }),
      submissionId: "audit-submission",
    });
    const read = await t.gql(
      /* GraphQL */ `
        query Comments($id: ID!) {
          visit(id: $id) {
            feedback {
              edges {
                node {
                  answers {
                    comment
                  }
                }
              }
            }
          }
        }
      `,
      { id: visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(submitted.errors).toBeUndefined();
    expect(read.errors).toBeUndefined();
    const events = nodes(await auditLog({ entityId: visitId }));
    const issued = events.find((e) => e.fields.includes("issueInvitations"));
    expect(issued).toMatchObject({
      kind: "CHANGE",
      subgraph: "feedback",
      personalData: ["IssuedInvitation.email"],
      outcome: "OK",
    });
    // The feedback subgraph read the attendees from visits on the coordinator's behalf.
    const attendees = events.find((e) => e.operationName === "FeedbackAttendees");
    expect(attendees).toMatchObject({
      kind: "PERSONAL_DATA_ACCESS",
      userId: await t.userIdFor(Role.COORDINATOR),
      requestId: issued!.requestId,
    });
    const comments = events.find(
      (e) => e.operationName === "Comments" && e.subgraph === "feedback",
    );
    expect(comments).toMatchObject({
      kind: "PERSONAL_DATA_ACCESS",
      fields: ["_entities"],
      personalData: ["FeedbackAnswers.comment", "StudyVisit.feedback"],
    });
    const [submission] = nodes(await auditLog({ userId: "anonymous", kind: "CHANGE" }, 1));
    expect(submission).toMatchObject({ fields: ["submitFeedback"], outcome: "OK" });
    const dump = JSON.stringify(await auditCollection().find().toArray());
    expect(dump).not.toContain(comment);
    expect(dump).not.toContain(link);
  });

  it("pages newest first and filters by date range", async () => {
    // Arrange
    for (let i = 0; i < 3; i++) await createVisit(t);
    const all = nodes(await auditLog());

    // Act
    const first = await auditLog({}, 2);
    const second = await auditLog({}, 2, first.pageInfo.endCursor!);
    const future = await auditLog({ from: new Date(Date.now() + 60_000).toISOString() });

    // Assert
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect([...nodes(first), ...nodes(second)].map((e) => e.id)).toEqual(
      all.slice(0, 4).map((e) => e.id),
    );
    expect(first.totalCount).toBe(all.length);
    expect(future.edges).toEqual([]);
  });

  it("holds no participant's name or e-mail, password or token anywhere", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const name = "Bożena Audytowska-Niewidoczna";
    const email = "bozena.niewidoczna@example.pl";
    const password = "hasło-którego-nie-ma-w-dzienniku";
    const { cancelToken, registration } = await register(t, visitId, { name, email });
    const token = await t.tokenFor(Role.COORDINATOR);
    await t.gql(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            registrations {
              participant {
                name
                email
              }
            }
          }
        }
      `,
      { id: visitId },
      { token },
    );
    await t.gql(
      /* GraphQL */ `
        mutation ($email: String!, $password: String!) {
          login(email: $email, password: $password) {
            token
          }
        }
      `,
      { email, password },
    );

    // Act
    await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!, $cancelToken: String) {
          cancelRegistration(id: $id, cancelToken: $cancelToken) {
            id
          }
        }
      `,
      { id: registration.id, cancelToken },
    );
    const dump = JSON.stringify(await auditCollection().find().toArray()).toLowerCase();

    // Assert
    expect(dump).toContain(registration.id);
    for (const secret of [name, email, "niewidoczna", password, cancelToken, "bearer"]) {
      expect(dump).not.toContain(secret.toLowerCase());
    }
  });

  it("answers only an ADMIN", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query {
        auditLog {
          totalCount
        }
      }
    `;

    // Act
    const [coordinator, analyst, anonymous] = await Promise.all([
      t.gql(query, {}, { token: await t.tokenFor(Role.COORDINATOR) }),
      t.gql(query, {}, { token: await t.tokenFor(Role.ANALYST) }),
      t.gql(query),
    ]);

    // Assert
    expect(codeOf(coordinator)).toBe("FORBIDDEN");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
  });
});

describe("when the audit log cannot be written", () => {
  const calls: string[] = [];
  const failing: AuditLog = {
    record: () => {
      calls.push("record");
      return Promise.reject(new Error("disk full"));
    },
    complete: () => Promise.reject(new Error("disk full")),
    list: () => Promise.reject(new Error("unused")),
  };
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  let server: ApolloServer<RequestInfo>;
  beforeAll(async () => {
    server = new ApolloServer<RequestInfo>({
      typeDefs: /* GraphQL */ `
        type Query {
          names: [String!]!
        }
        type Mutation {
          change(id: ID!): String
        }
      `,
      resolvers: {
        Query: {
          names: (_root: unknown, _args: unknown, context: RequestInfo) => {
            context.audit.personalData.add("Query.names");
            return ["Anna Kowalska"];
          },
        },
        Mutation: {
          change: () => {
            calls.push("change");
            return "changed";
          },
        },
      },
      plugins: [auditPlugin(failing, "visits", logger)],
    });
    await server.start();
  });
  afterAll(() => server?.stop());

  const run = (query: string) =>
    server.executeOperation(
      { query },
      {
        contextValue: {
          viewer: { userId: "u1", email: "k@wizyty.test", role: Role.COORDINATOR },
          requestId: "r1",
          authorization: undefined,
          clientAddress: "203.0.113.7",
          audit: newAuditNotes(),
        },
      },
    );
  const bodyOf = (response: Awaited<ReturnType<typeof run>>) =>
    response.body.kind === "single" ? response.body.singleResult : undefined;

  it("refuses a mutation before it changes anything", async () => {
    // Arrange
    calls.length = 0;

    // Act
    const response = await run(`mutation { change(id: "v1") }`);

    // Assert
    expect(calls).toEqual(["record"]);
    expect(bodyOf(response)?.errors?.[0]?.extensions?.["code"]).toBe("SERVICE_UNAVAILABLE");
    expect(bodyOf(response)?.data).toBeUndefined();
  });

  it("withholds an answer that holds personal data", async () => {
    // Act
    const response = await run(`{ names }`);

    // Assert
    expect(bodyOf(response)?.errors?.[0]?.extensions?.["code"]).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(bodyOf(response))).not.toContain("Anna");
  });
});
