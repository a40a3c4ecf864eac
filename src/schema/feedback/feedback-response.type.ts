import { Authorized, Directive, Field, ID, Int, ObjectType } from "type-graphql";

import type { SectorCode, ThemeCode } from "../../reference/index.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";
import { ConnectionType } from "../../shared/graphql/connection.js";
import { DateScalar } from "../../shared/graphql/scalars.js";
import { Sector } from "../sector.enum.js";
import { CooperationIntention } from "./enums.js";
import { Theme } from "./theme.type.js";

@ObjectType()
export class Ratings {
  @Field((_type) => Int, { description: "1–5." })
  overall!: number;

  @Field((_type) => Int, { description: "1–5." })
  organisation!: number;
}

@ObjectType({ description: "How useful one stop of the visit was, 1–5." })
export class StopRating {
  @Field((_type) => Int)
  order!: number;

  @Field((_type) => Int)
  rating!: number;
}

@ObjectType()
export class ThemeAnswer {
  @Field((_type) => Theme)
  theme!: ThemeCode;

  @Field((_type) => [String], { description: "Codes of the options chosen." })
  optionCodes!: string[];

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @Field((_type) => String, {
    nullable: true,
    description: "“Other”, in the respondent's words. ADMIN and COORDINATOR only.",
  })
  otherText!: string | null;
}

@ObjectType()
export class FeedbackAnswers {
  @Field((_type) => Ratings)
  ratings!: Ratings;

  @Field((_type) => [StopRating])
  stopRatings!: StopRating[];

  @Field((_type) => Int, { description: "0–10: would recommend the visit to others." })
  recommend!: number;

  @Field((_type) => CooperationIntention)
  cooperationIntention!: CooperationIntention;

  @Field((_type) => [ThemeAnswer])
  themes!: ThemeAnswer[];

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @Field((_type) => String, {
    nullable: true,
    description: "Free text in the respondent's words. ADMIN and COORDINATOR only.",
  })
  comment!: string | null;
}

const WITHHELD =
  "null when fewer than K of the visit's responses share it (with what else is shown)";

@ObjectType({
  description:
    "One anonymous answer to a feedback form: no participant, token or time of day is kept with it. ADMIN and COORDINATOR only. Beside the answers, an attribute is shown only when at least K (ANALYTICS_MIN_GROUP) of the visit's responses share it and every other attribute shown, so that none singles its respondent out; a visit with fewer than K responses shows none.",
})
@Directive('@key(fields: "id")')
export class FeedbackResponse {
  @Field((_type) => ID, { description: "A random UUID; it says nothing about when or who." })
  id!: string;

  @Field((_type) => ID)
  visitId!: string;

  @Field((_type) => Sector, {
    nullable: true,
    description: `The sector the respondent represented; ${WITHHELD}.`,
  })
  sector!: SectorCode | null;

  @Field((_type) => String, { nullable: true, description: `${WITHHELD}.` })
  programme!: string | null;

  @Field((_type) => ID, { nullable: true, description: `Withheld with \`formVersion\`.` })
  formId!: string | null;

  @Field((_type) => Int, { nullable: true, description: `${WITHHELD}.` })
  formVersion!: number | null;

  @Field((_type) => DateScalar, {
    nullable: true,
    description: `The day it arrived, never the time; ${WITHHELD}.`,
  })
  receivedOn!: string | null;

  @Field((_type) => FeedbackAnswers)
  answers!: FeedbackAnswers;

  // `visit`, `subregion` and `form` are resolved in FeedbackResponseResolver.
}

export const FeedbackResponseConnection = ConnectionType(FeedbackResponse, "FeedbackResponse");

@ObjectType({ description: "The same answer every time the same submission arrives." })
export class SubmitFeedbackResult {
  @Field((_type) => Boolean)
  accepted!: boolean;

  @Field((_type) => DateScalar)
  receivedOn!: string;

  @Field((_type) => Int)
  formVersion!: number;
}
