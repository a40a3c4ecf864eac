import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FEEDBACK_OPTIONS } from "../../src/reference/index.js";
import { type FeedbackHarness, startFeedbackServices } from "../support/feedback-services.js";

let h: FeedbackHarness;
beforeAll(async () => {
  h = await startFeedbackServices();
});
afterAll(() => h?.close());

let n = 0;
const programme = () => `Program testowy ${++n}`;

const ALL = {
  NEEDS: FEEDBACK_OPTIONS.themes.NEEDS.options.map((o) => o.code),
  SUPPORT: FEEDBACK_OPTIONS.themes.SUPPORT.options.map((o) => o.code),
  STRENGTHENING: FEEDBACK_OPTIONS.themes.STRENGTHENING.options.map((o) => o.code),
};

describe("feedback forms", () => {
  it("gives a programme without a form version 1 with every option, once, however many ask at once", async () => {
    // Arrange
    const name = programme();

    // Act
    const forms = await Promise.all(
      Array.from({ length: 10 }, () => h.services.forms.current(name)),
    );

    // Assert
    expect(new Set(forms.map((f) => f.id)).size).toBe(1);
    expect(forms[0]!.version).toBe(1);
    expect(forms[0]!.themes).toEqual([
      { theme: "NEEDS", optionCodes: ALL.NEEDS },
      { theme: "SUPPORT", optionCodes: ALL.SUPPORT },
      { theme: "STRENGTHENING", optionCodes: ALL.STRENGTHENING },
    ]);
    expect(await h.models.FeedbackForm.countDocuments({ programme: name })).toBe(1);
  });

  it("publishes the next version with the chosen options in reference order, keeping the old one", async () => {
    // Arrange
    const name = programme();
    const first = await h.services.forms.current(name);

    // Act
    const second = await h.services.forms.publish({
      programme: `  ${name} `,
      themes: [
        { theme: "SUPPORT", optionCodes: ["SUPPORT_REPAYABLE_FINANCE", "SUPPORT_OWES_ADVISORY"] },
        { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING"] },
        { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING"] },
      ],
    });

    // Assert
    expect(second.version).toBe(2);
    expect(second.themes).toEqual([
      { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING"] },
      { theme: "SUPPORT", optionCodes: ["SUPPORT_OWES_ADVISORY", "SUPPORT_REPAYABLE_FINANCE"] },
      { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING"] },
    ]);
    expect((await h.services.forms.current(name)).id).toBe(second.id);
    expect((await h.services.forms.list(name)).map((f) => [f.id, f.version])).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
  });

  it("numbers versions published at the same time one after another", async () => {
    // Arrange
    const name = programme();
    const themes = [
      { theme: "NEEDS" as const, optionCodes: ["NEEDS_FUNDING"] },
      { theme: "SUPPORT" as const, optionCodes: ["SUPPORT_OWES_ADVISORY"] },
      { theme: "STRENGTHENING" as const, optionCodes: ["STRENGTHEN_NETWORKING"] },
    ];

    // Act
    const published = await Promise.all(
      Array.from({ length: 4 }, () => h.services.forms.publish({ programme: name, themes })),
    );

    // Assert
    expect(published.map((f) => f.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it.each([
    [
      "an unknown code",
      { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING", "NEEDS_UNKNOWN"] },
      "input.themes[0].optionCodes",
    ],
    [
      "a code of another theme",
      { theme: "NEEDS", optionCodes: ["SUPPORT_OWES_ADVISORY"] },
      "input.themes[0].optionCodes",
    ],
    ["no code", { theme: "NEEDS", optionCodes: [] }, "input.themes[0].optionCodes"],
  ])("refuses %s with the field that holds it", async (_case, needs, field) => {
    // Act
    const error = await h.services.forms
      .publish({
        programme: programme(),
        themes: [
          needs as never,
          { theme: "SUPPORT", optionCodes: ["SUPPORT_OWES_ADVISORY"] },
          { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING"] },
        ],
      })
      .catch((e: unknown) => e);

    // Assert
    expect(error).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field } });
  });

  it("refuses a theme listed twice, a missing theme and an empty programme", async () => {
    // Arrange
    const needs = { theme: "NEEDS" as const, optionCodes: ["NEEDS_FUNDING"] };

    // Act
    const twice = await h.services.forms
      .publish({ programme: programme(), themes: [needs, needs] })
      .catch((e: unknown) => e);
    const missing = await h.services.forms
      .publish({ programme: programme(), themes: [needs] })
      .catch((e: unknown) => e);
    const empty = await h.services.forms
      .publish({ programme: "  ", themes: [needs] })
      .catch((e: unknown) => e);

    // Assert
    expect(twice).toMatchObject({ extensions: { field: "input.themes[1].theme" } });
    expect(missing).toMatchObject({ extensions: { field: "input.themes" } });
    expect(empty).toMatchObject({ extensions: { field: "input.programme" } });
  });
});
