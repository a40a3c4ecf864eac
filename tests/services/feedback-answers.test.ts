import { describe, expect, it } from "vitest";

import { type AnswersInput, checkAnswers } from "../../src/services/feedback/answers.js";
import { allOptions } from "../../src/services/feedback/questions.js";
import { validAnswers } from "../support/feedback-services.js";

const rules = { themes: allOptions(), stopOrders: [1, 2, 3, 4] };

function answers(overrides: Record<string, unknown> = {}): AnswersInput {
  return validAnswers(overrides);
}

/** The BAD_USER_INPUT field that checking `input` reports, or undefined when it passes. */
function fieldOf(input: AnswersInput, given = rules): unknown {
  try {
    checkAnswers(input, given);
    return undefined;
  } catch (error) {
    expect((error as { extensions: Record<string, unknown> }).extensions["code"]).toBe(
      "BAD_USER_INPUT",
    );
    return (error as { extensions: Record<string, unknown> }).extensions["field"];
  }
}

describe("checkAnswers", () => {
  it("accepts valid answers and stores them trimmed, in a stable order", () => {
    // Arrange
    const input = answers({
      stopRatings: [
        { order: 3, rating: 2 },
        { order: 1, rating: 5 },
      ],
      themes: [
        { theme: "SUPPORT", optionCodes: ["SUPPORT_REPAYABLE_FINANCE", "SUPPORT_OWES_ADVISORY"] },
        { theme: "NEEDS", optionCodes: [], otherText: "  lokal   na warsztaty " },
      ],
      comment: "  Dziękuję.\r\n\r\n\r\nDo zobaczenia  ",
    });

    // Act
    const checked = checkAnswers(input, rules);

    // Assert
    expect(checked.stopRatings).toEqual([
      { order: 1, rating: 5 },
      { order: 3, rating: 2 },
    ]);
    expect(checked.themes).toEqual([
      { theme: "NEEDS", optionCodes: [], otherText: "lokal na warsztaty" },
      {
        theme: "SUPPORT",
        optionCodes: ["SUPPORT_OWES_ADVISORY", "SUPPORT_REPAYABLE_FINANCE"],
        otherText: null,
      },
    ]);
    expect(checked.comment).toBe("Dziękuję.\n\nDo zobaczenia");
  });

  it("accepts the edges of every scale and nothing but the required answers", () => {
    // Arrange
    const input = answers({
      ratings: { overall: 1, organisation: 5 },
      recommend: 0,
      stopRatings: [],
      themes: [],
      comment: "   ",
    });

    // Act
    const checked = checkAnswers(input, rules);

    // Assert
    expect(checked.recommend).toBe(0);
    expect(checked.comment).toBeNull();
  });

  it.each([
    ["overall below 1", { ratings: { overall: 0, organisation: 3 } }, "input.ratings.overall"],
    ["overall above 5", { ratings: { overall: 6, organisation: 3 } }, "input.ratings.overall"],
    [
      "organisation above 5",
      { ratings: { overall: 3, organisation: 9 } },
      "input.ratings.organisation",
    ],
    ["recommend above 10", { recommend: 11 }, "input.recommend"],
    ["recommend below 0", { recommend: -1 }, "input.recommend"],
    [
      "a stop the visit does not have",
      {
        stopRatings: [
          { order: 1, rating: 3 },
          { order: 2, rating: 3 },
          { order: 7, rating: 3 },
        ],
      },
      "input.stopRatings[2].order",
    ],
    [
      "a stop rated twice",
      {
        stopRatings: [
          { order: 2, rating: 3 },
          { order: 2, rating: 4 },
        ],
      },
      "input.stopRatings[1].order",
    ],
    [
      "a stop rating above 5",
      { stopRatings: [{ order: 1, rating: 6 }] },
      "input.stopRatings[0].rating",
    ],
    [
      "an option of another theme",
      { themes: [{ theme: "NEEDS", optionCodes: ["SUPPORT_OWES_ADVISORY"] }] },
      "input.themes[0].optionCodes",
    ],
    [
      "an unknown option",
      { themes: [{ theme: "NEEDS", optionCodes: ["NEEDS_NOTHING"] }] },
      "input.themes[0].optionCodes",
    ],
    [
      "an option chosen twice",
      { themes: [{ theme: "NEEDS", optionCodes: ["NEEDS_FUNDING", "NEEDS_FUNDING"] }] },
      "input.themes[0].optionCodes",
    ],
    [
      "a theme answered twice",
      {
        themes: [
          { theme: "NEEDS", optionCodes: [] },
          { theme: "NEEDS", optionCodes: [] },
        ],
      },
      "input.themes[1].theme",
    ],
    [
      "“other” longer than 500 characters",
      { themes: [{ theme: "STRENGTHENING", optionCodes: [], otherText: "x".repeat(501) }] },
      "input.themes[0].otherText",
    ],
    ["a comment longer than 2000 characters", { comment: "x".repeat(2001) }, "input.comment"],
  ])("refuses %s", (_case, overrides, field) => {
    expect(fieldOf(answers(overrides))).toBe(field);
  });

  it("checks options against the form version, not against all options", () => {
    // Arrange: this version offers a single NEEDS option.
    const narrow = {
      themes: [{ theme: "NEEDS" as const, optionCodes: ["NEEDS_PREMISES"] }],
      stopOrders: [1, 2],
    };

    // Act
    const offered = fieldOf(
      answers({ themes: [{ theme: "NEEDS", optionCodes: ["NEEDS_PREMISES"] }] }),
      narrow,
    );
    const notOffered = fieldOf(
      answers({ themes: [{ theme: "NEEDS", optionCodes: ["NEEDS_FUNDING"] }] }),
      narrow,
    );
    const notAsked = fieldOf(answers({ themes: [{ theme: "SUPPORT", optionCodes: [] }] }), narrow);

    // Assert
    expect(offered).toBeUndefined();
    expect(notOffered).toBe("input.themes[0].optionCodes");
    expect(notAsked).toBe("input.themes[0].theme");
  });
});
