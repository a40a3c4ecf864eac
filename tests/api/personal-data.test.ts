// Participants' rights through the gateway: the export of everything held about a person, and
// erasure, proved on a full dump of every database of the store.
import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerVisitsModels } from "../../src/models/visits/index.js";
import { rebuildParticipationRollups } from "../../src/services/visits/participation-rollup.service.js";
import {
  attendedVisit,
  feedbackDb,
  ISSUE,
  type IssueData,
  issueInvitations,
  SUBMIT,
  validAnswers,
} from "../support/feedback.js";
import { startTestSmtp, type TestSmtp } from "../support/smtp.js";
import { realMongoUri } from "../support/store.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import {
  coordinatorToken,
  createVisit,
  markAttended,
  organiserDay,
  register,
} from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const NAME = "Bożena Wymazywana-Testowa";
const EMAIL = "Bozena.Wymazywana@Example.PL";
const INSTITUTION = "Gminny Ośrodek Pomocy Społecznej w Wymazowie";

const EXPORT = /* GraphQL */ `
  query ($email: String!) {
    personalData(email: $email) {
      email
      exportedAt
      registrationIds
      data
      feedback
    }
  }
`;

const ERASE = /* GraphQL */ `
  mutation ($email: String!) {
    erasePersonalData(email: $email) {
      found
      participantsErased
      registrationsErased
      rateLimitRecordsDeleted
    }
  }
`;

const CELL = "{ value suppressed }";
const OVERVIEW = /* GraphQL */ `
  query ($filter: AnalyticsFilter) {
    analyticsOverview(filter: $filter) {
      visitsHeld ${CELL} registrations ${CELL} attended ${CELL} noShows ${CELL}
      waitlisted ${CELL} attendanceRate ${CELL}
      participantsBySector { group count ${CELL} }
      participantsByGender { group count ${CELL} }
      responses ${CELL} invitationsIssued ${CELL} responseRate ${CELL}
      ratings { question responses ${CELL} mean ${CELL} }
      recommend { nps ${CELL} promoters ${CELL} passives ${CELL} detractors ${CELL} }
      cooperation { yes ${CELL} no ${CELL} undecided ${CELL} shareYes ${CELL} }
    }
  }
`;

interface ExportData {
  personalData: {
    email: string;
    registrationIds: string[];
    data: {
      participant: Record<string, unknown> | null;
      registrations: Record<string, unknown>[];
    };
    feedback: { invitations: Record<string, unknown>[]; note: string };
  };
}

/**
 * Every document of every collection of every database the store holds, as JSON. A real MongoDB
 * (MONGODB_URI) is shared with other test files and keeps its replication log in `local`: there,
 * the system's own databases only.
 */
async function fullDump(): Promise<string> {
  const { databases } = await t.store.client.db().admin().listDatabases();
  const dump: Record<string, Record<string, unknown[]>> = {};
  const ours = (name: string) => !realMongoUri || name.startsWith(`${t.config.dbName}_`);
  for (const { name } of databases.filter((d) => ours(d.name))) {
    const db = t.store.client.db(name);
    dump[name] = {};
    for (const { name: collection } of await db.listCollections().toArray()) {
      dump[name][collection] = await db.collection(collection).find({}).toArray();
    }
  }
  return JSON.stringify(dump);
}

/** The spellings a trace of the person could take. */
const traces = (text: string) => [text, text.toLowerCase(), text.toUpperCase()];

function expectNoTrace(dump: string, ...texts: string[]) {
  for (const text of texts) {
    for (const spelling of traces(text)) expect(dump).not.toContain(spelling);
  }
}

async function analytics(visitIds: string[]): Promise<unknown[]> {
  const token = await t.tokenFor(Role.ADMIN);
  const filters = [
    null,
    { from: "2017-01-01", to: "2017-12-31" },
    ...visitIds.map((visitId) => ({ visitId })),
  ];
  return Promise.all(
    filters.map(async (filter) => {
      const result = await t.gql(OVERVIEW, { filter }, { token });
      expect(result.errors).toBeUndefined();
      return result.data;
    }),
  );
}

async function rollups(): Promise<unknown[]> {
  const visits = t.store.client.db(`${t.config.dbName}_visits`);
  const feedback = feedbackDb(t);
  const sorted = async (db: typeof visits, name: string) =>
    (
      await db
        .collection(name)
        .find({}, { projection: { _id: 0 } })
        .toArray()
    )
      .map((doc) => JSON.stringify(doc))
      .sort();
  return Promise.all([
    sorted(visits, "participationRollups"),
    sorted(visits, "visitsHeldRollups"),
    sorted(feedback, "feedbackRollups"),
    sorted(feedback, "visitFeedbackRollups"),
  ]);
}

/**
 * A person who attended a past visit and answered its feedback form, is registered for a visit
 * still to come, and mistyped a sign-in with their address; others alongside them.
 */
async function personWithHistory() {
  const coordinator = await coordinatorToken(t);
  const past = await attendedVisit(t, { attendees: 5 });
  const { registration } = await register(t, past.visitId, {
    name: NAME,
    email: EMAIL,
    institution: INSTITUTION,
    gender: "WOMAN",
    sector: "NGO",
  });
  await markAttended(t, registration.id);
  const tokens = await issueInvitations(t, past.visitId);
  for (const [i, token] of tokens.entries()) {
    const submitted = await t.gql(SUBMIT, {
      token,
      input: validAnswers({ recommend: i % 11 }),
      submissionId: `submission-${i}`,
    });
    expect(submitted.errors).toBeUndefined();
  }
  const future = await createVisit(t, { startDate: organiserDay(30), endDate: organiserDay(31) });
  await register(t, future, { name: NAME, email: EMAIL, institution: INSTITUTION, sector: "NGO" });
  await register(t, future);
  const login = await t.gql(
    /* GraphQL */ `
      mutation ($email: String!) {
        login(email: $email, password: "not the password at all") {
          token
        }
      }
    `,
    { email: EMAIL },
  );
  expect(codeOf(login)).toBe("UNAUTHENTICATED");
  return { coordinator, visitIds: [past.visitId, future], attended: registration.id };
}

describe("personalData", () => {
  it("exports the participant, every registration with its visit and consent, and the invitations' metadata, never a token or hash", async () => {
    // Arrange
    const { coordinator, visitIds, attended } = await personWithHistory();

    // Act
    const result = await t.gql<ExportData>(
      EXPORT,
      { email: `  ${EMAIL.toUpperCase()} ` },
      {
        token: coordinator,
      },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const exported = result.data!.personalData;
    expect(exported.email).toBe(EMAIL.toLowerCase());
    expect(exported.data.participant).toMatchObject({
      name: NAME,
      email: EMAIL.toLowerCase(),
      institution: INSTITUTION,
      gender: "WOMAN",
      sector: "NGO",
    });
    expect(exported.data.registrations.map((r) => (r["visit"] as { id: string }).id)).toEqual(
      visitIds,
    );
    expect(exported.data.registrations[0]).toMatchObject({
      id: attended,
      status: "ATTENDED",
      institution: INSTITUTION,
      consentVersion: expect.any(String),
      consentText: expect.stringMatching(/Wyrażam zgodę/),
    });
    expect(exported.feedback.invitations).toEqual([
      expect.objectContaining({
        registrationId: attended,
        visitId: visitIds[0],
        usedOn: expect.any(String),
      }),
    ]);
    expect(exported.feedback.note).toMatch(/anonymous/);
    expect(JSON.stringify(exported)).not.toMatch(
      /tokenHash|submissionHash|cancelToken|passwordHash/,
    );
    const invitation = await feedbackDb(t)
      .collection("invitations")
      .findOne({ registrationId: attended });
    expect(JSON.stringify(exported)).not.toContain(invitation!["tokenHash"] as string);
  });

  it("is for ADMIN and COORDINATOR only", async () => {
    // Act
    const analyst = await t.gql(
      EXPORT,
      { email: EMAIL },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const anonymous = await t.gql(EXPORT, { email: EMAIL });
    const erase = await t.gql(ERASE, { email: EMAIL }, { token: await t.tokenFor(Role.ANALYST) });

    // Assert
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(erase)).toBe("FORBIDDEN");
  });
});

describe("erasePersonalData", () => {
  it("leaves no trace of the name, e-mail or institution in any database, and every count as it was", async () => {
    // Arrange: the person of the export test, and their data in the store before.
    const visits = await t.store.client
      .db(`${t.config.dbName}_visits`)
      .collection("visits")
      .find({}, { projection: { _id: 1 } })
      .toArray();
    const visitIds = visits.map((v) => v._id.toHexString());
    const before = await fullDump();
    expect(before).toContain(EMAIL.toLowerCase());
    expect(before).toContain(NAME);
    const analyticsBefore = await analytics(visitIds);
    const rollupsBefore = await rollups();
    const responsesBefore = await feedbackDb(t).collection("feedbackResponses").find({}).toArray();

    // Act
    const result = await t.gql<{ erasePersonalData: Record<string, unknown> }>(
      ERASE,
      { email: EMAIL },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.erasePersonalData).toEqual({
      found: true,
      participantsErased: 1,
      registrationsErased: 2,
      rateLimitRecordsDeleted: 1,
    });
    expectNoTrace(await fullDump(), NAME, EMAIL, INSTITUTION);
    expect(await analytics(visitIds)).toEqual(analyticsBefore);
    expect(await rollups()).toEqual(rollupsBefore);
    expect(await feedbackDb(t).collection("feedbackResponses").find({}).toArray()).toEqual(
      responsesBefore,
    );
    // A rebuild from the erased records counts the same (gender and sector were kept).
    await rebuildParticipationRollups(
      registerVisitsModels(
        t.system.database!.connection.useDb(`${t.config.dbName}_visits`, { useCache: true }),
      ),
    );
    expect(await analytics(visitIds)).toEqual(analyticsBefore);
    const exported = await t.gql<ExportData>(
      EXPORT,
      { email: EMAIL },
      {
        token: await t.tokenFor(Role.ADMIN),
      },
    );
    expect(exported.data!.personalData.data.participant).toBeNull();
  });

  it("is safe to repeat, and finds nothing for an unknown address", async () => {
    // Act
    const again = await t.gql(
      ERASE,
      { email: EMAIL },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({
      erasePersonalData: {
        found: false,
        participantsErased: 0,
        registrationsErased: 0,
        rateLimitRecordsDeleted: 0,
      },
    });
  });
});

describe("cancelling a registration", () => {
  it("erases what the consent covered, keeps what the counts need, and the status page still answers", async () => {
    // Arrange
    const visitId = await createVisit(t, {
      startDate: organiserDay(20),
      endDate: organiserDay(20),
    });
    const person = {
      name: "Celina Rezygnująca",
      email: "celina.rezygnujaca@example.pl",
      institution: "Fundacja Rezygnacji",
    };
    const { registration, cancelToken } = await register(t, visitId, {
      ...person,
      sector: "BUSINESS",
    });

    // Act
    const cancelled = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!, $token: String) {
          cancelRegistration(id: $id, cancelToken: $token) {
            status
          }
        }
      `,
      { id: registration.id, token: cancelToken },
    );
    const status = await t.gql<{ registrationStatus: Record<string, unknown> }>(
      /* GraphQL */ `
        query ($id: ID!, $token: String!) {
          registrationStatus(id: $id, cancelToken: $token) {
            status
            sector
            cancelledAt
            visit {
              id
            }
            participant {
              erasedAt
            }
          }
        }
      `,
      { id: registration.id, token: cancelToken },
    );

    // Assert
    expect(cancelled.errors).toBeUndefined();
    expect(status.errors).toBeUndefined();
    expect(status.data!.registrationStatus).toMatchObject({
      status: "CANCELLED",
      sector: "BUSINESS",
      cancelledAt: expect.any(String),
      visit: { id: visitId },
      participant: { erasedAt: expect.any(String) },
    });
    expectNoTrace(await fullDump(), person.name, person.email, person.institution);
  });

  it("keeps the person's data while another registration of theirs still needs it", async () => {
    // Arrange
    const email = "dorota.dwukrotna@example.pl";
    const first = await createVisit(t, { startDate: organiserDay(20), endDate: organiserDay(20) });
    const second = await createVisit(t, { startDate: organiserDay(40), endDate: organiserDay(40) });
    const { registration, cancelToken } = await register(t, first, {
      email,
      name: "Dorota Dwukrotna",
    });
    await register(t, second, { email, name: "Dorota Dwukrotna" });

    // Act
    const cancelled = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!, $token: String) {
          cancelRegistration(id: $id, cancelToken: $token) {
            status
            institution
          }
        }
      `,
      { id: registration.id, token: cancelToken },
    );

    // Assert
    expect(cancelled.data).toEqual({
      cancelRegistration: { status: "CANCELLED", institution: "—" },
    });
    const participant = await t.store.client
      .db(`${t.config.dbName}_visits`)
      .collection("participants")
      .findOne({ email });
    expect(participant).toMatchObject({ name: "Dorota Dwukrotna", erasedAt: null });
  });
});

describe("cancelling a visit", () => {
  it("erases the people it cancels, who have no other registration", async () => {
    // Arrange
    const visitId = await createVisit(t, {
      startDate: organiserDay(25),
      endDate: organiserDay(25),
    });
    const person = {
      name: "Halina Odwołana",
      email: "halina.odwolana@example.pl",
      institution: "Spółdzielnia Odwołań",
    };
    const { registration } = await register(t, visitId, person);

    // Act
    const result = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          updateVisit(id: $id, input: { status: CANCELLED }) {
            status
          }
        }
      `,
      { id: visitId },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const row = await t.store.client
      .db(`${t.config.dbName}_visits`)
      .collection("registrations")
      .findOne({ _id: new ObjectId(registration.id) });
    expect(row).toMatchObject({ status: "CANCELLED", institution: "—" });
    expectNoTrace(await fullDump(), person.name, person.email, person.institution);
  });
});

describe("PersonalDataExport _entities in the feedback subgraph", () => {
  it("answers the feedback part for the registration ids the gateway sends, to staff with personal-data rights", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on PersonalDataExport {
            feedback
          }
        }
      }
    `;
    const representations = [
      { __typename: "PersonalDataExport", email: "nobody@example.pl", registrationIds: [] },
    ];

    // Act
    const coordinator = await t.subgraph(
      "feedback",
      query,
      { representations },
      {
        token: await t.tokenFor(Role.COORDINATOR),
      },
    );
    const analyst = await t.subgraph(
      "feedback",
      query,
      { representations },
      {
        token: await t.tokenFor(Role.ANALYST),
      },
    );

    // Assert
    expect(coordinator.errors).toBeUndefined();
    expect(coordinator.data).toEqual({
      _entities: [{ feedback: { invitations: [], note: expect.stringMatching(/anonymous/) } }],
    });
    expect(codeOf(analyst)).toBe("FORBIDDEN");
  });
});

describe("mail after an erasure", () => {
  let mailed: TestSystem;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    mailed = await startTestSystem({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await mailed?.close();
    await smtp?.close();
  });

  it("hands an erased attendee's feedback invitation out as a link only, never e-mailed to the placeholder", async () => {
    // Arrange
    const visit = await attendedVisit(mailed, { attendees: 2 });
    const erased = await mailed.gql(
      ERASE,
      { email: visit.emails[0] },
      {
        token: await mailed.tokenFor(Role.ADMIN),
      },
    );
    expect(erased.errors).toBeUndefined();

    // Act
    const issued = await mailed.gql<IssueData>(
      ISSUE,
      { visitId: visit.visitId },
      {
        token: await mailed.tokenFor(Role.COORDINATOR),
      },
    );

    // Assert
    expect(issued.errors).toBeUndefined();
    const byRegistration = new Map(
      issued.data!.issueInvitations.invitations.map((i) => [i.registrationId, i]),
    );
    expect(byRegistration.get(visit.registrationIds[0]!)).toMatchObject({
      name: "—",
      emailed: false,
    });
    expect(byRegistration.get(visit.registrationIds[1]!)).toMatchObject({ emailed: true });
    expect(smtp.received.map((m) => m.to)).toEqual([[visit.emails[1]]]);
  });

  it("tells only the people not erased that their visit is cancelled", async () => {
    // Arrange
    const visitId = await createVisit(mailed, {
      startDate: organiserDay(15),
      endDate: organiserDay(15),
    });
    const kept = "kasia.zostaje@example.pl";
    await register(mailed, visitId, { email: "jola.wymazana@example.pl" });
    await register(mailed, visitId, { email: kept });
    await mailed.gql(
      ERASE,
      { email: "jola.wymazana@example.pl" },
      {
        token: await mailed.tokenFor(Role.ADMIN),
      },
    );
    const before = smtp.received.length;

    // Act
    const cancelled = await mailed.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          updateVisit(id: $id, input: { status: CANCELLED }) {
            status
          }
        }
      `,
      { id: visitId },
      { token: await mailed.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(cancelled.errors).toBeUndefined();
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([[kept]]);
  });
});
