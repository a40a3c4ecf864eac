import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import {
  coordinatorToken,
  createVisit,
  organiserDay,
  REGISTER,
  register,
  type RegistrationData,
  registrationInput,
  visitCounts,
} from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const CANCEL = /* GraphQL */ `
  mutation ($id: ID!, $token: String) {
    cancelRegistration(id: $id, cancelToken: $token) {
      id
      status
      waitlistPosition
      cancelledAt
    }
  }
`;

const MARK = /* GraphQL */ `
  mutation ($id: ID!, $attended: Boolean!) {
    markAttendance(registrationId: $id, attended: $attended) {
      id
      status
    }
  }
`;

describe("registerForVisit", () => {
  it("registers without a token, records the consent and hides personal data", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 3 });

    // Act
    const result = await t.gql<{
      registerForVisit: {
        cancelToken: string;
        registration: Record<string, unknown> & { visit: { id: string; seatsLeft: number } };
      };
    }>(
      /* GraphQL */ `
        mutation ($input: RegistrationInput!) {
          registerForVisit(input: $input) {
            cancelToken
            registration {
              status
              waitlistPosition
              sector
              institution
              consentText
              consentVersion
              consentedAt
              createdAt
              visit {
                id
                seatsLeft
              }
            }
          }
        }
      `,
      {
        input: registrationInput(visitId, {
          email: "Anna.Kowalska@Example.PL",
          sector: "SOCIAL_ECONOMY_ENTITY",
          institution: "Spółdzielnia Socjalna „Zioła Siedleckie”",
        }),
      },
    );
    const consent = await t.gql<{ registrationConsent: { version: string; text: string } }>(
      /* GraphQL */ `
        {
          registrationConsent {
            version
            text
          }
        }
      `,
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const { cancelToken, registration } = result.data!.registerForVisit;
    expect(cancelToken.length).toBeGreaterThanOrEqual(32);
    expect(registration).toMatchObject({
      status: "REGISTERED",
      waitlistPosition: null,
      sector: "SOCIAL_ECONOMY_ENTITY",
      institution: "Spółdzielnia Socjalna „Zioła Siedleckie”",
      consentText: consent.data!.registrationConsent.text,
      consentVersion: consent.data!.registrationConsent.version,
      visit: { id: visitId, seatsLeft: 2 },
    });
    expect(consent.data!.registrationConsent.text).toMatch(/Wyrażam zgodę/);
    expect(Date.parse(registration["consentedAt"] as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps the participant's e-mail lower-cased and shows it to coordinators only", async () => {
    // Arrange
    const visitId = await createVisit(t);
    await register(t, visitId, { email: "Jan.Nowak@Example.PL", name: "Jan Nowak" });
    const query = /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          registrations {
            participant {
              name
              email
              gender
            }
          }
        }
      }
    `;

    // Act
    const coordinator = await t.gql<{
      visit: { registrations: { participant: Record<string, unknown> }[] };
    }>(query, { id: visitId }, { token: await coordinatorToken(t) });
    const analyst = await t.gql(query, { id: visitId }, { token: await t.tokenFor(Role.ANALYST) });
    const anonymous = await t.gql(query, { id: visitId });

    // Assert
    expect(coordinator.errors).toBeUndefined();
    expect(coordinator.data!.visit.registrations[0]!.participant).toEqual({
      name: "Jan Nowak",
      email: "jan.nowak@example.pl",
      gender: "WOMAN",
    });
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
  });

  it("shows the anonymous registrant their registration in full, participant and cancel token included", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const input = registrationInput(visitId, { name: "Zofia Wrona", email: "Zofia@Example.PL" });

    // Act
    const result = await t.gql<{
      registerForVisit: {
        cancelToken: string;
        registration: { id: string; participant: Record<string, unknown> };
      };
    }>(
      /* GraphQL */ `
        mutation ($input: RegistrationInput!) {
          registerForVisit(input: $input) {
            cancelToken
            registration {
              id
              participant {
                name
                email
                gender
                institution
                sector
              }
            }
          }
        }
      `,
      { input },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const { cancelToken, registration } = result.data!.registerForVisit;
    expect(registration.participant).toEqual({
      name: "Zofia Wrona",
      email: "zofia@example.pl",
      gender: input.gender,
      institution: input.institution,
      sector: input.sector,
    });
    const cancelled = await t.gql(CANCEL, { id: registration.id, token: cancelToken });
    expect(cancelled.errors).toBeUndefined();
  });

  it("shows the registrant nobody else's personal data, in the same answer or a later one", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const other = await register(t, visitId);

    // Act
    const sameAnswer = await t.gql(
      /* GraphQL */ `
        mutation ($input: RegistrationInput!) {
          registerForVisit(input: $input) {
            registration {
              participant {
                name
              }
              visit {
                registrations {
                  participant {
                    name
                  }
                }
              }
            }
          }
        }
      `,
      { input: registrationInput(visitId) },
    );
    const laterAnswer = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          cancelRegistration(id: $id) {
            participant {
              name
            }
          }
        }
      `,
      { id: other.registration.id },
    );

    // Assert
    expect(sameAnswer.errors?.map((e) => [e.path, e.extensions?.["code"]])).toEqual([
      [["registerForVisit", "registration", "visit", "registrations"], "UNAUTHENTICATED"],
    ]);
    expect(codeOf(laterAnswer)).toBe("UNAUTHENTICATED");
    const counts = await visitCounts(t, visitId);
    expect(counts.registrations.map((r) => r.status)).toEqual(["REGISTERED", "REGISTERED"]);
  });

  it("shows the registration in full to whoever cancels it with its token, and to nobody without", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId, { name: "Jan Sowa" });
    const WITH_PARTICIPANT = /* GraphQL */ `
      mutation ($id: ID!, $token: String) {
        cancelRegistration(id: $id, cancelToken: $token) {
          status
          participant {
            name
          }
        }
      }
    `;

    // Act
    const analyst = await t.gql(
      WITH_PARTICIPANT,
      { id: registration.id, token: null },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const holder = await t.gql(WITH_PARTICIPANT, { id: registration.id, token: cancelToken });

    // Assert
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(holder.errors).toBeUndefined();
    // Cancelling withdrew the consent: the name is gone already in the answer.
    expect(holder.data).toEqual({
      cancelRegistration: { status: "CANCELLED", participant: { name: "—" } },
    });
  });

  it.each([
    ["input.consent", { consent: false }],
    ["input.email", { email: "not-an-address" }],
    ["input.name", { name: "   " }],
    ["input.institution", { institution: "" }],
  ])("rejects a bad %s with BAD_USER_INPUT naming the field", async (field, change) => {
    // Arrange
    const visitId = await createVisit(t);

    // Act
    const result = await t.gql(REGISTER, { input: registrationInput(visitId, change) });

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
    expect((await visitCounts(t, visitId)).registrations).toEqual([]);
  });

  it("rejects an unknown sector before it reaches the service", async () => {
    // Arrange
    const visitId = await createVisit(t);

    // Act
    const result = await t.gql(REGISTER, {
      input: registrationInput(visitId, { sector: "ASTRONAUTS" }),
    });

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });

  it("answers NOT_FOUND, naming visitId, for a visit that does not exist or is not public", async () => {
    // Arrange
    const planned = await createVisit(t, { status: "PLANNED" });

    // Act
    const missing = await t.gql(REGISTER, {
      input: registrationInput("0123456789abcdef01234567"),
    });
    const malformed = await t.gql(REGISTER, { input: registrationInput("nonsense") });
    const hidden = await t.gql(REGISTER, { input: registrationInput(planned) });

    // Assert
    for (const result of [missing, malformed, hidden]) {
      expect(codeOf(result)).toBe("NOT_FOUND");
      expect(result.errors![0]!.extensions!["field"]).toBe("input.visitId");
    }
  });

  it.each(["PLANNED", "COMPLETED", "CANCELLED"])(
    "refuses with REGISTRATION_CLOSED when the visit is %s",
    async (status) => {
      // Arrange
      const visitId = await createVisit(t, { status });

      // Act
      const result = await t.gql(
        REGISTER,
        { input: registrationInput(visitId) },
        { token: await coordinatorToken(t) },
      );

      // Assert
      expect(codeOf(result)).toBe("CONFLICT");
      expect(result.errors![0]!.extensions!["reason"]).toBe("REGISTRATION_CLOSED");
    },
  );

  it("refuses a second active registration with the same e-mail, in any case", async () => {
    // Arrange
    const visitId = await createVisit(t);
    await register(t, visitId, { email: "ewa@example.pl" });

    // Act
    const again = await t.gql(REGISTER, {
      input: registrationInput(visitId, { email: "EWA@Example.pl" }),
    });

    // Assert
    expect(codeOf(again)).toBe("CONFLICT");
    expect(again.errors![0]!.extensions!["reason"]).toBe("DUPLICATE");
    const counts = await visitCounts(t, visitId);
    expect(counts.registeredCount).toBe(1);
    expect(counts.registrations).toHaveLength(1);
  });

  it("lets a person register again after cancelling, and for other visits", async () => {
    // Arrange
    const first = await createVisit(t);
    const second = await createVisit(t);
    const { registration, cancelToken } = await register(t, first, { email: "ola@example.pl" });
    await t.gql(CANCEL, { id: registration.id, token: cancelToken });

    // Act
    const again = await t.gql<RegistrationData>(REGISTER, {
      input: registrationInput(first, { email: "ola@example.pl" }),
    });
    const other = await t.gql<RegistrationData>(REGISTER, {
      input: registrationInput(second, { email: "ola@example.pl" }),
    });

    // Assert
    expect(again.errors).toBeUndefined();
    expect(other.errors).toBeUndefined();
    expect((await visitCounts(t, first)).registrations.map((r) => r.status)).toEqual([
      "CANCELLED",
      "REGISTERED",
    ]);
  });

  it("never overbooks: 20 concurrent registrations for 5 seats", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 5 });

    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.gql<RegistrationData>(REGISTER, { input: registrationInput(visitId) }),
      ),
    );

    // Assert
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const statuses = results.map((r) => r.data!.registerForVisit.registration);
    expect(statuses.filter((r) => r.status === "REGISTERED")).toHaveLength(5);
    const waitlisted = statuses.filter((r) => r.status === "WAITLISTED");
    expect(waitlisted.map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    const counts = await visitCounts(t, visitId);
    expect(counts).toMatchObject({ registeredCount: 5, waitlistCount: 15, seatsLeft: 0 });
    expect(counts.registrations.filter((r) => r.status === "REGISTERED")).toHaveLength(5);
    // The positions stored agree with what each caller was told.
    const told = new Map(statuses.map((r) => [r.id, r.waitlistPosition]));
    for (const r of counts.registrations) expect(r.waitlistPosition).toBe(told.get(r.id));
  });
});

describe("cancelRegistration", () => {
  it("with the participant's token frees the seat for the first on the waitlist", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 2 });
    const seated = await register(t, visitId);
    await register(t, visitId);
    const first = await register(t, visitId);
    const second = await register(t, visitId);

    // Act
    const result = await t.gql<{ cancelRegistration: { status: string; cancelledAt: string } }>(
      CANCEL,
      { id: seated.registration.id, token: seated.cancelToken },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.cancelRegistration.status).toBe("CANCELLED");
    expect(result.data!.cancelRegistration.cancelledAt).toBeTruthy();
    const counts = await visitCounts(t, visitId);
    expect(counts).toMatchObject({ registeredCount: 2, waitlistCount: 1, seatsLeft: 0 });
    const byId = new Map(counts.registrations.map((r) => [r.id, r]));
    expect(byId.get(first.registration.id)).toMatchObject({
      status: "REGISTERED",
      waitlistPosition: null,
    });
    expect(byId.get(second.registration.id)).toMatchObject({
      status: "WAITLISTED",
      waitlistPosition: 1,
    });
  });

  it("frees the seat when nobody waits, and leaves the queue when a waitlisted one cancels", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 1 });
    const seated = await register(t, visitId);
    const waiting = await register(t, visitId);
    const last = await register(t, visitId);

    // Act
    await t.gql(CANCEL, { id: waiting.registration.id, token: waiting.cancelToken });
    const afterWaiting = await visitCounts(t, visitId);
    await t.gql(CANCEL, { id: seated.registration.id, token: seated.cancelToken });
    await t.gql(CANCEL, { id: last.registration.id, token: last.cancelToken });
    const afterAll = await visitCounts(t, visitId);

    // Assert
    expect(afterWaiting).toMatchObject({ registeredCount: 1, waitlistCount: 1 });
    expect(afterWaiting.registrations.find((r) => r.id === last.registration.id)).toMatchObject({
      waitlistPosition: 1,
    });
    expect(afterAll).toMatchObject({ registeredCount: 0, waitlistCount: 0, seatsLeft: 1 });
  });

  it("gives a seat freed while registration is paused to the waitlist, not to a newcomer", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 1 });
    const seated = await register(t, visitId);
    const waiting = await register(t, visitId);
    const token = await coordinatorToken(t);
    const setStatus = (status: string) =>
      t.gql(
        /* GraphQL */ `
          mutation ($id: ID!, $status: VisitStatus!) {
            updateVisit(id: $id, input: { status: $status }) {
              id
            }
          }
        `,
        { id: visitId, status },
        { token },
      );
    await setStatus("PLANNED");

    // Act
    await t.gql(CANCEL, { id: seated.registration.id, token: seated.cancelToken });
    await setStatus("OPEN_FOR_REGISTRATION");
    const newcomer = await register(t, visitId);

    // Assert
    const counts = await visitCounts(t, visitId);
    expect(counts.registrations.find((r) => r.id === waiting.registration.id)?.status).toBe(
      "REGISTERED",
    );
    expect(newcomer.registration).toMatchObject({ status: "WAITLISTED", waitlistPosition: 1 });
  });

  it("as a coordinator needs no token", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration } = await register(t, visitId);

    // Act
    const result = await t.gql(
      CANCEL,
      { id: registration.id },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect((await visitCounts(t, visitId)).registeredCount).toBe(0);
  });

  it("without a token needs ADMIN or COORDINATOR; a wrong token is FORBIDDEN", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId);

    // Act
    const anonymous = await t.gql(CANCEL, { id: registration.id });
    const analyst = await t.gql(
      CANCEL,
      { id: registration.id },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const wrong = await t.gql(CANCEL, { id: registration.id, token: `${cancelToken}x` });

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(wrong)).toBe("FORBIDDEN");
    expect((await visitCounts(t, visitId)).registeredCount).toBe(1);
  });

  it("twice answers ALREADY_CANCELLED; an unknown id NOT_FOUND", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId);
    await t.gql(CANCEL, { id: registration.id, token: cancelToken });

    // Act
    const again = await t.gql(CANCEL, { id: registration.id, token: cancelToken });
    const unknown = await t.gql(CANCEL, { id: "0123456789abcdef01234567", token: cancelToken });

    // Assert
    expect(codeOf(again)).toBe("CONFLICT");
    expect(again.errors![0]!.extensions!["reason"]).toBe("ALREADY_CANCELLED");
    expect(codeOf(unknown)).toBe("NOT_FOUND");
    expect((await visitCounts(t, visitId)).registeredCount).toBe(0);
  });

  it("keeps the counts right under concurrent cancellations", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 4 });
    const all = [];
    for (let i = 0; i < 10; i++) all.push(await register(t, visitId));
    const seated = all.slice(0, 4);

    // Act: all four seat holders and the first two waitlisted cancel at once, one of them twice
    const cancellations = [...seated, all[4]!, all[5]!, seated[0]!].map((r) =>
      t.gql(CANCEL, { id: r.registration.id, token: r.cancelToken }),
    );
    const results = await Promise.all(cancellations);

    // Assert
    const failures = results.filter((r) => r.errors);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.errors![0]!.extensions!["reason"]).toBe("ALREADY_CANCELLED");
    const counts = await visitCounts(t, visitId);
    expect(counts).toMatchObject({ registeredCount: 4, waitlistCount: 0, seatsLeft: 0 });
    const registered = counts.registrations.filter((r) => r.status === "REGISTERED");
    expect(registered.map((r) => r.id).sort()).toEqual(
      all
        .slice(6)
        .map((r) => r.registration.id)
        .sort(),
    );
  });
});

describe("registrationStatus", () => {
  const STATUS = /* GraphQL */ `
    query ($id: ID!, $token: String!) {
      registrationStatus(id: $id, cancelToken: $token) {
        id
        status
        waitlistPosition
        participant {
          name
        }
      }
    }
  `;
  type StatusData = {
    registrationStatus: {
      status: string;
      waitlistPosition: number | null;
      participant: { name: string };
    };
  };

  it("shows the registrant their place in line, moving up as people ahead cancel", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 1 });
    const seated = await register(t, visitId);
    const ahead = await register(t, visitId);
    const mine = await register(t, visitId, { name: "Ewa Zając" });
    const read = () =>
      t.gql<StatusData>(STATUS, { id: mine.registration.id, token: mine.cancelToken });

    // Act
    const before = await read();
    await t.gql(CANCEL, { id: ahead.registration.id, token: ahead.cancelToken });
    const afterAhead = await read();
    await t.gql(CANCEL, { id: seated.registration.id, token: seated.cancelToken });
    const afterSeated = await read();

    // Assert
    expect(before.errors).toBeUndefined();
    expect(before.data!.registrationStatus).toEqual({
      id: mine.registration.id,
      status: "WAITLISTED",
      waitlistPosition: 2,
      participant: { name: "Ewa Zając" },
    });
    expect(afterAhead.data!.registrationStatus).toMatchObject({
      status: "WAITLISTED",
      waitlistPosition: 1,
    });
    expect(afterSeated.data!.registrationStatus).toMatchObject({
      status: "REGISTERED",
      waitlistPosition: null,
    });
  });

  it("shows a cancelled registration as CANCELLED", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId);
    await t.gql(CANCEL, { id: registration.id, token: cancelToken });

    // Act
    const result = await t.gql<StatusData>(STATUS, { id: registration.id, token: cancelToken });

    // Assert
    expect(result.data!.registrationStatus).toMatchObject({
      status: "CANCELLED",
      waitlistPosition: null,
    });
  });

  it("answers a wrong token exactly like an unknown id, NOT_FOUND", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId);

    // Act
    const wrong = await t.gql(STATUS, { id: registration.id, token: `${cancelToken}x` });
    const unknown = await t.gql(STATUS, { id: "0123456789abcdef01234567", token: cancelToken });
    const malformed = await t.gql(STATUS, { id: "not-an-id", token: cancelToken });

    // Assert
    expect(wrong.data).toBeNull();
    expect(codeOf(wrong)).toBe("NOT_FOUND");
    expect(codeOf(unknown)).toBe("NOT_FOUND");
    expect(codeOf(malformed)).toBe("NOT_FOUND");
    expect(wrong.errors![0]!.message.replace(registration.id, "ID")).toBe(
      unknown.errors![0]!.message.replace("0123456789abcdef01234567", "ID"),
    );
  });
});

describe("markAttendance", () => {
  it("records attended and no-show for seat holders, both ways", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration } = await register(t, visitId);
    const token = await coordinatorToken(t);

    // Act
    const noShow = await t.gql<{ markAttendance: { status: string } }>(
      MARK,
      { id: registration.id, attended: false },
      { token },
    );
    const attended = await t.gql<{ markAttendance: { status: string } }>(
      MARK,
      { id: registration.id, attended: true },
      { token },
    );

    // Assert
    expect(noShow.data?.markAttendance.status).toBe("NO_SHOW");
    expect(attended.data?.markAttendance.status).toBe("ATTENDED");
    expect(await visitCounts(t, visitId)).toMatchObject({ registeredCount: 1, seatsLeft: 19 });
  });

  it("waits for the visit's first day (in Warsaw) with VISIT_NOT_STARTED, then records", async () => {
    // Arrange
    const tomorrow = await createVisit(t, {
      startDate: organiserDay(1),
      endDate: organiserDay(2),
    });
    const today = await createVisit(t, { startDate: organiserDay(0), endDate: organiserDay(1) });
    const early = await register(t, tomorrow);
    const onTheDay = await register(t, today);
    const token = await coordinatorToken(t);

    // Act
    const refused = await t.gql(MARK, { id: early.registration.id, attended: true }, { token });
    const recorded = await t.gql<{ markAttendance: { status: string } }>(
      MARK,
      { id: onTheDay.registration.id, attended: true },
      { token },
    );

    // Assert
    expect(codeOf(refused)).toBe("CONFLICT");
    expect(refused.errors![0]!.extensions!["reason"]).toBe("VISIT_NOT_STARTED");
    expect(refused.errors![0]!.message).toContain(organiserDay(1));
    expect((await visitCounts(t, tomorrow)).registrations).toMatchObject([
      { id: early.registration.id, status: "REGISTERED" },
    ]);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.markAttendance.status).toBe("ATTENDED");
  });

  it("refuses waitlisted and cancelled registrations with CONFLICT", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 1 });
    const seated = await register(t, visitId);
    const waiting = await register(t, visitId);
    const token = await coordinatorToken(t);
    await t.gql(CANCEL, { id: seated.registration.id }, { token });
    const cancelled = seated;
    const promoted = waiting;
    const stillWaiting = await register(t, visitId);

    // Act
    const onCancelled = await t.gql(
      MARK,
      { id: cancelled.registration.id, attended: true },
      { token },
    );
    const onWaiting = await t.gql(
      MARK,
      { id: stillWaiting.registration.id, attended: true },
      { token },
    );
    const onPromoted = await t.gql(
      MARK,
      { id: promoted.registration.id, attended: true },
      { token },
    );

    // Assert
    expect(codeOf(onCancelled)).toBe("CONFLICT");
    expect(codeOf(onWaiting)).toBe("CONFLICT");
    expect(onWaiting.errors![0]!.extensions!["reason"]).toBe("INVALID_TRANSITION");
    expect(onPromoted.errors).toBeUndefined();
  });

  it("needs ADMIN or COORDINATOR and an existing registration", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration } = await register(t, visitId);

    // Act
    const anonymous = await t.gql(MARK, { id: registration.id, attended: true });
    const analyst = await t.gql(
      MARK,
      { id: registration.id, attended: true },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const unknown = await t.gql(
      MARK,
      { id: "0123456789abcdef01234567", attended: true },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(unknown)).toBe("NOT_FOUND");
  });

  it("a cancelled registration whose attendance was recorded cannot be cancelled", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const { registration, cancelToken } = await register(t, visitId);
    await t.gql(
      MARK,
      { id: registration.id, attended: true },
      { token: await coordinatorToken(t) },
    );

    // Act
    const result = await t.gql(CANCEL, { id: registration.id, token: cancelToken });

    // Assert
    expect(codeOf(result)).toBe("CONFLICT");
    expect(result.errors![0]!.extensions!["reason"]).toBe("INVALID_TRANSITION");
  });
});

describe("visit.registrations", () => {
  it("filters by status", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 1 });
    await register(t, visitId);
    await register(t, visitId);

    // Act
    const result = await t.gql<{ visit: { registrations: { status: string }[] } }>(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            registrations(status: WAITLISTED) {
              status
              waitlistPosition
            }
          }
        }
      `,
      { id: visitId },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(result.data!.visit.registrations).toEqual([
      { status: "WAITLISTED", waitlistPosition: 1 },
    ]);
  });
});
