import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import { coordinatorToken, createOrganization } from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const CREATE = /* GraphQL */ `
  mutation ($input: OrganizationInput!) {
    createOrganization(input: $input) {
      id
      name
      type
      operator
      description
      county {
        teryt
        name
      }
      subregion {
        code
        name
      }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: OrganizationUpdateInput!) {
    updateOrganization(id: $id, input: $input) {
      id
      name
      type
      operator
      county {
        teryt
      }
      subregion {
        code
      }
    }
  }
`;

const LIST = /* GraphQL */ `
  query ($filter: OrganizationFilter, $first: Int, $after: String) {
    organizations(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
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
  organizations: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe("createOrganization", () => {
  it("creates a host with its county, and derives the subregion from the county", async () => {
    // Act
    const result = await t.gql<{ createOrganization: Record<string, unknown> }>(
      CREATE,
      {
        input: {
          name: "  Zakład Aktywności Zawodowej w Siedlcach ",
          type: "ZAZ",
          operator: "Caritas Diecezji Siedleckiej",
          countyTeryt: "1464",
          description: "Zatrudnia osoby z niepełnosprawnościami.",
        },
      },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.createOrganization).toMatchObject({
      name: "Zakład Aktywności Zawodowej w Siedlcach",
      type: "ZAZ",
      operator: "Caritas Diecezji Siedleckiej",
      county: { teryt: "1464", name: "Siedlce" },
      subregion: { code: "PL925", name: "siedlecki" },
    });
  });

  it("needs ADMIN or COORDINATOR", async () => {
    // Arrange
    const input = { name: "Spółdzielnia", type: "SOCIAL_COOPERATIVE" };

    // Act
    const anonymous = await t.gql(CREATE, { input });
    const analyst = await t.gql(CREATE, { input }, { token: await t.tokenFor(Role.ANALYST) });
    const admin = await t.gql(CREATE, { input }, { token: await t.tokenFor(Role.ADMIN) });

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(admin.errors).toBeUndefined();
  });

  it.each([
    ["input.name", { name: "   " }],
    ["input.name", { name: "x".repeat(201) }],
    ["input.countyTeryt", { countyTeryt: "14" }],
    ["input.countyTeryt", { countyTeryt: "9999" }],
    ["input.operator", { operator: "x".repeat(201) }],
  ])("rejects a bad value with BAD_USER_INPUT naming %s", async (field, change) => {
    // Act
    const result = await t.gql(
      CREATE,
      { input: { name: "Dobra nazwa", type: "NGO", ...change } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
  });

  it("rejects an unknown type before it reaches the service", async () => {
    // Act
    const result = await t.gql(
      CREATE,
      { input: { name: "Dobra nazwa", type: "CASTLE" } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
  });
});

describe("updateOrganization", () => {
  it("changes only the fields given and clears an optional one with null", async () => {
    // Arrange
    const id = await createOrganization(t, {
      name: "Zakład Karny",
      type: "PRISON",
      operator: "Służba Więzienna",
      countyTeryt: "1464",
    });

    // Act
    const result = await t.gql<{ updateOrganization: Record<string, unknown> }>(
      UPDATE,
      { id, input: { name: "Zakład Karny w Siedlcach", operator: null, countyTeryt: "1426" } },
      { token: await coordinatorToken(t) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateOrganization).toEqual({
      id,
      name: "Zakład Karny w Siedlcach",
      type: "PRISON",
      operator: null,
      county: { teryt: "1426" },
      subregion: { code: "PL925" },
    });
  });

  it("refuses to remove a required field, an unknown county and an unknown id", async () => {
    // Arrange
    const id = await createOrganization(t);
    const token = await coordinatorToken(t);

    // Act
    const nullName = await t.gql(UPDATE, { id, input: { name: null } }, { token });
    const badCounty = await t.gql(UPDATE, { id, input: { countyTeryt: "0000" } }, { token });
    const unknown = await t.gql(
      UPDATE,
      { id: "0123456789abcdef01234567", input: { name: "Nowa" } },
      { token },
    );
    const malformed = await t.gql(UPDATE, { id: "x", input: { name: "Nowa" } }, { token });

    // Assert
    expect(codeOf(nullName)).toBe("BAD_USER_INPUT");
    expect(nullName.errors![0]!.extensions!["field"]).toBe("input.name");
    expect(codeOf(badCounty)).toBe("BAD_USER_INPUT");
    expect(badCounty.errors![0]!.extensions!["field"]).toBe("input.countyTeryt");
    expect(codeOf(unknown)).toBe("NOT_FOUND");
    expect(codeOf(malformed)).toBe("NOT_FOUND");
  });

  it("needs ADMIN or COORDINATOR", async () => {
    // Arrange
    const id = await createOrganization(t);

    // Act
    const anonymous = await t.gql(UPDATE, { id, input: { name: "Nowa" } });
    const analyst = await t.gql(
      UPDATE,
      { id, input: { name: "Nowa" } },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
  });
});

describe("organizations", () => {
  it("filters by type, subregion, county and part of the name, and pages by name", async () => {
    // Arrange: a fresh search term keeps other tests' organisations out
    const tag = `Filtr${Date.now()}`;
    const ids = {
      cooperative: await createOrganization(t, {
        name: `${tag} Spółdzielnia Socjalna Zioła`,
        type: "SOCIAL_COOPERATIVE",
        countyTeryt: "1464",
      }),
      owes: await createOrganization(t, {
        name: `${tag} OWES Subregionu Siedleckiego`,
        type: "OWES",
        countyTeryt: "1426",
      }),
      radom: await createOrganization(t, {
        name: `${tag} Centrum Integracji Społecznej`,
        type: "CIS",
        countyTeryt: "1463",
      }),
      nowhere: await createOrganization(t, { name: `${tag} Fundacja bez powiatu`, type: "NGO" }),
    };
    const list = async (filter: Record<string, unknown>, first?: number, after?: string) => {
      const result = await t.gql<ListData>(LIST, {
        filter: { search: tag.toLowerCase(), ...filter },
        first,
        after,
      });
      expect(result.errors).toBeUndefined();
      return result.data!.organizations;
    };

    // Act
    const all = await list({});
    const siedlecki = await list({ subregion: "PL925" });
    const siedlce = await list({ county: "1464" });
    const owes = await list({ type: "OWES" });
    const bySearch = await list({ search: "SPÓŁDZIELNIA socjalna zioŁA" });
    const page1 = await list({}, 3);
    const page2 = await list({}, 3, page1.pageInfo.endCursor!);

    // Assert
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((e) => e.node.name)).toEqual(
      [...all.edges.map((e) => e.node.name)].sort(),
    );
    expect(siedlecki.edges.map((e) => e.node.id).sort()).toEqual(
      [ids.cooperative, ids.owes].sort(),
    );
    expect(siedlce.edges.map((e) => e.node.id)).toEqual([ids.cooperative]);
    expect(owes.edges.map((e) => e.node.id)).toEqual([ids.owes]);
    expect(bySearch.edges.map((e) => e.node.id)).toEqual([ids.cooperative]);
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect([...page1.edges, ...page2.edges].map((e) => e.node.id)).toEqual(
      all.edges.map((e) => e.node.id),
    );
    expect(page2.totalCount).toBe(4);
  });

  it("treats search text literally, not as a pattern", async () => {
    // Act
    const result = await t.gql<ListData>(LIST, { filter: { search: ".*" } });

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data!.organizations.totalCount).toBe(0);
  });

  it.each([
    ["first", { first: 0 }],
    ["first", { first: 101 }],
    ["after", { after: "garbage" }],
    ["filter.subregion", { filter: { subregion: "PL999" } }],
    ["filter.county", { filter: { county: "0000" } }],
  ])("rejects a bad argument with BAD_USER_INPUT naming %s", async (field, variables) => {
    // Act
    const result = await t.gql(LIST, variables);

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
  });

  it("answers `organization(id)` for anyone, and null for an unknown id", async () => {
    // Arrange
    const id = await createOrganization(t, { name: "Klub Integracji Społecznej", type: "KIS" });
    const query = /* GraphQL */ `
      query ($id: ID!) {
        organization(id: $id) {
          id
          name
          type
          subregion {
            code
          }
        }
      }
    `;

    // Act
    const found = await t.gql<{ organization: unknown }>(query, { id });
    const unknown = await t.gql<{ organization: unknown }>(query, {
      id: "0123456789abcdef01234567",
    });
    const malformed = await t.gql<{ organization: unknown }>(query, { id: "nope" });

    // Assert
    expect(found.data!.organization).toEqual({
      id,
      name: "Klub Integracji Społecznej",
      type: "KIS",
      subregion: null,
    });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.organization).toBeNull();
    expect(malformed.data!.organization).toBeNull();
  });
});
