import { describe, expect, it } from "vitest";

import { hashPassword, verifyPassword } from "../../src/shared/auth.js";

const PASSWORD = "poprawne hasło koordynatorki";

function codeOf(outcome: PromiseSettledResult<unknown>): unknown {
  return outcome.status === "rejected"
    ? (outcome.reason as { extensions?: Record<string, unknown> }).extensions?.["code"]
    : "checked";
}

describe("password hashing", () => {
  it("checks at most 6 passwords at a time (2 running, 4 waiting) and refuses the rest at once", async () => {
    // Arrange
    const stored = await hashPassword(PASSWORD);

    // Act: 10 checks started in the same tick, before any of them can finish.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => verifyPassword(`zgadywane hasło ${i}`, stored)),
    );
    const afterwards = await verifyPassword(PASSWORD, stored);

    // Assert
    expect(outcomes.map(codeOf)).toEqual([
      ...Array<string>(6).fill("checked"),
      ...Array<string>(4).fill("TOO_MANY_REQUESTS"),
    ]);
    expect(outcomes.slice(6).map((o) => (o as PromiseRejectedResult).reason.extensions)).toEqual(
      Array(4).fill({ code: "TOO_MANY_REQUESTS", retryAfter: 1 }),
    );
    expect(afterwards).toBe(true);
  });

  it("checks a password for an unknown account against a decoy, never accepting it", async () => {
    // Act
    const accepted = await verifyPassword(PASSWORD, undefined);

    // Assert
    expect(accepted).toBe(false);
  });
});
