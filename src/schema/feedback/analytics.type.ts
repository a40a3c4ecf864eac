import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

import { TREND_MEASURES } from "../../services/feedback/analytics.service.js";
import { Cell } from "../cell.type.js";
import { DiscussionSummary } from "./discussion-summary.type.js";
import { Theme } from "./theme.type.js";

export const RatingQuestion = { OVERALL: "OVERALL", ORGANISATION: "ORGANISATION" } as const;
registerEnumType(RatingQuestion, { name: "RatingQuestion" });

export const MatrixDimension = { SECTOR: "SECTOR", SUBREGION: "SUBREGION" } as const;
registerEnumType(MatrixDimension, {
  name: "MatrixDimension",
  description: "The rows of a theme matrix.",
});

export const Interval = { MONTH: "MONTH", QUARTER: "QUARTER", YEAR: "YEAR" } as const;
registerEnumType(Interval, { name: "Interval" });

export const TrendMeasure = Object.fromEntries(TREND_MEASURES.map((m) => [m, m])) as {
  [K in (typeof TREND_MEASURES)[number]]: K;
};
registerEnumType(TrendMeasure, {
  name: "TrendMeasure",
  description: "Feedback measures a trend can follow.",
});

@ObjectType({
  description:
    "One bar of a distribution. A small bar hides at least one more (the total is published), and more when a mean or the NPS beside them would pin a hidden bar down.",
})
export class Bar {
  @Field((_type) => Int, { description: "The answer, e.g. 4 on a 1–5 scale." })
  value!: number;

  @Field((_type) => Cell)
  count!: Cell;

  @Field((_type) => Cell, { description: "Share of the answers, 0–1." })
  share!: Cell;
}

@ObjectType()
export class RatingSummary {
  @Field((_type) => RatingQuestion)
  question!: string;

  @Field((_type) => Cell)
  responses!: Cell;

  @Field((_type) => Cell, {
    description:
      "Mean on the 1–5 scale; hidden under K answers, and when it would pin a hidden bar down.",
  })
  mean!: Cell;

  @Field((_type) => [Bar])
  distribution!: Bar[];
}

@ObjectType({
  description:
    "Likelihood to recommend, 0–10. When the NPS is shown and one group is too small, all three groups are hidden: with the NPS and the responses, one group would give the other two away. The NPS is hidden itself when it alone would pin a small group down (e.g. 11 promoters and 1 passive of 12).",
})
export class RecommendSummary {
  @Field((_type) => Cell, {
    description: "Net Promoter Score: % answering 9–10 minus % answering 0–6.",
  })
  nps!: Cell;

  @Field((_type) => Cell)
  promoters!: Cell;

  @Field((_type) => Cell)
  passives!: Cell;

  @Field((_type) => Cell)
  detractors!: Cell;

  @Field((_type) => [Bar])
  distribution!: Bar[];
}

@ObjectType({
  description: "Intention to cooperate with a social economy entity in the next 12 months.",
})
export class CooperationSummary {
  @Field((_type) => Cell)
  yes!: Cell;

  @Field((_type) => Cell)
  no!: Cell;

  @Field((_type) => Cell)
  undecided!: Cell;

  @Field((_type) => Cell, { description: "Share answering yes, 0–1; hidden with the yes count." })
  shareYes!: Cell;
}

@ObjectType()
export class OptionStat {
  @Field((_type) => String)
  code!: string;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Cell, { description: "Respondents who chose it." })
  count!: Cell;

  @Field((_type) => Cell, {
    description: "Share of the respondents whose form version offered it, 0–1.",
  })
  share!: Cell;
}

@ObjectType()
export class ThemeSummary {
  @Field((_type) => Theme)
  theme!: string;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => [OptionStat])
  options!: OptionStat[];

  @Field((_type) => Cell, { description: "Respondents who wrote an “other” answer." })
  otherCount!: Cell;
}

@ObjectType({
  description:
    "Measures for one filter. Feedback measures come from the feedback subgraph, participation measures from visits; both read rollups.",
})
@Directive('@key(fields: "key")')
export class AnalyticsOverview {
  @Field((_type) => ID, { description: "The normalised filter, as JSON." })
  key!: string;

  @Field((_type) => Cell)
  responses!: Cell;

  @Field((_type) => Cell)
  invitationsIssued!: Cell;

  @Field((_type) => Cell, { description: "Responses per invitation, 0–1." })
  responseRate!: Cell;

  @Field((_type) => [RatingSummary])
  ratings!: RatingSummary[];

  @Field((_type) => RecommendSummary)
  recommend!: RecommendSummary;

  @Field((_type) => CooperationSummary)
  cooperation!: CooperationSummary;

  @Field((_type) => [ThemeSummary])
  themes!: ThemeSummary[];
}

@ObjectType()
export class MatrixRow {
  @Field((_type) => String, { description: "Sector code or NUTS-3 code." })
  key!: string;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Cell)
  respondents!: Cell;
}

@ObjectType()
export class MatrixColumn {
  @Field((_type) => String)
  code!: string;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Cell, { description: "Respondents who chose it, over all rows." })
  total!: Cell;
}

@ObjectType()
export class MatrixCell {
  @Field((_type) => Cell)
  count!: Cell;

  @Field((_type) => Cell, {
    description: "Share of the row's respondents whose form offered it, 0–1.",
  })
  share!: Cell;
}

@ObjectType({ description: "One theme's options (columns) by sector or subregion (rows)." })
export class ThemeMatrix {
  @Field((_type) => Theme)
  theme!: string;

  @Field((_type) => MatrixDimension)
  by!: string;

  @Field((_type) => [MatrixRow])
  rows!: MatrixRow[];

  @Field((_type) => [MatrixColumn])
  columns!: MatrixColumn[];

  @Field((_type) => [[MatrixCell]], { description: "cells[row][column]" })
  cells!: MatrixCell[][];
}

@ObjectType()
export class TrendPoint {
  @Field((_type) => String, { description: "2024-03, 2024-Q1 or 2024." })
  period!: string;

  @Field((_type) => Cell)
  value!: Cell;

  @Field((_type) => Cell, {
    description:
      "Responses in the period, the number the value comes from (for INVITATIONS, the invitations).",
  })
  base!: Cell;
}

@ObjectType()
export class StopUsefulness {
  @Field((_type) => Int)
  order!: number;

  @Field((_type) => Cell, { description: "Mean usefulness, 1–5." })
  mean!: Cell;

  @Field((_type) => [Bar])
  distribution!: Bar[];
}

@ObjectType({ description: "An “other” answer in the respondent's own words." })
export class OtherAnswer {
  @Field((_type) => Theme)
  theme!: string;

  @Field((_type) => String)
  text!: string;
}

@ObjectType({
  description: "One visit's feedback joined with the coordinator's discussion summary.",
})
export class VisitFeedbackSummary {
  @Field((_type) => Cell)
  responses!: Cell;

  @Field((_type) => Cell)
  invitationsIssued!: Cell;

  @Field((_type) => Cell)
  responseRate!: Cell;

  @Field((_type) => [RatingSummary])
  ratings!: RatingSummary[];

  @Field((_type) => [StopUsefulness], { description: "Usefulness of each stop, by its order." })
  stops!: StopUsefulness[];

  @Field((_type) => RecommendSummary)
  recommend!: RecommendSummary;

  @Field((_type) => CooperationSummary)
  cooperation!: CooperationSummary;

  @Field((_type) => [ThemeSummary])
  themes!: ThemeSummary[];

  @Field((_type) => DiscussionSummary, { nullable: true })
  discussion!: DiscussionSummary | null;

  visitId!: string;
}
