import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

const CREATE_USER = /* GraphQL */ `
  mutation ($input: UserInput!) {
    createUser(input: $input) {
      id
      email
      role
      createdAt
    }
  }
`;

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user {
        id
        email
        role
      }
    }
  }
`;

const ME = /* GraphQL */ `
  {
    me {
      id
      email
      role
    }
  }
`;

interface LoginData {
  login: { token: string; expiresAt: string; user: { id: string; email: string; role: string } };
}

async function createUser(input: Record<string, unknown>) {
  return t.gql<{ createUser: { id: string; email: string; role: string } }>(
    CREATE_USER,
    { input },
    { token: await t.tokenFor(Role.ADMIN) },
  );
}

describe("staff users", () => {
  it("an ADMIN creates a user who then signs in and sees themselves in `me`", async () => {
    // Arrange
    const created = await createUser({
      email: "Koordynatorka@MCPS.example.pl",
      password: "dwanaście znaków",
      role: "COORDINATOR",
    });

    // Act
    const login = await t.gql<LoginData>(LOGIN, {
      email: "koordynatorka@mcps.example.pl",
      password: "dwanaście znaków",
    });
    const me = await t.gql<{ me: { id: string; email: string; role: string } }>(ME, undefined, {
      token: login.data?.login.token,
    });
    const write = await t.gql(
      /* GraphQL */ `
        mutation {
          createOrganization(input: { name: "OWES Siedlce", type: OWES }) {
            id
          }
        }
      `,
      undefined,
      { token: login.data?.login.token },
    );

    // Assert
    expect(created.errors).toBeUndefined();
    expect(created.data!.createUser).toMatchObject({
      email: "koordynatorka@mcps.example.pl",
      role: "COORDINATOR",
    });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user).toEqual({
      id: created.data!.createUser.id,
      email: "koordynatorka@mcps.example.pl",
      role: "COORDINATOR",
    });
    expect(Date.parse(login.data!.login.expiresAt)).toBeGreaterThan(Date.now());
    expect(me.data!.me).toEqual(login.data!.login.user);
    expect(write.errors).toBeUndefined();
  });

  it("refuses a wrong password and an unknown e-mail with the same UNAUTHENTICATED message", async () => {
    // Arrange
    await createUser({
      email: "analityk@mcps.example.pl",
      password: "hasło analityka",
      role: "ANALYST",
    });

    // Act
    const wrongPassword = await t.gql(LOGIN, {
      email: "analityk@mcps.example.pl",
      password: "hasło analityka!",
    });
    const unknownEmail = await t.gql(LOGIN, {
      email: "nikt@mcps.example.pl",
      password: "hasło analityka",
    });

    // Assert
    expect(codeOf(wrongPassword)).toBe("UNAUTHENTICATED");
    expect(codeOf(unknownEmail)).toBe("UNAUTHENTICATED");
    expect(wrongPassword.errors![0]!.message).toBe(unknownEmail.errors![0]!.message);
    expect(wrongPassword.data ?? null).toBeNull();
  });

  it("`me` needs a token, and one whose account exists", async () => {
    // Act
    const anonymous = await t.gql(ME);
    const forged = await t.gql(ME, undefined, { token: "not.a.token" });
    const { token: orphanToken } = await t.tokens.sign({
      userId: "0123456789abcdef01234567",
      email: "nikt@wizyty.test",
      role: Role.ADMIN,
    });
    const orphan = await t.gql(ME, undefined, { token: orphanToken });

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(forged)).toBe("UNAUTHENTICATED");
    expect(codeOf(orphan)).toBe("UNAUTHENTICATED");
  });

  it("only an ADMIN creates users", async () => {
    // Arrange
    const input = {
      email: "nowy@mcps.example.pl",
      password: "wystarczająco długie",
      role: "ADMIN",
    };

    // Act
    const anonymous = await t.gql(CREATE_USER, { input });
    const coordinator = await t.gql(
      CREATE_USER,
      { input },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );
    const analyst = await t.gql(CREATE_USER, { input }, { token: await t.tokenFor(Role.ANALYST) });

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(coordinator)).toBe("FORBIDDEN");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
  });

  it.each([
    ["input.password", { email: "krotkie@mcps.example.pl", password: "za krótkie", role: "ADMIN" }],
    ["input.email", { email: "bez-malpy", password: "wystarczająco długie", role: "ADMIN" }],
  ])("rejects a bad %s with BAD_USER_INPUT naming it", async (field, input) => {
    // Act
    const result = await createUser(input);

    // Assert
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.extensions!["field"]).toBe(field);
  });

  it("refuses a second user with the same e-mail, in any case, with CONFLICT DUPLICATE", async () => {
    // Arrange
    await createUser({
      email: "dwa@mcps.example.pl",
      password: "pierwsze hasło!",
      role: "ANALYST",
    });

    // Act
    const again = await createUser({
      email: "DWA@mcps.example.pl",
      password: "drugie hasło!!",
      role: "ADMIN",
    });

    // Assert
    expect(codeOf(again)).toBe("CONFLICT");
    expect(again.errors![0]!.extensions!["reason"]).toBe("DUPLICATE");
  });

  it("lists every staff user to an ADMIN, by e-mail, and to nobody else", async () => {
    // Arrange
    await createUser({
      email: "zz.lista@example.pl",
      password: "długie hasło listy",
      role: "ANALYST",
    });
    const USERS = /* GraphQL */ `
      {
        users {
          email
          role
          createdAt
        }
      }
    `;

    // Act
    const asAdmin = await t.gql<{ users: { email: string; role: string }[] }>(
      USERS,
      {},
      {
        token: await t.tokenFor(Role.ADMIN),
      },
    );
    const asCoordinator = await t.gql(USERS, {}, { token: await t.tokenFor(Role.COORDINATOR) });
    const anonymous = await t.gql(USERS);

    // Assert
    expect(asAdmin.errors).toBeUndefined();
    const emails = asAdmin.data!.users.map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(asAdmin.data!.users).toContainEqual(
      expect.objectContaining({ email: "zz.lista@example.pl", role: "ANALYST" }),
    );
    expect(asAdmin.data!.users.every((u) => !("password" in u))).toBe(true);
    expect(codeOf(asCoordinator)).toBe("FORBIDDEN");
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
  });
});
