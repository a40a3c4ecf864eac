import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestSmtp, type TestSmtp, unfolded } from "../support/smtp.js";
import {
  codeOf,
  type GraphQLResult,
  Role,
  startTestSystem,
  type TestSystem,
} from "../support/system.js";
import {
  coordinatorToken,
  createOrganization,
  createVisit,
  markAttended,
  organiserDay,
  register,
  VISIT_INPUT,
  visitCounts,
} from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const CREATE = /* GraphQL */ `
  mutation ($input: VisitInput!) {
    createVisit(input: $input) {
      id
      title
      status
      startDate
      endDate
      capacity
      seatsLeft
      subregion {
        code
      }
      county {
        teryt
      }
      photoCredit
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: VisitUpdateInput!) {
    updateVisit(id: $id, input: $input) {
      id
      title
      status
      startDate
      endDate
      capacity
      description
      county {
        teryt
      }
    }
  }
`;

const ADD_STOP = /* GraphQL */ `
  mutation ($visitId: ID!, $input: VisitStopInput!) {
    addVisitStop(visitId: $visitId, input: $input) {
      stops {
        order
        day
        host {
          id
          name
        }
        topics
      }
    }
  }
`;

const REMOVE_STOP = /* GraphQL */ `
  mutation ($visitId: ID!, $order: Int!) {
    removeVisitStop(visitId: $visitId, order: $order) {
      stops {
        order
        day
        host {
          name
        }
      }
    }
  }
`;

const MOVE_STOP = /* GraphQL */ `
  mutation ($visitId: ID!, $order: Int!, $toOrder: Int!) {
    moveVisitStop(visitId: $visitId, order: $order, toOrder: $toOrder) {
      stops {
        order
        day
        host {
          id
          name
        }
        topics
      }
    }
  }
`;

interface Stops {
  stops: { order: number; day: number; host: { id: string; name: string }; topics: string[] }[];
}

function expectBadInput(result: GraphQLResult, field: string) {
  expect(codeOf(result)).toBe("BAD_USER_INPUT");
  expect(result.errors![0]!.extensions!["field"]).toBe(field);
}

function expectConflict(result: GraphQLResult, reason: string) {
  expect(codeOf(result)).toBe("CONFLICT");
  expect(result.errors![0]!.extensions!["reason"]).toBe(reason);
}

describe("createVisit", () => {
  it("creates a visit, PLANNED unless told otherwise", async () => {
    // Act
    const result = await t.gql<{ createVisit: Record<string, unknown> }>(
      CREATE,
      {
        input: {
          ...VISIT_INPUT,
          title: "  Wizyta studyjna  ",
          status: undefined,
          photoCredit: "Zdjęcia: MCPS",
        },
      },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.createVisit).toMatchObject({
      title: "Wizyta studyjna",
      status: "PLANNED",
      startDate: "2017-08-23",
      endDate: "2017-08-24",
      capacity: 20,
      seatsLeft: 20,
      subregion: { code: "PL925" },
      county: { teryt: "1464" },
      photoCredit: "Zdjęcia: MCPS",
    });
  });

  it("needs ADMIN or COORDINATOR", async () => {
    // Act
    const anonymous = await t.gql(CREATE, { input: VISIT_INPUT });
    const analyst = await t.gql(
      CREATE,
      { input: VISIT_INPUT },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const admin = await t.gql(
      CREATE,
      { input: VISIT_INPUT },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(admin.errors).toBeUndefined();
  });

  it.each([
    ["input.title", { title: " " }],
    ["input.edition", { edition: 0 }],
    ["input.capacity", { capacity: 0 }],
    ["input.capacity", { capacity: 100000 }],
    ["input.subregionCode", { subregionCode: "Siedlce" }],
    ["input.countyTeryt", { countyTeryt: "14" }],
    ["input.endDate", { startDate: "2017-08-24", endDate: "2017-08-23" }],
    ["input.endDate", { startDate: "2017-08-01", endDate: "2017-12-31" }],
    ["input.subregionCode", { subregionCode: "PL999", countyTeryt: null }],
    ["input.countyTeryt", { countyTeryt: "9999" }],
    ["input.countyTeryt", { subregionCode: "PL921", countyTeryt: "1464" }],
  ])("rejects a bad value with BAD_USER_INPUT naming %s", async (field, change) => {
    // Act
    const result = await t.gql(
      CREATE,
      { input: { ...VISIT_INPUT, ...change } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expectBadInput(result, field);
  });

  it("rejects a date that is not a calendar date", async () => {
    // Act
    const result = await t.gql(
      CREATE,
      { input: { ...VISIT_INPUT, startDate: "23.08.2017" } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeDefined();
    expect(result.data ?? null).toBeNull();
  });
});

describe("updateVisit", () => {
  it("changes only the fields given", async () => {
    // Arrange
    const id = await createVisit(t, { description: "Opis" });

    // Act
    const result = await t.gql<{ updateVisit: Record<string, unknown> }>(
      UPDATE,
      { id, input: { title: "Nowy tytuł", endDate: "2017-08-25", countyTeryt: null } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateVisit).toEqual({
      id,
      title: "Nowy tytuł",
      status: "OPEN_FOR_REGISTRATION",
      startDate: "2017-08-23",
      endDate: "2017-08-25",
      capacity: 20,
      description: "Opis",
      county: null,
    });
  });

  it("checks the visit as a whole after the change", async () => {
    // Arrange
    const id = await createVisit(t);
    const token = await coordinatorToken(t);

    // Act
    const beforeStart = await t.gql(UPDATE, { id, input: { endDate: "2017-08-22" } }, { token });
    const countyElsewhere = await t.gql(
      UPDATE,
      { id, input: { subregionCode: "PL921" } },
      { token },
    );
    const nullTitle = await t.gql(UPDATE, { id, input: { title: null } }, { token });
    const nullStatus = await t.gql(UPDATE, { id, input: { status: null } }, { token });

    // Assert
    expectBadInput(beforeStart, "input.endDate");
    expectBadInput(countyElsewhere, "input.countyTeryt");
    expectBadInput(nullTitle, "input.title");
    expectBadInput(nullStatus, "input.status");
  });

  it("refuses a capacity below the seats taken", async () => {
    // Arrange
    const id = await createVisit(t, { capacity: 5 });
    for (let i = 0; i < 3; i++) await register(t, id);

    // Act
    const below = await t.gql(
      UPDATE,
      { id, input: { capacity: 2 } },
      { token: await coordinatorToken(t) },
    );
    const exact = await t.gql(
      UPDATE,
      { id, input: { capacity: 3 } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expectBadInput(below, "input.capacity");
    expect(exact.errors).toBeUndefined();
    expect(await visitCounts(t, id)).toMatchObject({
      capacity: 3,
      registeredCount: 3,
      seatsLeft: 0,
    });
  });

  it("gives new seats to the waitlist, in order, when the capacity grows", async () => {
    // Arrange
    const id = await createVisit(t, { capacity: 1 });
    await register(t, id);
    const first = await register(t, id);
    const second = await register(t, id);
    const third = await register(t, id);

    // Act
    const result = await t.gql(
      UPDATE,
      { id, input: { capacity: 3 } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const counts = await visitCounts(t, id);
    expect(counts).toMatchObject({ registeredCount: 3, waitlistCount: 1, seatsLeft: 0 });
    const status = new Map(counts.registrations.map((r) => [r.id, [r.status, r.waitlistPosition]]));
    expect(status.get(first.registration.id)).toEqual(["REGISTERED", null]);
    expect(status.get(second.registration.id)).toEqual(["REGISTERED", null]);
    expect(status.get(third.registration.id)).toEqual(["WAITLISTED", 1]);
  });

  it("allows the usual status changes and treats COMPLETED and CANCELLED as final", async () => {
    // Arrange
    const id = await createVisit(t, { status: "PLANNED" });
    const token = await coordinatorToken(t);
    const to = (status: string) => t.gql(UPDATE, { id, input: { status } }, { token });

    // Act
    const opened = await to("OPEN_FOR_REGISTRATION");
    const paused = await to("PLANNED");
    const reopened = await to("OPEN_FOR_REGISTRATION");
    const cancelled = await to("CANCELLED");
    const revived = await to("OPEN_FOR_REGISTRATION");
    const completed = await to("COMPLETED");
    const edited = await t.gql(
      UPDATE,
      { id, input: { description: "Odwołana z powodu burzy." } },
      { token },
    );

    // Assert
    for (const ok of [opened, paused, reopened, cancelled, edited])
      expect(ok.errors).toBeUndefined();
    expectConflict(revived, "INVALID_TRANSITION");
    expectConflict(completed, "INVALID_TRANSITION");
  });

  it("needs ADMIN or COORDINATOR and an existing visit", async () => {
    // Arrange
    const id = await createVisit(t);

    // Act
    const anonymous = await t.gql(UPDATE, { id, input: { title: "X" } });
    const analyst = await t.gql(
      UPDATE,
      { id, input: { title: "X" } },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const unknown = await t.gql(
      UPDATE,
      { id: "0123456789abcdef01234567", input: { title: "X" } },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(unknown)).toBe("NOT_FOUND");
  });

  it("keeps concurrent edits of different fields both", async () => {
    // Arrange
    const id = await createVisit(t);
    const token = await coordinatorToken(t);

    // Act
    const results = await Promise.all([
      t.gql(UPDATE, { id, input: { title: "Tytuł A" } }, { token }),
      t.gql(UPDATE, { id, input: { description: "Opis B" } }, { token }),
      t.gql(UPDATE, { id, input: { capacity: 30 } }, { token }),
    ]);

    // Assert
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const after = await t.gql<{ visit: { title: string; description: string; capacity: number } }>(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            title
            description
            capacity
          }
        }
      `,
      { id },
    );
    expect(after.data!.visit).toEqual({ title: "Tytuł A", description: "Opis B", capacity: 30 });
  });
});

describe("the visit's life cycle", () => {
  it("records a past visit as COMPLETED, and refuses COMPLETED until the day after its last day", async () => {
    // Arrange
    const token = await coordinatorToken(t);
    const create = (startDate: string, endDate: string) =>
      t.gql(
        CREATE,
        { input: { ...VISIT_INPUT, startDate, endDate, status: "COMPLETED" } },
        {
          token,
        },
      );
    const open = await createVisit(t, { startDate: organiserDay(-1), endDate: organiserDay(0) });

    // Act
    const past = await create(organiserDay(-2), organiserDay(-1));
    const endingToday = await create(organiserDay(-1), organiserDay(0));
    const future = await create(organiserDay(10), organiserDay(11));
    const tooEarly = await t.gql(UPDATE, { id: open, input: { status: "COMPLETED" } }, { token });
    const recorded = await t.gql(
      UPDATE,
      { id: open, input: { status: "COMPLETED", endDate: organiserDay(-1) } },
      { token },
    );
    const movedAhead = await t.gql(
      UPDATE,
      { id: open, input: { endDate: organiserDay(0) } },
      { token },
    );

    // Assert
    expect(past.errors).toBeUndefined();
    expectConflict(endingToday, "VISIT_NOT_ENDED");
    expect(endingToday.errors![0]!.message).toContain(organiserDay(0));
    expectConflict(future, "VISIT_NOT_ENDED");
    expectConflict(tooEarly, "VISIT_NOT_ENDED");
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data).toMatchObject({ updateVisit: { status: "COMPLETED" } });
    expectConflict(movedAhead, "VISIT_NOT_ENDED");
  });

  it("cancels the registrations still waiting for a cancelled visit, and keeps recorded attendance", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 2 });
    const token = await coordinatorToken(t);
    const attended = await register(t, visitId);
    const seated = await register(t, visitId);
    const waiting = await register(t, visitId);
    const withdrawn = await register(t, visitId);
    await markAttended(t, attended.registration.id);
    const withdrawal = await t.gql(
      /* GraphQL */ `
        mutation ($id: ID!, $token: String) {
          cancelRegistration(id: $id, cancelToken: $token) {
            cancelledAt
          }
        }
      `,
      { id: withdrawn.registration.id, token: withdrawn.cancelToken },
    );

    // Act
    const result = await t.gql(UPDATE, { id: visitId, input: { status: "CANCELLED" } }, { token });

    // Assert
    expect(result.errors).toBeUndefined();
    const counts = await visitCounts(t, visitId);
    expect(counts).toMatchObject({ registeredCount: 1, waitlistCount: 0, seatsLeft: 1 });
    const status = new Map(counts.registrations.map((r) => [r.id, [r.status, r.waitlistPosition]]));
    expect(status.get(attended.registration.id)).toEqual(["ATTENDED", null]);
    expect(status.get(seated.registration.id)).toEqual(["CANCELLED", null]);
    expect(status.get(waiting.registration.id)).toEqual(["CANCELLED", null]);
    expect(status.get(withdrawn.registration.id)).toEqual(["CANCELLED", null]);
    expect(withdrawal.errors).toBeUndefined();
  });
});

describe("cancelling a visit with SMTP", () => {
  let m: TestSystem;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    m = await startTestSystem({ SMTP_URL: smtp.url, MAIL_FROM: "MCPS Wizyty <wizyty@mcps.test>" });
  });
  afterAll(async () => {
    await m?.close();
    await smtp?.close();
  });

  it("e-mails each person whose registration it cancelled, after the commit; a bounce undoes nothing", async () => {
    // Arrange
    const visitId = await createVisit(m, { capacity: 2, title: "Wizyta w Radomiu" });
    const token = await coordinatorToken(m);
    const attended = await register(m, visitId, { email: `byla.${visitId}@example.pl` });
    const seated = await register(m, visitId, {
      name: "Ewa Lis",
      email: `miejsce.${visitId}@example.pl`,
    });
    const waiting = await register(m, visitId, { email: `kolejka.${visitId}@example.pl` });
    await markAttended(m, attended.registration.id);
    smtp.undeliverable.add(`kolejka.${visitId}@example.pl`);

    // Act
    const result = await m.gql(UPDATE, { id: visitId, input: { status: "CANCELLED" } }, { token });

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ updateVisit: { status: "CANCELLED" } });
    expect(smtp.received.map((mail) => mail.to)).toEqual([[`miejsce.${visitId}@example.pl`]]);
    const text = unfolded(smtp.received[0]!);
    expect(text).toMatch(/^From: MCPS Wizyty <wizyty@mcps\.test>/m);
    expect(text).toContain("Ewa Lis");
    expect(text).toContain("Wizyta w Radomiu");
    expect(text).toContain(VISIT_INPUT.startDate);
    const counts = await visitCounts(m, visitId);
    const status = new Map(counts.registrations.map((r) => [r.id, r.status]));
    expect(status.get(seated.registration.id)).toBe("CANCELLED");
    expect(status.get(waiting.registration.id)).toBe("CANCELLED");
    expect(status.get(attended.registration.id)).toBe("ATTENDED");
  });
});

describe("visit stops", () => {
  it("appends, inserts with renumbering, keeps days in order and removes", async () => {
    // Arrange: the Siedlce programme
    const visitId = await createVisit(t);
    const token = await coordinatorToken(t);
    const host = async (name: string, type: string) => createOrganization(t, { name, type });
    const ziola = await host("Spółdzielnia Socjalna „Zioła Siedleckie”", "SOCIAL_COOPERATIVE");
    const prison = await host("Zakład Karny w Siedlcach", "PRISON");
    const zaz = await host("ZAZ Caritas Diecezji Siedleckiej", "ZAZ");
    const owes = await host("OWES Subregionu Siedleckiego", "OWES");
    const add = (input: Record<string, unknown>) =>
      t.gql<{ addVisitStop: Stops }>(ADD_STOP, { visitId, input }, { token });

    // Act
    await add({
      day: 1,
      hostId: ziola,
      topics: ["Profil działalności", "Rozmowa z założycielami"],
    });
    await add({ day: 2, hostId: zaz, topics: ["Oferta ZAZ"] });
    await add({ day: 2, hostId: owes, topics: ["Wsparcie OWES"] });
    // No order: after the last stop of day 1, before day 2's.
    const inserted = await add({ day: 1, hostId: prison, topics: ["Reintegracja"] });
    const atOrder = await add({ day: 2, order: 4, hostId: ziola, topics: ["Powrót"] });
    const removed = await t.gql<{ removeVisitStop: Stops }>(
      REMOVE_STOP,
      { visitId, order: 4 },
      { token },
    );

    // Assert
    expect(inserted.errors).toBeUndefined();
    expect(inserted.data!.addVisitStop.stops.map((s) => [s.order, s.day, s.host.id])).toEqual([
      [1, 1, ziola],
      [2, 1, prison],
      [3, 2, zaz],
      [4, 2, owes],
    ]);
    expect(inserted.data!.addVisitStop.stops[0]!.topics).toEqual([
      "Profil działalności",
      "Rozmowa z założycielami",
    ]);
    expect(atOrder.data!.addVisitStop.stops.map((s) => [s.order, s.host.id])).toEqual([
      [1, ziola],
      [2, prison],
      [3, zaz],
      [4, ziola],
      [5, owes],
    ]);
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeVisitStop.stops.map((s) => [s.order, s.day, s.host.name])).toEqual([
      [1, 1, "Spółdzielnia Socjalna „Zioła Siedleckie”"],
      [2, 1, "Zakład Karny w Siedlcach"],
      [3, 2, "ZAZ Caritas Diecezji Siedleckiej"],
      [4, 2, "OWES Subregionu Siedleckiego"],
    ]);
  });

  it("rejects a missing host, a day outside the visit and an order out of place", async () => {
    // Arrange: a two-day visit with one stop on each day
    const visitId = await createVisit(t);
    const token = await coordinatorToken(t);
    const hostId = await createOrganization(t);
    const add = (input: Record<string, unknown>) =>
      t.gql(ADD_STOP, { visitId, input: { hostId, topics: [], ...input } }, { token });
    await add({ day: 1 });
    await add({ day: 2 });

    // Act
    const missingHost = await add({ day: 1, hostId: "0123456789abcdef01234567" });
    const dayZero = await add({ day: 0 });
    const dayThree = await add({ day: 3 });
    const orderTooFar = await add({ day: 2, order: 4 });
    const dayOutOfOrder = await add({ day: 2, order: 1 });
    const tooManyTopics = await add({ day: 1, topics: Array.from({ length: 21 }, () => "temat") });
    const removeMissing = await t.gql(REMOVE_STOP, { visitId, order: 7 }, { token });
    const unknownVisit = await t.gql(
      ADD_STOP,
      { visitId: "0123456789abcdef01234567", input: { day: 1, hostId, topics: [] } },
      { token },
    );

    // Assert
    expect(codeOf(missingHost)).toBe("NOT_FOUND");
    expect(missingHost.errors![0]!.extensions!["field"]).toBe("input.hostId");
    expectBadInput(dayZero, "input.day");
    expectBadInput(dayThree, "input.day");
    expectBadInput(orderTooFar, "input.order");
    expectBadInput(dayOutOfOrder, "input.order");
    expectBadInput(tooManyTopics, "input.topics");
    expectBadInput(removeMissing, "order");
    expect(codeOf(unknownVisit)).toBe("NOT_FOUND");
  });

  it("moves a stop among its day's stops, renumbering those between, and no further", async () => {
    // Arrange: day 1 has three stops, day 2 one
    const visitId = await createVisit(t);
    const token = await coordinatorToken(t);
    const [a, b, c, d] = await Promise.all(
      ["A", "B", "C", "D"].map((name) => createOrganization(t, { name: `Gospodarz ${name}` })),
    );
    for (const [day, hostId] of [
      [1, a],
      [1, b],
      [1, c],
      [2, d],
    ] as const) {
      await t.gql(ADD_STOP, { visitId, input: { day, hostId, topics: [hostId] } }, { token });
    }
    const move = (order: number, toOrder: number, as = token) =>
      t.gql<{ moveVisitStop: Stops }>(MOVE_STOP, { visitId, order, toOrder }, { token: as });

    // Act
    const lastToFirst = await move(3, 1);
    const firstDown = await move(1, 2);
    const intoDayTwo = await move(3, 4);
    const dayTwoUp = await move(4, 3);
    const missing = await move(9, 1);
    const tooFar = await move(1, 5);
    const analyst = await move(1, 2, await t.tokenFor(Role.ANALYST));

    // Assert
    const hosts = (r: { data?: { moveVisitStop: Stops } | null }) =>
      r.data!.moveVisitStop.stops.map((s) => [s.order, s.day, s.host.id, s.topics]);
    expect(lastToFirst.errors).toBeUndefined();
    expect(hosts(lastToFirst)).toEqual([
      [1, 1, c, [c]],
      [2, 1, a, [a]],
      [3, 1, b, [b]],
      [4, 2, d, [d]],
    ]);
    expect(hosts(firstDown).map(([order, , host]) => [order, host])).toEqual([
      [1, a],
      [2, c],
      [3, b],
      [4, d],
    ]);
    expectBadInput(intoDayTwo, "toOrder");
    expectBadInput(dayTwoUp, "toOrder");
    expectBadInput(missing, "order");
    expectBadInput(tooFar, "toOrder");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
  });

  it("refuses to shorten a visit under its stops", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const token = await coordinatorToken(t);
    const hostId = await createOrganization(t);
    await t.gql(ADD_STOP, { visitId, input: { day: 2, hostId, topics: [] } }, { token });

    // Act
    const result = await t.gql(
      UPDATE,
      { id: visitId, input: { endDate: "2017-08-23" } },
      { token },
    );

    // Assert
    expectBadInput(result, "input.endDate");
  });

  it("needs ADMIN or COORDINATOR", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const hostId = await createOrganization(t);
    const variables = { visitId, input: { day: 1, hostId, topics: [] } };

    // Act
    const anonymous = await t.gql(ADD_STOP, variables);
    const analyst = await t.gql(ADD_STOP, variables, { token: await t.tokenFor(Role.ANALYST) });
    const removal = await t.gql(
      REMOVE_STOP,
      { visitId, order: 1 },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(codeOf(removal)).toBe("FORBIDDEN");
  });

  it("keeps every stop when several are added at once", async () => {
    // Arrange
    const visitId = await createVisit(t);
    const token = await coordinatorToken(t);
    const hostId = await createOrganization(t);

    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.gql(ADD_STOP, { visitId, input: { day: 1, hostId, topics: [`Temat ${i}`] } }, { token }),
      ),
    );

    // Assert
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const visit = await t.gql<{ visit: Stops }>(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            stops {
              order
              topics
            }
          }
        }
      `,
      { id: visitId },
    );
    expect(visit.data!.visit.stops.map((s) => s.order)).toEqual([1, 2, 3, 4]);
    expect(visit.data!.visit.stops.flatMap((s) => s.topics).sort()).toEqual([
      "Temat 0",
      "Temat 1",
      "Temat 2",
      "Temat 3",
    ]);
  });
});
