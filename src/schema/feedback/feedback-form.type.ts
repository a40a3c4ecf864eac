import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

import type { ThemeCode } from "../../reference/index.js";
import { CooperationIntention } from "./enums.js";
import { StudyVisit } from "./study-visit.type.js";
import { Theme, ThemeOption } from "./theme.type.js";

@ObjectType({ description: "A question answered with a whole number from `min` to `max`." })
export class ScaleQuestion {
  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Int)
  min!: number;

  @Field((_type) => Int)
  max!: number;
}

@ObjectType()
export class IntentionChoice {
  @Field((_type) => CooperationIntention)
  value!: CooperationIntention;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;
}

@ObjectType({ description: "A question answered with one of `choices`." })
export class ChoiceQuestion {
  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => [IntentionChoice])
  choices!: IntentionChoice[];
}

@ObjectType({
  description:
    "A theme of the closing discussion: any of this version's coded options, and “other” with free text.",
})
export class ThemeQuestion {
  @Field((_type) => Theme)
  theme!: ThemeCode;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => [ThemeOption], { description: "The options this form version offers." })
  options!: ThemeOption[];

  @Field((_type) => String)
  otherLabelPl!: string;

  @Field((_type) => String)
  otherLabelEn!: string;

  @Field((_type) => Int)
  otherMaxLength!: number;
}

@ObjectType({ description: "A question answered with free text." })
export class TextQuestion {
  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Int)
  maxLength!: number;
}

@ObjectType({ description: "What a feedback form asks, with Polish and English wording." })
export class FeedbackQuestions {
  @Field((_type) => ScaleQuestion)
  overall!: ScaleQuestion;

  @Field((_type) => ScaleQuestion)
  organisation!: ScaleQuestion;

  @Field((_type) => ScaleQuestion, { description: "Asked once for each stop of the visit." })
  stopUsefulness!: ScaleQuestion;

  @Field((_type) => ScaleQuestion)
  recommend!: ScaleQuestion;

  @Field((_type) => ChoiceQuestion)
  cooperationIntention!: ChoiceQuestion;

  @Field((_type) => [ThemeQuestion])
  themes!: ThemeQuestion[];

  @Field((_type) => TextQuestion)
  comment!: TextQuestion;
}

@ObjectType({
  description:
    "One version of a programme's post-visit question set. Versions never change; a response records the one it answered.",
})
@Directive('@key(fields: "id")')
export class FeedbackForm {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String, {
    description: "E.g. „Koordynacja ekonomii społecznej na Mazowszu”.",
  })
  programme!: string;

  @Field((_type) => Int, { description: "1, 2, 3, … within the programme." })
  version!: number;

  @Field((_type) => GraphQLISODateTime)
  createdAt!: Date;

  // `questions` is resolved from the stored theme options (FeedbackFormResolver).
}

@ObjectType({ description: "What a participant's feedback link opens." })
export class FeedbackFormView {
  @Field((_type) => FeedbackForm)
  form!: FeedbackForm;

  @Field((_type) => StudyVisit)
  visit!: StudyVisit;

  @Field((_type) => Boolean, { description: "The link has been used; it accepts no new answers." })
  alreadySubmitted!: boolean;

  @Field((_type) => [Int], { description: "The stops to rate, by their order in the visit." })
  stopOrders!: number[];
}
