import { describe, expect, it } from "vitest";

import { hasEnded, hasStarted, organiserToday } from "../../src/domain/visit-calendar.js";

describe("the organiser's calendar", () => {
  it.each([
    ["2026-12-01T22:59:59Z", "2026-12-01"],
    ["2026-12-01T23:00:00Z", "2026-12-02"], // midnight in Warsaw in winter (UTC+1)
    ["2026-06-30T21:59:59Z", "2026-06-30"],
    ["2026-06-30T22:00:00Z", "2026-07-01"], // midnight in Warsaw in summer (UTC+2)
  ])("at %s it is %s in Warsaw", (instant, day) => {
    // Arrange
    const now = new Date(instant);

    // Act
    const today = organiserToday(now);

    // Assert
    expect(today).toBe(day);
  });

  it("starts a visit on its first day and ends it the day after its last, in Warsaw", () => {
    // Arrange: 00:30 on 2 December in Warsaw, still 1 December in UTC.
    const now = new Date("2026-12-01T23:30:00Z");
    const visit = { startDate: "2026-12-02", endDate: "2026-12-03" };
    const past = { startDate: "2026-11-30", endDate: "2026-12-01" };

    // Act
    const [started, ended, pastEnded] = [
      hasStarted(visit, now),
      hasEnded(visit, now),
      hasEnded(past, now),
    ];

    // Assert
    expect([started, ended, pastEnded]).toEqual([true, false, true]);
  });
});
