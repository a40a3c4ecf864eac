import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SubgraphName } from "../../src/gateway/index.js";
import {
  codeOf,
  startTestSystem,
  TEST_SUBGRAPH_SECRET,
  type TestSystem,
} from "../support/system.js";

const SERVICE = /* GraphQL */ `
  {
    _service {
      sdl
    }
  }
`;
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
    }
  }
`;

const OPERATIONS = [
  ["_service", SERVICE, undefined],
  ["_entities", ENTITIES, { representations: [{ __typename: "Subregion", code: "PL925" }] }],
  [
    "a query",
    /* GraphQL */ `
      {
        subregions {
          code
        }
      }
    `,
    undefined,
  ],
  [
    "a mutation",
    /* GraphQL */ `
      mutation {
        login(email: "admin@example.pl", password: "a-long-passphrase") {
          token
        }
      }
    `,
    undefined,
  ],
] as const;

describe("subgraphs answer only the gateway", () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem();
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(OPERATIONS.flatMap((op) => [["no", ...op] as const, ["a wrong", ...op] as const]))(
    "with %s secret, %s gets 401",
    async (kind, _name, query, variables) => {
      // Arrange
      const secret = kind === "no" ? null : `${TEST_SUBGRAPH_SECRET.slice(0, -1)}?`;

      // Act
      const result = await t.subgraph("visits", query, variables, { secret });

      // Assert
      expect(result.status).toBe(401);
      expect(codeOf(result)).toBe("UNAUTHENTICATED");
      expect(result.data).toBeUndefined();
    },
  );

  it("the feedback subgraph refuses a call without the secret too", async () => {
    // Act
    const result = await t.subgraph("feedback", SERVICE, undefined, { secret: null });

    // Assert
    expect(result.status).toBe(401);
  });

  it("with the secret, a subgraph answers", async () => {
    // Act
    const result = await t.subgraph("visits", SERVICE);

    // Assert
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });
});

describe("SUBGRAPH_SECRET with two secrets (rotation)", () => {
  const NEW = "the-new-subgraph-secret-of-32-characters-or-more";
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ SUBGRAPH_SECRET: `${NEW},${TEST_SUBGRAPH_SECRET}` });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("subgraphs accept both, and the gateway still reaches them", async () => {
    // Act
    const withNew = await t.subgraph("visits", SERVICE, undefined, { secret: NEW });
    const withOld = await t.subgraph("visits", SERVICE, undefined, {
      secret: TEST_SUBGRAPH_SECRET,
    });
    const throughGateway = await t.gql(/* GraphQL */ `
      {
        subregions {
          code
        }
        themeOptions {
          theme
        }
      }
    `);

    // Assert
    expect(withNew.status).toBe(200);
    expect(withOld.status).toBe(200);
    expect(throughGateway.errors).toBeUndefined();
  });
});

const ENTITY_KEYS = {
  visits: {
    Subregion: "code",
    County: "teryt",
    Organization: "id",
    StudyVisit: "id",
    AnalyticsOverview: "key",
  },
  feedback: {
    FeedbackForm: "id",
    FeedbackResponse: "id",
    DiscussionSummary: "id",
    StudyVisit: "id",
    AnalyticsOverview: "key",
    Subregion: "code",
  },
} as const;

describe("malformed _entities representations", () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem();
  });

  afterAll(async () => {
    await t?.close();
  });

  type Case = [subgraph: string, what: string, representation: unknown];
  const perEntity = Object.entries(ENTITY_KEYS).flatMap(([subgraph, entities]) =>
    Object.entries(entities).flatMap(([type, key]): Case[] => [
      [subgraph, `${type} without its key`, { __typename: type }],
      [subgraph, `${type} with a number for ${key}`, { __typename: type, [key]: 42 }],
      [subgraph, `${type} with an object for ${key}`, { __typename: type, [key]: { $gt: "" } }],
    ]),
  );
  const perSubgraph = Object.keys(ENTITY_KEYS).flatMap((subgraph): Case[] => [
    [subgraph, "an unknown __typename", { __typename: "Nothing", id: "1" }],
    [subgraph, "no __typename", { id: "1" }],
    [subgraph, "a string", "StudyVisit:1"],
    [subgraph, "a number", 7],
    [subgraph, "a list", [{ __typename: "StudyVisit", id: "1" }]],
    [subgraph, "null", null],
  ]);

  it.each([...perEntity, ...perSubgraph])(
    "%s answers BAD_USER_INPUT to %s",
    async (subgraph, _what, representation) => {
      // Act
      const result = await t.subgraph(subgraph as SubgraphName, ENTITIES, {
        representations: [representation],
      });

      // Assert
      expect(result.errors?.map((e) => e.extensions?.["code"])).toEqual(["BAD_USER_INPUT"]);
      expect(result.data?.["_entities"] ?? null).toBeNull();
    },
  );
});
