// Abuse limits through the gateway over HTTP. The gateway runs with TRUST_PROXY=1, so each test
// speaks from addresses of its own through X-Forwarded-For, as clients behind one proxy would.
import { rmSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type LimitOverrides, LIMITS } from "../../src/shared/rate-limits.js";
import { SUBMIT, validAnswers } from "../support/feedback.js";
import { tempDir } from "../support/store.js";
import {
  codeOf,
  type GraphQLResult,
  Role,
  startTestSystem,
  type TestSystem,
} from "../support/system.js";
import { createVisit, REGISTER, registrationInput } from "../support/visits.js";

// Production numbers, except: a lockout of 2 s so that a test can outwait it, a per-address login
// limit of 8 failures and a feedback limit of 3 so that reaching them takes few requests.
const TEST_LIMITS: LimitOverrides = {
  ...LIMITS,
  loginAccount: { ...LIMITS.loginAccount, blockSeconds: 2 },
  loginAddress: { ...LIMITS.loginAddress, points: 8 },
  feedback: { ...LIMITS.feedback, points: 3 },
};
const PASSWORD = "poprawne hasło koordynatorki";

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`;

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem({ TRUST_PROXY: "1" }, { limits: TEST_LIMITS });
});
afterAll(() => t?.close());

let accounts = 0;
let addresses = 0;

/** A new staff account with PASSWORD; returns its e-mail. */
async function newAccount(system = t): Promise<string> {
  const email = `koordynatorka.${++accounts}@mcps.example.pl`;
  const created = await system.gql(
    /* GraphQL */ `
      mutation ($input: UserInput!) {
        createUser(input: $input) {
          id
        }
      }
    `,
    { input: { email, password: PASSWORD, role: "COORDINATOR" } },
    { token: await system.tokenFor(Role.ADMIN) },
  );
  expect(created.errors).toBeUndefined();
  return email;
}

function newAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses}`;
}

function login(email: string, password: string, from: string, system = t) {
  return system.gql(LOGIN, { email, password }, { headers: { "x-forwarded-for": from } });
}

/** Five wrong passwords for `email` from `from`, each refused as wrong. */
async function fiveWrong(email: string, from: string, system = t): Promise<void> {
  for (let i = 0; i < 5; i++) {
    expect(codeOf(await login(email, `zgadywane hasło ${i}`, from, system))).toBe(
      "UNAUTHENTICATED",
    );
  }
}

function retryAfterOf(result: GraphQLResult): unknown {
  return result.errors?.[0]?.extensions?.["retryAfter"];
}

describe("login", () => {
  it("refuses the 6th wrong password in a row with TOO_MANY_REQUESTS and a retry-after hint", async () => {
    // Arrange
    const email = await newAccount();
    const from = newAddress();
    await fiveWrong(email, from);

    // Act
    const sixth = await login(email, "szóste zgadywane hasło", from);

    // Assert
    expect(codeOf(sixth)).toBe("TOO_MANY_REQUESTS");
    expect(retryAfterOf(sixth)).toBeGreaterThanOrEqual(1);
    expect(retryAfterOf(sixth)).toBeLessThanOrEqual(2);
    expect(sixth.data).toBeNull();
  });

  it("refuses the right password during the lockout, from any address", async () => {
    // Arrange
    const email = await newAccount();
    await fiveWrong(email, newAddress());
    expect(codeOf(await login(email, "szóste", newAddress()))).toBe("TOO_MANY_REQUESTS");

    // Act
    const right = await login(email, PASSWORD, newAddress());

    // Assert
    expect(codeOf(right)).toBe("TOO_MANY_REQUESTS");
  });

  it("lets another account sign in from another address while one is locked", async () => {
    // Arrange
    const locked = await newAccount();
    const other = await newAccount();
    await fiveWrong(locked, newAddress());

    // Act
    const result = await login(other, PASSWORD, newAddress());

    // Assert
    expect(result.errors).toBeUndefined();
    expect(result.data?.["login"]).toEqual({ token: expect.any(String) });
  });

  it("accepts the right password again once the lockout is over", async () => {
    // Arrange
    const email = await newAccount();
    const from = newAddress();
    await fiveWrong(email, from);
    const refused = await login(email, "szóste", from);
    expect(codeOf(refused)).toBe("TOO_MANY_REQUESTS");
    await new Promise((resolve) => setTimeout(resolve, Number(retryAfterOf(refused)) * 1000 + 200));

    // Act
    const result = await login(email, PASSWORD, from);

    // Assert
    expect(result.errors).toBeUndefined();
  });

  it("starts counting again after a successful sign-in", async () => {
    // Arrange
    const email = await newAccount();
    const [before, after] = [newAddress(), newAddress()];
    for (let i = 0; i < 4; i++) await login(email, `zgadywane ${i}`, before);
    expect((await login(email, PASSWORD, before)).errors).toBeUndefined();
    for (let i = 0; i < 4; i++) await login(email, `zgadywane ${i}`, after);

    // Act
    const fifthWrongSinceSuccess = await login(email, "zgadywane 5", after);

    // Assert
    expect(codeOf(fifthWrongSinceSuccess)).toBe("UNAUTHENTICATED");
  });

  it("stops one address trying one password on many accounts", async () => {
    // Arrange: 8 failures allowed per address in this file, one per account.
    const from = newAddress();
    for (let i = 0; i < 8; i++) {
      expect(codeOf(await login(`nieznana.${i}@example.pl`, "hasło1234567", from))).toBe(
        "UNAUTHENTICATED",
      );
    }
    const email = await newAccount();

    // Act
    const fromThere = await login(email, PASSWORD, from);
    const fromElsewhere = await login(email, PASSWORD, newAddress());

    // Assert
    expect(codeOf(fromThere)).toBe("TOO_MANY_REQUESTS");
    expect(retryAfterOf(fromThere)).toBeGreaterThan(0);
    expect(fromElsewhere.errors).toBeUndefined();
  });
});

describe("registerForVisit", () => {
  function registerFrom(visitId: string, from: string, token?: string) {
    return t.gql(
      REGISTER,
      { input: registrationInput(visitId) },
      { headers: { "x-forwarded-for": from }, ...(token ? { token } : {}) },
    );
  }

  it("takes 10 registrations from one address in 10 minutes, then TOO_MANY_REQUESTS", async () => {
    // Arrange
    const visitId = await createVisit(t, { capacity: 100 });
    const from = newAddress();
    for (let i = 0; i < 10; i++) expect((await registerFrom(visitId, from)).errors).toBeUndefined();

    // Act
    const eleventh = await registerFrom(visitId, from);
    const elsewhere = await registerFrom(visitId, newAddress());
    const signedIn = await registerFrom(visitId, from, await t.tokenFor(Role.COORDINATOR));

    // Assert
    expect(codeOf(eleventh)).toBe("TOO_MANY_REQUESTS");
    expect(retryAfterOf(eleventh)).toBeGreaterThan(590);
    expect(elsewhere.errors).toBeUndefined();
    expect(signedIn.errors).toBeUndefined();
  });
});

describe("submitFeedback", () => {
  function submitFrom(from: string) {
    return t.gql(
      SUBMIT,
      { token: "no-such-link-token", input: validAnswers(), submissionId: crypto.randomUUID() },
      { headers: { "x-forwarded-for": from } },
    );
  }

  it("counts submissions per address, whatever their outcome", async () => {
    // Arrange: 3 allowed per minute in this file.
    const from = newAddress();
    for (let i = 0; i < 3; i++) expect(codeOf(await submitFrom(from))).toBe("NOT_FOUND");

    // Act
    const fourth = await submitFrom(from);
    const elsewhere = await submitFrom(newAddress());

    // Assert
    expect(codeOf(fourth)).toBe("TOO_MANY_REQUESTS");
    expect(retryAfterOf(fourth)).toBeGreaterThan(0);
    expect(codeOf(elsewhere)).toBe("NOT_FOUND");
  });
});

describe("shared state", () => {
  it("a second system on the same database sees the lockout the first one made", async () => {
    // Arrange
    const second = await startTestSystem(
      { TRUST_PROXY: "1", MONGODB_URI: t.store.uri, MONGODB_DB: t.config.dbName },
      { limits: TEST_LIMITS },
    );
    try {
      const email = await newAccount();
      await fiveWrong(email, newAddress());

      // Act
      const there = await login(email, PASSWORD, newAddress(), second);

      // Assert
      expect(codeOf(there)).toBe("TOO_MANY_REQUESTS");
    } finally {
      await second.close();
    }
  });

  it("the embedded store keeps the counts across a restart", async () => {
    // Arrange: the service's own embedded store in a data folder that outlives the first run.
    const env = { TRUST_PROXY: "1", MONGODB_URI: "", DATA_DIR: tempDir(), MONGODB_DB: "limits" };
    const first = await startTestSystem(env, { limits: TEST_LIMITS });
    let email: string;
    try {
      email = await newAccount(first);
      await fiveWrong(email, newAddress(), first);
    } finally {
      await first.close();
    }
    const restarted = await startTestSystem(env, { limits: TEST_LIMITS });
    try {
      // Act
      const sixth = await login(email, PASSWORD, newAddress(), restarted);

      // Assert
      expect(codeOf(sixth)).toBe("TOO_MANY_REQUESTS");
    } finally {
      await restarted.close();
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  });
});
