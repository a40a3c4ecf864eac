// Participation measures on the AnalyticsOverview entity: through the gateway's analyticsOverview,
// and as `_entities` sent straight to the visits subgraph, on a data set checked by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { analyticsKey } from "../../src/schema/analytics-filter.input.js";
import {
  codeOf,
  type GraphQLResult,
  NO_NOISE,
  Role,
  startTestSystem,
  type TestSystem,
} from "../support/system.js";
import { createVisit, register } from "../support/visits.js";

// Two visits, 14 registrations. Every expected number below was worked out by hand from this
// roster (W = woman, M = man, NB = non-binary, U = undisclosed, – = not given):
//
// A: PL925, programme P1, March 2024, 8 seats, COMPLETED
//   a1 W NGO attended          a6 W LOCAL_GOVERNMENT cancelled (seat → a9)
//   a2 W NGO attended          a7 – BUSINESS no-show
//   a3 M NGO attended          a8 NB NGO no-show
//   a4 W LOCAL_GOVERNMENT att. a9 M NGO waitlisted, promoted, attended
//   a5 M LOCAL_GOVERNMENT att. a10 M BUSINESS waitlisted, cancelled
// B: PL911, programme P2, May 2024, 2 seats, OPEN_FOR_REGISTRATION
//   b1 W SOCIAL_ECONOMY_ENTITY attended   b3 W NGO waitlisted
//   b2 M NGO no-show                      b4 U LABOUR_OFFICE waitlisted
//
// All: 14 registrations; 7 attended (NGO 4, LOCAL_GOVERNMENT 2, SOCIAL_ECONOMY_ENTITY 1;
// women 4, men 3); 3 no-shows; 2 waitlisted; 2 cancelled; rate 7 / 10; 1 visit held.
const P1 = "Koordynacja ekonomii społecznej na Mazowszu";
const P2 = "Ekonomia społeczna w praktyce";

type Cell = { value: number | null; suppressed: boolean };
type Group = { group: string; count: Cell };
interface Participation {
  key: string;
  visitsHeld: Cell;
  registrations: Cell;
  attended: Cell;
  noShows: Cell;
  waitlisted: Cell;
  attendanceRate: Cell;
  participantsBySector: Group[];
  participantsByGender: Group[];
}

const hidden: Cell = { value: null, suppressed: true };
const shown = (value: number): Cell => ({ value, suppressed: false });

const CELL = "{ value suppressed }";
const FIELDS = /* GraphQL */ `
  key visitsHeld ${CELL} registrations ${CELL} attended ${CELL} noShows ${CELL}
  waitlisted ${CELL} attendanceRate ${CELL}
  participantsBySector { group labelPl labelEn count ${CELL} }
  participantsByGender { group labelPl labelEn count ${CELL} }
`;
const OVERVIEW = /* GraphQL */ `
  query ($filter: AnalyticsFilter) {
    analyticsOverview(filter: $filter) {
      responses ${CELL}
      ${FIELDS}
    }
  }
`;
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on AnalyticsOverview {
        ${FIELDS}
      }
    }
  }
`;

/** `_entities` straight to the visits subgraph, as the gateway would send it. */
async function entities(
  t: TestSystem,
  keys: string[],
  token?: string,
): Promise<GraphQLResult<{ _entities: (Participation | null)[] }>> {
  const representations = keys.map((key) => ({ __typename: "AnalyticsOverview", key }));
  return t.subgraph("visits", ENTITIES, { representations }, { token });
}

/** The visits subgraph's measures for one filter (given as the normalised filter). */
async function measures(t: TestSystem, filter: Parameters<typeof analyticsKey>[0]) {
  const result = await entities(t, [analyticsKey(filter)], await t.tokenFor(Role.ANALYST));
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!;
}

const groups = (list: Group[]) => Object.fromEntries(list.map((g) => [g.group, g.count]));

/** Every count-like Cell (people, not visits or rates) in a result. */
function countCells(value: unknown, key = ""): [string, Cell][] {
  if (Array.isArray(value)) return value.flatMap((v) => countCells(v, key));
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if ("suppressed" in record) {
    return /^(registrations|attended|noShows|waitlisted|count)$/.test(key)
      ? [[key, record as Cell]]
      : [];
  }
  return Object.entries(record).flatMap(([k, v]) => countCells(v, k));
}

interface DataSet {
  a: string;
  b: string;
}

async function buildDataSet(t: TestSystem): Promise<DataSet> {
  const coordinator = await t.tokenFor(Role.COORDINATOR);
  const send = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const result = await t.gql(query, variables, { token });
    expect(result.errors).toBeUndefined();
  };
  const mark = (id: string, attended: boolean) =>
    send(
      /* GraphQL */ `
        mutation ($id: ID!, $attended: Boolean!) {
          markAttendance(registrationId: $id, attended: $attended) {
            status
          }
        }
      `,
      { id, attended },
      coordinator,
    );
  const cancel = (id: string, cancelToken: string) =>
    send(
      /* GraphQL */ `
        mutation ($id: ID!, $cancelToken: String) {
          cancelRegistration(id: $id, cancelToken: $cancelToken) {
            status
          }
        }
      `,
      { id, cancelToken },
    );

  const a = await createVisit(t, {
    programme: P1,
    startDate: "2024-03-12",
    endDate: "2024-03-13",
    capacity: 8,
  });
  const b = await createVisit(t, {
    programme: P2,
    subregionCode: "PL911",
    countyTeryt: null,
    startDate: "2024-05-20",
    endDate: "2024-05-20",
    capacity: 2,
  });
  const roster = async (visitId: string, people: [string | null, string][]) => {
    const made = [];
    for (const [gender, sector] of people)
      made.push(await register(t, visitId, { gender, sector }));
    return made;
  };
  const [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10] = await roster(a, [
    ["WOMAN", "NGO"],
    ["WOMAN", "NGO"],
    ["MAN", "NGO"],
    ["WOMAN", "LOCAL_GOVERNMENT"],
    ["MAN", "LOCAL_GOVERNMENT"],
    ["WOMAN", "LOCAL_GOVERNMENT"],
    [null, "BUSINESS"],
    ["NON_BINARY", "NGO"],
    ["MAN", "NGO"],
    ["MAN", "BUSINESS"],
  ]);
  expect([a9!.registration.status, a10!.registration.status]).toEqual(["WAITLISTED", "WAITLISTED"]);
  await cancel(a6!.registration.id, a6!.cancelToken); // a9 takes the seat
  await cancel(a10!.registration.id, a10!.cancelToken);
  for (const r of [a1, a2, a3, a4, a5, a9]) await mark(r!.registration.id, true);
  for (const r of [a7, a8]) await mark(r!.registration.id, false);
  await send(
    /* GraphQL */ `
      mutation ($id: ID!) {
        updateVisit(id: $id, input: { status: COMPLETED }) {
          status
        }
      }
    `,
    { id: a },
    coordinator,
  );

  const [b1, b2] = await roster(b, [
    ["WOMAN", "SOCIAL_ECONOMY_ENTITY"],
    ["MAN", "NGO"],
    ["WOMAN", "NGO"],
    ["UNDISCLOSED", "LABOUR_OFFICE"],
  ]);
  await mark(b1!.registration.id, true);
  await mark(b2!.registration.id, false);
  return { a, b };
}

let k3: TestSystem;
let k5: TestSystem;
let data3: DataSet;

beforeAll(async () => {
  k3 = await startTestSystem({ ANALYTICS_MIN_GROUP: "3" }, { ptable: NO_NOISE });
  k5 = await startTestSystem({ ANALYTICS_MIN_GROUP: "5" }, { ptable: NO_NOISE });
  data3 = await buildDataSet(k3);
  await buildDataSet(k5);
});
afterAll(async () => {
  await k3?.close();
  await k5?.close();
});

const ZERO_SECTORS = {
  LABOUR_OFFICE: shown(0),
  LABOUR_MARKET_INSTITUTION: shown(0),
  BUSINESS: shown(0),
  OTHER: shown(0),
};
const ZERO_GENDERS = { NON_BINARY: shown(0), UNDISCLOSED: shown(0), NOT_GIVEN: shown(0) };

describe("participation measures on a hand-checked data set", () => {
  it("K = 5, through the gateway: hides every group under 5 and the rate that would give one away", async () => {
    // Act
    const result = await k5.gql<{ analyticsOverview: Participation & { responses: Cell } }>(
      OVERVIEW,
      {},
      { token: await k5.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const o = result.data!.analyticsOverview;
    expect(o.key).toBe("{}");
    expect(o.responses).toEqual(shown(0)); // the feedback side of the same entity
    expect(o.visitsHeld).toEqual(shown(1));
    expect(o.registrations).toEqual(shown(14));
    expect(o.attended).toEqual(shown(7));
    expect(o.noShows).toEqual(hidden); // 3
    expect(o.waitlisted).toEqual(hidden); // 2
    // 7 / 10 has a base of 10, but with `attended` published it would reveal the 3 no-shows.
    expect(o.attendanceRate).toEqual(hidden);
    // 4, 2 and 1 are all under 5; the zeros stay.
    expect(groups(o.participantsBySector)).toEqual({
      ...ZERO_SECTORS,
      NGO: hidden,
      LOCAL_GOVERNMENT: hidden,
      SOCIAL_ECONOMY_ENTITY: hidden,
    });
    expect(groups(o.participantsByGender)).toEqual({ ...ZERO_GENDERS, WOMAN: hidden, MAN: hidden });
    expect(o.participantsByGender.find((g) => g.group === "NOT_GIVEN")).toMatchObject({
      labelPl: "Nie podano",
      labelEn: "Not given",
    });
  });

  it("K = 3, as _entities on the visits subgraph: shows groups of 3 and more", async () => {
    // Act
    const o = await measures(k3, {});

    // Assert
    expect(o.key).toBe("{}");
    expect(o.visitsHeld).toEqual(shown(1));
    expect(o.registrations).toEqual(shown(14));
    expect(o.attended).toEqual(shown(7));
    expect(o.noShows).toEqual(shown(3));
    expect(o.waitlisted).toEqual(hidden); // 2
    expect(o.attendanceRate).toEqual(shown(0.7));
    // LOCAL_GOVERNMENT 2 and SOCIAL_ECONOMY_ENTITY 1 hide each other: 7 − 4 = 3 only gives their sum.
    expect(groups(o.participantsBySector)).toEqual({
      ...ZERO_SECTORS,
      NGO: shown(4),
      LOCAL_GOVERNMENT: hidden,
      SOCIAL_ECONOMY_ENTITY: hidden,
    });
    expect(groups(o.participantsByGender)).toEqual({
      ...ZERO_GENDERS,
      WOMAN: shown(4),
      MAN: shown(3),
    });
  });

  it("K = 3: narrows by subregion, programme and months of the visits' start", async () => {
    // Act
    const warsaw = await measures(k3, { subregions: ["PL911"] });
    const programme = await measures(k3, { programme: P2 });
    const fromMay = await measures(k3, { from: "2024-05" });
    const march = await measures(k3, { from: "2024-03", to: "2024-04" });
    const nothing = await measures(k3, { from: "2025-01", subregions: ["PL911", "PL925"] });

    // Assert: visit B alone (4 registrations: 1 attended, 1 no-show, 2 waitlisted).
    for (const b of [warsaw, programme, fromMay]) {
      expect({ ...b, key: undefined }).toEqual({ ...warsaw, key: undefined });
    }
    expect(warsaw).toMatchObject({
      visitsHeld: shown(0),
      registrations: shown(4),
      attended: hidden,
      noShows: hidden,
      waitlisted: hidden,
      attendanceRate: hidden,
    });
    // The total (1) is hidden itself, so the one hidden sector needs no partner; but as the
    // total is small, every sector is hidden, the zeros too: shown zeros would say which sectors
    // hold the 1 to K − 1 people (NGO showed 0 before).
    expect(groups(warsaw.participantsBySector)).toMatchObject({
      SOCIAL_ECONOMY_ENTITY: hidden,
      NGO: hidden,
    });
    // Visit A alone: 10 registrations, 6 attended (NGO 4, LOCAL_GOVERNMENT 2; 3 women, 3 men).
    expect(march).toMatchObject({
      visitsHeld: shown(1),
      registrations: shown(10),
      attended: shown(6),
      noShows: hidden,
      waitlisted: shown(0),
      attendanceRate: hidden,
    });
    // 2 is hidden and 6 − 4 would give it away, so NGO's 4 goes too.
    expect(groups(march.participantsBySector)).toMatchObject({
      NGO: hidden,
      LOCAL_GOVERNMENT: hidden,
    });
    expect(groups(march.participantsByGender)).toMatchObject({ WOMAN: shown(3), MAN: shown(3) });
    expect(nothing).toMatchObject({
      registrations: shown(0),
      attended: shown(0),
      visitsHeld: shown(0),
    });
  });

  it("K = 3: narrows by sector (visits held are not by sector)", async () => {
    // Act
    const ngo = await measures(k3, { sectors: ["NGO"] });

    // Assert: a1, a2, a3, a9 attended; a8, b2 no-shows; b3 waitlisted. Attended was shown (4)
    // before, beside two hidden genders: each of them is 1 or 2 (K = 3) and they add up to 4, so
    // both are 2. No other gender can take part (a hidden 0 is 0 or ≥ 3, and 3 + 1 + 1 > 4),
    // so attended is hidden, and with it the sectors, which add up to it.
    expect(ngo).toMatchObject({
      visitsHeld: shown(1),
      registrations: shown(7),
      attended: hidden,
      noShows: hidden,
      waitlisted: hidden,
      attendanceRate: hidden,
    });
    expect(groups(ngo.participantsBySector)).toMatchObject({ NGO: hidden, BUSINESS: hidden });
    expect(groups(ngo.participantsByGender)).toMatchObject({ WOMAN: hidden, MAN: hidden });
  });

  it("K = 3: one visit, counted from its own registrations, agrees with the rollups", async () => {
    // Act
    const visitA = await measures(k3, { visitId: data3.a });
    const march = await measures(k3, { from: "2024-03", to: "2024-03" });

    // Assert
    expect({ ...visitA, key: undefined }).toEqual({ ...march, key: undefined });
    expect(visitA.key).toBe(JSON.stringify({ visitId: data3.a }));
  });

  it("answers several keys in one _entities request, in order", async () => {
    // Act
    const keys = [analyticsKey({ subregions: ["PL925"] }), analyticsKey({ subregions: ["PL911"] })];
    const result = await entities(k3, keys, await k3.tokenFor(Role.COORDINATOR));

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((e) => [e!.key, e!.registrations])).toEqual([
      [keys[0], shown(10)],
      [keys[1], shown(4)],
    ]);
  });

  it("never shows a count of people from 1 to K − 1", async () => {
    // Arrange
    const filters = [
      {},
      { subregions: ["PL911"] },
      { to: "2024-03" },
      { sectors: ["NGO" as const] },
      { sectors: ["LOCAL_GOVERNMENT" as const, "SOCIAL_ECONOMY_ENTITY" as const] },
      { visitId: data3.b },
    ];

    for (const [t, k] of [
      [k3, 3],
      [k5, 5],
    ] as const) {
      for (const filter of filters) {
        // Act
        const result = await entities(t, [analyticsKey(filter)], await t.tokenFor(Role.ANALYST));

        // Assert
        expect(result.errors).toBeUndefined();
        for (const [name, cell] of countCells(result.data)) {
          expect(cell.value === null || cell.value === 0 || cell.value >= k, name).toBe(true);
        }
      }
    }
  });

  it("refuses anonymous callers and keys that are not a filter", async () => {
    // Act
    const throughGateway = await k3.gql(OVERVIEW, {});
    const direct = await entities(k3, ["{}"]);
    const analyst = await k3.tokenFor(Role.ANALYST);
    const notJson = await entities(k3, ["not json"], analyst);
    const badMonth = await entities(k3, ['{"from":"2024-13"}'], analyst);
    const badSector = await entities(k3, ['{"sectors":["PIRATES"]}'], analyst);

    // Assert
    expect(codeOf(throughGateway)).toBe("UNAUTHENTICATED");
    expect(codeOf(direct)).toBe("UNAUTHENTICATED");
    expect(direct.data?._entities?.[0] ?? null).toBeNull();
    for (const result of [notJson, badMonth, badSector])
      expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });
});

describe("participation measures after a visit is edited", () => {
  it("follow a visit to its new subregion and count it held once completed", async () => {
    // Arrange
    const coordinator = await k3.tokenFor(Role.COORDINATOR);

    // Act
    const moved = await k3.gql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          updateVisit(id: $id, input: { subregionCode: "PL925", status: COMPLETED }) {
            status
          }
        }
      `,
      { id: data3.b },
      { token: coordinator },
    );

    // Assert
    expect(moved.errors).toBeUndefined();
    const siedlecki = await measures(k3, { subregions: ["PL925"] });
    const warsaw = await measures(k3, { subregions: ["PL911"] });
    expect(siedlecki).toMatchObject({
      visitsHeld: shown(2),
      registrations: shown(14),
      attended: shown(7),
    });
    expect(warsaw).toMatchObject({
      visitsHeld: shown(0),
      registrations: shown(0),
      attended: shown(0),
    });
  });
});
