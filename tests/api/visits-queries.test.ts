import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import { coordinatorToken, createOrganization, createVisit } from "../support/visits.js";

let t: TestSystem;
const programme = `Program testowy ${Date.now()}`;
const ids: Record<string, string> = {};

// One small world for every query below: visits in three subregions, in every status.
beforeAll(async () => {
  t = await startTestSystem();
  const visit = (input: Record<string, unknown>) => createVisit(t, { programme, ...input });
  ids["open"] = await visit({ startDate: "2025-05-10", endDate: "2025-05-11" });
  ids["completed"] = await visit({
    status: "COMPLETED",
    startDate: "2017-08-23",
    endDate: "2017-08-24",
  });
  ids["planned"] = await visit({
    status: "PLANNED",
    startDate: "2026-03-01",
    endDate: "2026-03-01",
  });
  ids["cancelled"] = await visit({
    status: "CANCELLED",
    startDate: "2024-01-10",
    endDate: "2024-01-10",
  });
  ids["radom"] = await visit({
    subregionCode: "PL921",
    countyTeryt: "1463",
    startDate: "2024-06-03",
    endDate: "2024-06-04",
  });
  ids["plock"] = await visit({
    status: "COMPLETED",
    subregionCode: "PL923",
    countyTeryt: null,
    startDate: "2024-06-03",
    endDate: "2024-06-03",
  });
});
afterAll(() => t?.close());

const LIST = /* GraphQL */ `
  query ($filter: VisitFilter, $first: Int, $after: String) {
    visits(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          startDate
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface ListData {
  visits: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; startDate: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

async function list(
  filter: Record<string, unknown> = {},
  options: { token?: string; first?: number; after?: string } = {},
) {
  const result = await t.gql<ListData>(
    LIST,
    { filter: { programme, ...filter }, first: options.first, after: options.after },
    { token: options.token },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.visits;
}

const idsOf = (connection: ListData["visits"]) => connection.edges.map((e) => e.node.id);

describe("visits", () => {
  it("shows anonymous callers only open and completed visits, newest first", async () => {
    // Act
    const visits = await list();

    // Assert
    expect(idsOf(visits)).toEqual([ids["open"], ids["plock"], ids["radom"], ids["completed"]]);
    expect(visits.totalCount).toBe(4);
  });

  it("shows staff, analysts included, every visit", async () => {
    // Act
    const coordinator = await list({}, { token: await coordinatorToken(t) });
    const analyst = await list({}, { token: await t.tokenFor(Role.ANALYST) });

    // Assert
    expect(coordinator.totalCount).toBe(6);
    expect(idsOf(coordinator)[0]).toBe(ids["planned"]);
    expect(idsOf(analyst)).toEqual(idsOf(coordinator));
  });

  it("breaks start-date ties by id, so pages never skip or repeat a visit", async () => {
    // Act
    const token = await coordinatorToken(t);
    const all = await list({}, { token });
    const pages: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list({}, { token, first: 2, after });
      pages.push(...idsOf(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }

    // Assert
    expect(pages).toEqual(idsOf(all));
    const tied = all.edges.filter((e) => e.node.startDate === "2024-06-03").map((e) => e.node.id);
    expect(tied).toEqual([...tied].sort().reverse());
  });

  it("filters by subregion, subregions, status, dates and programme", async () => {
    // Arrange
    const token = await coordinatorToken(t);

    // Act
    const siedlecki = await list({ subregion: "PL925" }, { token });
    const two = await list({ subregions: ["PL921", "PL923"] });
    const completed = await list({ status: "COMPLETED" });
    const plannedAnonymously = await list({ status: "PLANNED" });
    const in2024 = await list({ from: "2024-01-01", to: "2024-12-31" }, { token });
    // A visit on 10–11 May is under way on the 11th.
    const onThe11th = await list({ from: "2025-05-11", to: "2025-05-11" });
    const otherProgramme = await list({ programme: "Inny program" });

    // Assert
    expect(idsOf(siedlecki).sort()).toEqual(
      [ids["open"], ids["completed"], ids["planned"], ids["cancelled"]].sort(),
    );
    expect(idsOf(two)).toEqual([ids["radom"], ids["plock"]].sort().reverse());
    expect(idsOf(completed)).toEqual([ids["plock"], ids["completed"]]);
    expect(plannedAnonymously.totalCount).toBe(0);
    expect(idsOf(in2024).sort()).toEqual([ids["cancelled"], ids["radom"], ids["plock"]].sort());
    expect(idsOf(onThe11th)).toEqual([ids["open"]]);
    expect(otherProgramme.totalCount).toBe(0);
  });

  it.each([
    ["filter.subregion", { filter: { subregion: "PL000" } }],
    ["filter.subregions", { filter: { subregions: ["PL925", "XX"] } }],
    ["filter.to", { filter: { from: "2024-02-01", to: "2024-01-01" } }],
    ["first", { first: 1000 }],
    ["after", { after: "bm90IGEgY3Vyc29y" }],
  ])("rejects a bad argument with BAD_USER_INPUT naming %s", async (field, variables) => {
    // Act
    const result = await t.gql(LIST, variables);

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
  });

  it("rejects a date that is not YYYY-MM-DD with BAD_USER_INPUT", async () => {
    // Arrange: straight to the subgraph; the gateway reports a subgraph's HTTP 400 as an
    // internal error (a gateway matter, see src/gateway/server.ts)
    const filter = { from: "2024-02-30" };

    // Act
    const result = await t.subgraph("visits", LIST, { filter });

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });

  it("costs as many database commands for 100 visits with hosts as for 10", async () => {
    // Arrange: 12 visits of 3 stops each, at 4 hosts
    const hosts = await Promise.all(
      ["ZAZ", "PRISON", "OWES", "SOCIAL_COOPERATIVE"].map((type) =>
        createOrganization(t, { type }),
      ),
    );
    const token = await coordinatorToken(t);
    const batch = `Program wydajności ${Date.now()}`;
    for (let i = 0; i < 12; i++) {
      const visitId = await createVisit(t, { programme: batch });
      for (let s = 0; s < 3; s++) {
        const added = await t.gql(
          /* GraphQL */ `
            mutation ($visitId: ID!, $input: VisitStopInput!) {
              addVisitStop(visitId: $visitId, input: $input) {
                id
              }
            }
          `,
          { visitId, input: { day: 1, hostId: hosts[(i + s) % 4], topics: ["Rozmowa"] } },
          { token },
        );
        expect(added.errors).toBeUndefined();
      }
    }
    const query = /* GraphQL */ `
      query ($first: Int, $filter: VisitFilter) {
        visits(first: $first, filter: $filter) {
          edges {
            node {
              title
              subregion {
                name
              }
              county {
                name
              }
              stops {
                host {
                  name
                  subregion {
                    name
                  }
                }
              }
            }
          }
        }
      }
    `;
    let ten: { visits: { edges: unknown[] } } | undefined;
    let hundred: { visits: { edges: unknown[] } } | undefined;

    // Act
    const forTen = await t.countCommands(async () => {
      ten = (await t.gql<typeof ten>(query, { first: 10, filter: { programme: batch } })).data!;
    });
    const forHundred = await t.countCommands(async () => {
      hundred = (await t.gql<typeof hundred>(query, { first: 100, filter: { programme: batch } }))
        .data!;
    });

    // Assert
    expect(ten!.visits.edges).toHaveLength(10);
    expect(hundred!.visits.edges).toHaveLength(12);
    expect(forHundred).toBe(forTen);
    expect(forTen).toBeLessThanOrEqual(2); // the page and the hosts; no count: none was asked for
  });
});

describe("visits(…) totalCount", () => {
  it("is counted only when a client asks for it", async () => {
    // Arrange
    const page = (fields: string) => /* GraphQL */ `
      query { visits(first: 5) { ${fields} } }
    `;

    // Act
    const without = await t.commandsDuring(() => t.gql(page("edges { node { id } }")));
    let counted: { visits: { totalCount: number } } | null | undefined;
    const withCount = await t.commandsDuring(async () => {
      counted = (await t.gql<typeof counted>(page("edges { node { id } } totalCount"))).data;
    });

    // Assert
    const onVisits = (commands: { name: string; collection: string | undefined }[]) =>
      commands.filter((c) => c.collection === "visits").map((c) => c.name);
    expect(onVisits(without)).toEqual(["find"]);
    expect(onVisits(withCount)).toEqual(["find", "aggregate"]);
    expect(counted!.visits.totalCount).toBeGreaterThan(0);
  });
});

describe("visit(id)", () => {
  const QUERY = /* GraphQL */ `
    query ($id: ID!) {
      visit(id: $id) {
        id
        title
        edition
        programme
        organiser
        subregion {
          code
          name
        }
        county {
          teryt
          name
        }
        startDate
        endDate
        mode
        status
        capacity
        description
        photoCredit
        stops {
          order
        }
        registeredCount
        waitlistCount
        seatsLeft
      }
    }
  `;

  it("returns a public visit to anyone", async () => {
    // Act
    const result = await t.gql<{ visit: Record<string, unknown> }>(QUERY, { id: ids["open"] });

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.visit).toEqual({
      id: ids["open"],
      title: "Wizyta studyjna w podregionie siedleckim",
      edition: 1,
      programme,
      organiser: "Mazowieckie Centrum Polityki Społecznej",
      subregion: { code: "PL925", name: "siedlecki" },
      county: { teryt: "1464", name: "Siedlce" },
      startDate: "2025-05-10",
      endDate: "2025-05-11",
      mode: "ON_SITE",
      status: "OPEN_FOR_REGISTRATION",
      capacity: 20,
      description: null,
      photoCredit: null,
      stops: [],
      registeredCount: 0,
      waitlistCount: 0,
      seatsLeft: 20,
    });
  });

  it("answers NOT_FOUND to an anonymous caller for a planned or cancelled visit, as for a missing one", async () => {
    // Act
    const planned = await t.gql(QUERY, { id: ids["planned"] });
    const cancelled = await t.gql(QUERY, { id: ids["cancelled"] });
    const missing = await t.gql(QUERY, { id: "0123456789abcdef01234567" });
    const staff = await t.gql(
      QUERY,
      { id: ids["planned"] },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(codeOf(planned)).toBe("NOT_FOUND");
    expect(codeOf(cancelled)).toBe("NOT_FOUND");
    expect(codeOf(missing)).toBe("NOT_FOUND");
    const message = (r: typeof planned) => r.errors![0]!.message.replace(/[0-9a-f]{24}/, "<id>");
    expect(message(planned)).toBe(message(missing));
    expect(staff.errors).toBeUndefined();
  });

  it("refuses registrations to anonymous callers and analysts", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          registrations {
            id
          }
        }
      }
    `;

    // Act
    const anonymous = await t.gql(query, { id: ids["open"] });
    const analyst = await t.gql(
      query,
      { id: ids["open"] },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const admin = await t.gql(query, { id: ids["open"] }, { token: await t.tokenFor(Role.ADMIN) });

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(admin.errors).toBeUndefined();
  });
});

describe("_entities on the visits subgraph", () => {
  const entities = <T>(query: string, representations: unknown[], token?: string) =>
    t.subgraph<{ _entities: T[] }>("visits", query, { r: representations }, { token });

  it("resolves StudyVisit by id, hiding non-public visits from anonymous callers", async () => {
    // Arrange
    const query = /* GraphQL */ `
      query ($r: [_Any!]!) {
        _entities(representations: $r) {
          ... on StudyVisit {
            id
            title
            status
          }
        }
      }
    `;
    const representations = [ids["open"], ids["planned"], "0123456789abcdef01234567"].map((id) => ({
      __typename: "StudyVisit",
      id,
    }));

    // Act
    const anonymous = await entities<{ id: string } | null>(query, representations);
    const staff = await entities<{ id: string } | null>(
      query,
      representations,
      await coordinatorToken(t),
    );

    // Assert
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!._entities).toEqual([
      {
        id: ids["open"],
        title: "Wizyta studyjna w podregionie siedleckim",
        status: "OPEN_FOR_REGISTRATION",
      },
      null,
      null,
    ]);
    expect(staff.data!._entities.map((e) => e?.id ?? null)).toEqual([
      ids["open"],
      ids["planned"],
      null,
    ]);
  });

  it("resolves Organization by id", async () => {
    // Arrange
    const id = await createOrganization(t, { name: "Zakład Karny w Siedlcach", type: "PRISON" });

    // Act
    const result = await entities<unknown>(
      /* GraphQL */ `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Organization {
              id
              name
              type
            }
          }
        }
      `,
      [{ __typename: "Organization", id }],
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id, name: "Zakład Karny w Siedlcach", type: "PRISON" },
    ]);
  });

  it("resolves Subregion by code and County by TERYT code", async () => {
    // Act
    const result = await entities<unknown>(
      /* GraphQL */ `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Subregion {
              code
              name
            }
            ... on County {
              teryt
              name
              subregion {
                code
              }
            }
          }
        }
      `,
      [
        { __typename: "Subregion", code: "PL925" },
        { __typename: "County", teryt: "1426" },
        { __typename: "Subregion", code: "PL000" },
      ],
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { code: "PL925", name: "siedlecki" },
      { teryt: "1426", name: "siedlecki", subregion: { code: "PL925" } },
      null,
    ]);
  });
});
