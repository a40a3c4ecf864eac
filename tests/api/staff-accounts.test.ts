// Staff accounts: an ADMIN changes roles, disables, deletes, resets passwords and revokes tokens;
// everyone changes their own password. Tokens are checked against the user record, so each change
// applies to tokens already handed out, in both subgraphs, from the next request on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  codeOf,
  type GraphQLResult,
  Role,
  startTestSystem,
  type TestSystem,
} from "../support/system.js";

const ME = /* GraphQL */ `
  {
    me {
      id
      email
      role
      disabled
      lastSignInAt
    }
  }
`;
// A staff-only query answered by the feedback subgraph alone.
const FEEDBACK_STAFF = /* GraphQL */ `
  {
    analyticsMinGroup
  }
`;
const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`;
const USER_FIELDS = "id email role disabled lastSignInAt";
const byId = (mutation: string, extra = "") => /* GraphQL */ `
  mutation ($id: ID! ${extra ? `, ${extra}` : ""}) {
    ${mutation}
  }
`;
const CHANGE_ROLE = byId(`changeUserRole(id: $id, role: $role) { ${USER_FIELDS} }`, "$role: Role!");
const DISABLE = byId(`disableUser(id: $id) { ${USER_FIELDS} }`);
const ENABLE = byId(`enableUser(id: $id) { ${USER_FIELDS} }`);
const DELETE = byId(`deleteUser(id: $id)`);
const RESET = byId(
  `resetUserPassword(id: $id, password: $password) { ${USER_FIELDS} }`,
  "$password: String!",
);
const REVOKE = byId(`revokeUserTokens(id: $id) { ${USER_FIELDS} }`);
const CHANGE_OWN = /* GraphQL */ `
  mutation ($currentPassword: String!, $newPassword: String!) {
    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      user {
        id
      }
    }
  }
`;

interface Account {
  id: string;
  email: string;
  password: string;
  /** From a real sign-in. */
  token: string;
}

let counter = 0;

/** A user made by an ADMIN through the API, signed in with their password. */
async function account(t: TestSystem, role: Role, admin?: string): Promise<Account> {
  counter += 1;
  const email = `konto${counter}@mcps.example.pl`;
  const password = `hasło konta numer ${counter}`;
  const created = await t.gql<{ createUser: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: UserInput!) {
        createUser(input: $input) {
          id
        }
      }
    `,
    { input: { email, password, role } },
    { token: admin ?? (await t.tokenFor(Role.ADMIN)) },
  );
  expect(created.errors).toBeUndefined();
  return {
    id: created.data!.createUser.id,
    email,
    password,
    token: await login(t, email, password),
  };
}

async function login(t: TestSystem, email: string, password: string): Promise<string> {
  const result = await t.gql<{ login: { token: string } }>(LOGIN, { email, password });
  expect(result.errors).toBeUndefined();
  return result.data!.login.token;
}

/** Whether a token is accepted by each subgraph, straight and through the gateway. */
async function accepted(t: TestSystem, token: string) {
  const ok = (result: GraphQLResult<unknown>) => result.errors === undefined;
  return {
    visits: ok(await t.subgraph("visits", ME, {}, { token })),
    feedback: ok(await t.subgraph("feedback", FEEDBACK_STAFF, {}, { token })),
    gatewayVisits: ok(await t.gql(ME, {}, { token })),
    gatewayFeedback: ok(await t.gql(FEEDBACK_STAFF, {}, { token })),
  };
}
const EVERYWHERE = { visits: true, feedback: true, gatewayVisits: true, gatewayFeedback: true };
const NOWHERE = { visits: false, feedback: false, gatewayVisits: false, gatewayFeedback: false };

describe("staff accounts", () => {
  let t: TestSystem;
  let admin: string;
  beforeAll(async () => {
    t = await startTestSystem();
    admin = await t.tokenFor(Role.ADMIN);
  });
  afterAll(() => t?.close());

  const asAdmin = <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
  ) => t.gql<T>(query, variables, { token: admin });

  it("lists a signed-in user as enabled, with the time of the sign-in", async () => {
    // Arrange
    const user = await account(t, Role.ANALYST);

    // Act
    const listed = await asAdmin<{
      users: { id: string; disabled: boolean; lastSignInAt: string }[];
    }>(`{ users { ${USER_FIELDS} } }`, {});

    // Assert
    const row = listed.data!.users.find((u) => u.id === user.id);
    expect(row).toMatchObject({ disabled: false });
    expect(Date.now() - Date.parse(row!.lastSignInAt)).toBeLessThan(60_000);
  });

  it("a new role applies to the token already held, at its next request", async () => {
    // Arrange
    const user = await account(t, Role.COORDINATOR);

    // Act
    const changed = await asAdmin<{ changeUserRole: { role: string } }>(CHANGE_ROLE, {
      id: user.id,
      role: "ANALYST",
    });
    const me = await t.gql<{ me: { role: string } }>(ME, {}, { token: user.token });
    const coordinatorsOnly = await t.gql(
      /* GraphQL */ `
        mutation {
          createOrganization(input: { name: "Po zmianie roli", type: OWES }) {
            id
          }
        }
      `,
      {},
      { token: user.token },
    );

    // Assert
    expect(changed.data?.changeUserRole.role).toBe("ANALYST");
    expect(me.data?.me.role).toBe("ANALYST");
    expect(codeOf(coordinatorsOnly)).toBe("FORBIDDEN");
  });

  it("a disabled user's token is refused at once by both subgraphs, and they cannot sign in", async () => {
    // Arrange
    const user = await account(t, Role.COORDINATOR);
    expect(await accepted(t, user.token)).toEqual(EVERYWHERE);

    // Act
    const disabled = await asAdmin<{ disableUser: { disabled: boolean } }>(DISABLE, {
      id: user.id,
    });
    const afterwards = await accepted(t, user.token);
    const signIn = await t.gql(LOGIN, { email: user.email, password: user.password });

    // Assert
    expect(disabled.data?.disableUser.disabled).toBe(true);
    expect(afterwards).toEqual(NOWHERE);
    expect(codeOf(await t.gql(ME, {}, { token: user.token }))).toBe("UNAUTHENTICATED");
    expect(codeOf(signIn)).toBe("UNAUTHENTICATED");
    expect(signIn.errors![0]!.message).toMatch(/disabled/);
  });

  it("an enabled user signs in again, and the tokens held before disabling stay refused", async () => {
    // Arrange
    const user = await account(t, Role.ANALYST);
    await asAdmin(DISABLE, { id: user.id });

    // Act
    const enabled = await asAdmin<{ enableUser: { disabled: boolean } }>(ENABLE, { id: user.id });
    const fresh = await login(t, user.email, user.password);

    // Assert
    expect(enabled.data?.enableUser.disabled).toBe(false);
    expect(await accepted(t, fresh)).toEqual(EVERYWHERE);
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
  });

  it("a deleted user's token is refused by both subgraphs, and the user is gone", async () => {
    // Arrange
    const user = await account(t, Role.COORDINATOR);

    // Act
    const deleted = await asAdmin<{ deleteUser: string }>(DELETE, { id: user.id });
    const listed = await asAdmin<{ users: { id: string }[] }>("{ users { id } }", {});
    const signIn = await t.gql(LOGIN, { email: user.email, password: user.password });

    // Assert
    expect(deleted.data?.deleteUser).toBe(user.id);
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
    expect(listed.data!.users.map((u) => u.id)).not.toContain(user.id);
    expect(codeOf(signIn)).toBe("UNAUTHENTICATED");
  });

  it("a password reset by an ADMIN revokes the user's tokens and replaces the password", async () => {
    // Arrange
    const user = await account(t, Role.COORDINATOR);

    // Act
    const reset = await asAdmin(RESET, { id: user.id, password: "nowe hasło początkowe" });
    const oldPassword = await t.gql(LOGIN, { email: user.email, password: user.password });
    const newToken = await login(t, user.email, "nowe hasło początkowe");

    // Assert
    expect(reset.errors).toBeUndefined();
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
    expect(codeOf(oldPassword)).toBe("UNAUTHENTICATED");
    expect(await accepted(t, newToken)).toEqual(EVERYWHERE);
  });

  it("an ADMIN revokes every token of a user, who may sign in again", async () => {
    // Arrange
    const user = await account(t, Role.ANALYST);
    const second = await login(t, user.email, user.password);

    // Act
    const revoked = await asAdmin(REVOKE, { id: user.id });

    // Assert
    expect(revoked.errors).toBeUndefined();
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
    expect(await accepted(t, second)).toEqual(NOWHERE);
    expect(await accepted(t, await login(t, user.email, user.password))).toEqual(EVERYWHERE);
  });

  it("anyone signs themselves out everywhere, but revokes nobody else's tokens", async () => {
    // Arrange
    const user = await account(t, Role.COORDINATOR);
    const other = await account(t, Role.COORDINATOR);
    const elsewhere = await login(t, user.email, user.password);

    // Act
    const someoneElse = await t.gql(REVOKE, { id: other.id }, { token: user.token });
    const own = await t.gql(REVOKE, { id: user.id }, { token: user.token });

    // Assert
    expect(codeOf(someoneElse)).toBe("FORBIDDEN");
    expect(own.errors).toBeUndefined();
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
    expect(await accepted(t, elsewhere)).toEqual(NOWHERE);
    expect(await accepted(t, other.token)).toEqual(EVERYWHERE);
  });

  it("a user changes their own password: the old one and the other tokens stop working", async () => {
    // Arrange
    const user = await account(t, Role.ANALYST);
    const elsewhere = await login(t, user.email, user.password);

    // Act
    const wrong = await t.gql(
      CHANGE_OWN,
      { currentPassword: "nie to hasło wcale", newPassword: "zupełnie nowe hasło" },
      { token: user.token },
    );
    const tooShort = await t.gql(
      CHANGE_OWN,
      { currentPassword: user.password, newPassword: "krótkie" },
      { token: user.token },
    );
    const changed = await t.gql<{ changeOwnPassword: { token: string; user: { id: string } } }>(
      CHANGE_OWN,
      { currentPassword: user.password, newPassword: "zupełnie nowe hasło" },
      { token: user.token },
    );
    const oldPassword = await t.gql(LOGIN, { email: user.email, password: user.password });

    // Assert
    expect(codeOf(wrong)).toBe("BAD_USER_INPUT");
    expect(wrong.errors![0]!.extensions!["field"]).toBe("currentPassword");
    expect(tooShort.errors![0]!.extensions!["field"]).toBe("newPassword");
    expect(changed.data?.changeOwnPassword.user.id).toBe(user.id);
    expect(await accepted(t, changed.data!.changeOwnPassword.token)).toEqual(EVERYWHERE);
    expect(await accepted(t, user.token)).toEqual(NOWHERE);
    expect(await accepted(t, elsewhere)).toEqual(NOWHERE);
    expect(codeOf(oldPassword)).toBe("UNAUTHENTICATED");
    expect(await login(t, user.email, "zupełnie nowe hasło")).toBeTruthy();
  });

  it("only an ADMIN manages accounts; a bad id is NOT_FOUND and a short password BAD_USER_INPUT", async () => {
    // Arrange
    const user = await account(t, Role.ANALYST);
    const coordinator = await t.tokenFor(Role.COORDINATOR);
    const mutations: [string, Record<string, unknown>][] = [
      [CHANGE_ROLE, { id: user.id, role: "ADMIN" }],
      [DISABLE, { id: user.id }],
      [ENABLE, { id: user.id }],
      [DELETE, { id: user.id }],
      [RESET, { id: user.id, password: "hasło od koordynatora" }],
    ];

    // Act
    const byCoordinator = await Promise.all(
      mutations.map(([query, variables]) => t.gql(query, variables, { token: coordinator })),
    );
    const anonymous = await t.gql(DISABLE, { id: user.id });
    const missing = await Promise.all(
      ["0123456789abcdef01234567", "nie-id"].map((id) => asAdmin(DISABLE, { id })),
    );
    const short = await asAdmin(RESET, { id: user.id, password: "krótkie" });

    // Assert
    expect(byCoordinator.map(codeOf)).toEqual(mutations.map(() => "FORBIDDEN"));
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(missing.map(codeOf)).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    expect(codeOf(short)).toBe("BAD_USER_INPUT");
    expect(short.errors![0]!.extensions!["field"]).toBe("password");
    expect(await accepted(t, user.token)).toEqual(EVERYWHERE);
  });
});

describe("the last active ADMIN", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.close());

  const reasonOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.["reason"];

  it("cannot be demoted, disabled or deleted, by themselves or anyone", async () => {
    // Arrange: the ADMIN made by tokenFor makes `only` ADMIN and steps down; a second ADMIN is
    // disabled, and so does not count.
    const founder = await t.tokenFor(Role.ADMIN, "zalozyciel@x.pl");
    const only = await account(t, Role.ADMIN, founder);
    const founderId = (await t.gql<{ me: { id: string } }>(ME, {}, { token: founder })).data!.me.id;
    const stepDown = await t.gql(
      CHANGE_ROLE,
      { id: founderId, role: "COORDINATOR" },
      { token: only.token },
    );
    const disabledAdmin = await account(t, Role.ADMIN, only.token);
    await t.gql(DISABLE, { id: disabledAdmin.id }, { token: only.token });

    // Act
    const attempts = await Promise.all(
      [
        [CHANGE_ROLE, { id: only.id, role: "COORDINATOR" }],
        [DISABLE, { id: only.id }],
        [DELETE, { id: only.id }],
      ].map(([query, variables]) =>
        t.gql(query as string, variables as Record<string, unknown>, { token: only.token }),
      ),
    );

    // Assert
    expect(stepDown.errors).toBeUndefined();
    expect(attempts.map(codeOf)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT"]);
    expect(attempts.map(reasonOf)).toEqual(["LAST_ADMIN", "LAST_ADMIN", "LAST_ADMIN"]);
    expect(await accepted(t, only.token)).toEqual(EVERYWHERE);
  });

  it("of two ADMINs demoting each other at once, one is refused", async () => {
    // Arrange: two active ADMINs and no other.
    const first = await account(t, Role.ADMIN, await t.tokenFor(Role.ADMIN, "kolejny@x.pl"));
    const users = await t.gql<{ users: { id: string; role: string; disabled: boolean }[] }>(
      "{ users { id role disabled } }",
      {},
      { token: first.token },
    );
    for (const other of users.data!.users) {
      if (other.id !== first.id && other.role === "ADMIN" && !other.disabled) {
        expect(
          (await t.gql(DISABLE, { id: other.id }, { token: first.token })).errors,
        ).toBeUndefined();
      }
    }
    const second = await account(t, Role.ADMIN, first.token);

    // Act
    const [demoteSecond, demoteFirst] = await Promise.all([
      t.gql(CHANGE_ROLE, { id: second.id, role: "ANALYST" }, { token: first.token }),
      t.gql(CHANGE_ROLE, { id: first.id, role: "ANALYST" }, { token: second.token }),
    ]);

    // Assert
    const results = [demoteSecond, demoteFirst];
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.map(reasonOf).filter(Boolean)).toEqual(["LAST_ADMIN"]);
  });
});
