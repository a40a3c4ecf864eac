import { Field, InputType, Int } from "type-graphql";

import type { ThemeCode } from "../../reference/index.js";
import { CooperationIntention } from "./enums.js";
import { Theme } from "./theme.type.js";

// Ranges and codes are checked against the invitation's form version in the service, which
// names the offending field (`input.stopRatings[2].order`) in the error.

@InputType()
export class RatingsInput {
  @Field((_type) => Int, { description: "1–5." })
  overall!: number;

  @Field((_type) => Int, { description: "1–5." })
  organisation!: number;
}

@InputType()
export class StopRatingInput {
  @Field((_type) => Int, { description: "A stop's order, from `FeedbackFormView.stopOrders`." })
  order!: number;

  @Field((_type) => Int, { description: "1–5." })
  rating!: number;
}

@InputType()
export class ThemeAnswerInput {
  @Field((_type) => Theme)
  theme!: ThemeCode;

  @Field((_type) => [String], { defaultValue: [] })
  optionCodes!: string[];

  @Field((_type) => String, { nullable: true, description: "“Other”, in your own words." })
  otherText?: string | null;
}

@InputType()
export class FeedbackAnswersInput {
  @Field((_type) => RatingsInput)
  ratings!: RatingsInput;

  @Field((_type) => [StopRatingInput], { defaultValue: [] })
  stopRatings!: StopRatingInput[];

  @Field((_type) => Int, { description: "0–10." })
  recommend!: number;

  @Field((_type) => CooperationIntention)
  cooperationIntention!: CooperationIntention;

  @Field((_type) => [ThemeAnswerInput], { defaultValue: [] })
  themes!: ThemeAnswerInput[];

  @Field((_type) => String, { nullable: true })
  comment?: string | null;
}
