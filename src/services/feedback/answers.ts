import type { ThemeCode } from "../../reference/index.js";
import type { CooperationIntention } from "../../schema/feedback/enums.js";
import { badInput } from "../../shared/graphql/errors.js";
import { type FormTheme, LIMITS } from "./questions.js";
import { cleanParagraphs, cleanText } from "./support.js";

/** Answers as a participant sends them; the GraphQL input types have this shape. */
export interface AnswersInput {
  ratings: { overall: number; organisation: number };
  /** A stop the participant did not take part in is left out; its usefulness counts fewer ratings. */
  stopRatings?: { order: number; rating: number }[] | null;
  recommend: number;
  cooperationIntention: CooperationIntention;
  themes?: { theme: ThemeCode; optionCodes?: string[] | null; otherText?: string | null }[] | null;
  comment?: string | null;
}

/** Answers as stored: checked, trimmed, in a stable order. */
export interface Answers {
  ratings: { overall: number; organisation: number };
  stopRatings: { order: number; rating: number }[];
  recommend: number;
  cooperationIntention: CooperationIntention;
  themes: { theme: ThemeCode; optionCodes: string[]; otherText: string | null }[];
  comment: string | null;
}

/** What the answers are checked against: the invitation's form version and the visit's stops. */
export interface AnswerRules {
  themes: readonly FormTheme[];
  stopOrders: readonly number[];
}

/**
 * Checks answers against the form version they answer. The first bad value is reported with
 * its path (`input.stopRatings[2].order`), so the participant's screen can mark that question.
 */
export function checkAnswers(input: AnswersInput, rules: AnswerRules): Answers {
  const { rating, recommend } = LIMITS;
  const ratings = {
    overall: inRange(input.ratings.overall, rating, "input.ratings.overall"),
    organisation: inRange(input.ratings.organisation, rating, "input.ratings.organisation"),
  };

  const stops = new Set(rules.stopOrders);
  const rated = new Set<number>();
  const stopRatings = (input.stopRatings ?? []).map((stop, i) => {
    const field = `input.stopRatings[${i}]`;
    if (!stops.has(stop.order)) {
      throw badInput(
        `${field}.order`,
        `The visit has no stop ${stop.order}; its stops are ${[...stops].join(", ") || "none"}.`,
      );
    }
    if (rated.has(stop.order))
      throw badInput(`${field}.order`, `Stop ${stop.order} is rated twice.`);
    rated.add(stop.order);
    return { order: stop.order, rating: inRange(stop.rating, rating, `${field}.rating`) };
  });
  stopRatings.sort((a, b) => a.order - b.order);

  const recommendValue = inRange(input.recommend, recommend, "input.recommend");

  const offered = new Map(rules.themes.map((t) => [t.theme, t.optionCodes]));
  const answered = new Set<ThemeCode>();
  const themes = (input.themes ?? []).map((answer, i) => {
    const field = `input.themes[${i}]`;
    const codes = offered.get(answer.theme);
    if (!codes) throw badInput(`${field}.theme`, `This form does not ask about ${answer.theme}.`);
    if (answered.has(answer.theme)) {
      throw badInput(`${field}.theme`, `${answer.theme} is answered twice.`);
    }
    answered.add(answer.theme);
    const chosen = answer.optionCodes ?? [];
    const unknown = chosen.filter((code) => !codes.includes(code));
    if (unknown.length) {
      throw badInput(
        `${field}.optionCodes`,
        `This form does not offer ${unknown.join(", ")} under ${answer.theme}.`,
      );
    }
    if (new Set(chosen).size !== chosen.length) {
      throw badInput(`${field}.optionCodes`, "An option is chosen twice.");
    }
    const otherText = cleanText(answer.otherText);
    if (otherText && otherText.length > LIMITS.otherText) {
      throw badInput(`${field}.otherText`, `“Other” has at most ${LIMITS.otherText} characters.`);
    }
    return {
      theme: answer.theme,
      optionCodes: codes.filter((code) => chosen.includes(code)),
      otherText,
    };
  });
  const themeOrder = rules.themes.map((t) => t.theme);
  themes.sort((a, b) => themeOrder.indexOf(a.theme) - themeOrder.indexOf(b.theme));

  const comment = cleanParagraphs(input.comment);
  if (comment && comment.length > LIMITS.comment) {
    throw badInput("input.comment", `A comment has at most ${LIMITS.comment} characters.`);
  }

  return {
    ratings,
    stopRatings,
    recommend: recommendValue,
    cooperationIntention: input.cooperationIntention,
    themes,
    comment,
  };
}

function inRange(value: number, range: { min: number; max: number }, field: string): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw badInput(field, `Give a whole number from ${range.min} to ${range.max}.`);
  }
  return value;
}
