import { describe, expect, it } from "vitest";

import { monthsBefore } from "../../src/services/visits/personal-data.service.js";

describe("monthsBefore (the retention cut-off)", () => {
  it.each([
    ["2026-12-03T10:00:00Z", 24, "2024-12-03"],
    ["2026-03-31T10:00:00Z", 1, "2026-02-28"],
    ["2024-03-31T10:00:00Z", 1, "2024-02-29"],
    ["2026-01-15T00:00:00Z", 13, "2024-12-15"],
    ["2026-05-31T23:59:59Z", 120, "2016-05-31"],
  ])("from %s, %i months back, is %s", (now, months, expected) => {
    // Act
    const cutoff = monthsBefore(new Date(now), months);

    // Assert
    expect(cutoff).toBe(expected);
  });
});
