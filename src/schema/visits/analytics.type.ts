import { Authorized, Directive, Field, ID, ObjectType } from "type-graphql";

import { Cell } from "../cell.type.js";

@ObjectType({ description: "People in one group of a breakdown (ESF+ monitoring)." })
export class GroupCount {
  @Field((_type) => String, { description: "Sector code or gender; NOT_GIVEN for no answer." })
  group!: string;

  @Field((_type) => String)
  labelPl!: string;

  @Field((_type) => String)
  labelEn!: string;

  @Field((_type) => Cell)
  count!: Cell;
}

/** The participation side of the overview; the feedback subgraph owns the query. Staff only. */
@ObjectType()
@Directive('@key(fields: "key")')
export class AnalyticsOverview {
  @Field((_type) => ID, { description: "The normalised filter, as JSON." })
  key!: string;

  @Authorized()
  @Field((_type) => Cell, {
    description: "Completed visits. Visits are not people: never suppressed.",
  })
  visitsHeld!: Cell;

  @Authorized()
  @Field((_type) => Cell, {
    description: "Registrations, whatever became of them (cancelled and waitlisted ones too).",
  })
  registrations!: Cell;

  @Authorized()
  @Field((_type) => Cell, { description: "People who attended: the participants." })
  attended!: Cell;

  @Authorized()
  @Field((_type) => Cell, { description: "People with a seat who did not come." })
  noShows!: Cell;

  @Authorized()
  @Field((_type) => Cell, { description: "On a waitlist now." })
  waitlisted!: Cell;

  @Authorized()
  @Field((_type) => Cell, {
    description:
      "Attended / (attended + no-shows), 0–1; hidden when fewer than K people are behind it or when it would reveal a hidden count.",
  })
  attendanceRate!: Cell;

  @Authorized()
  @Field((_type) => [GroupCount], { description: "Participants (attended) by sector." })
  participantsBySector!: GroupCount[];

  @Authorized()
  @Field((_type) => [GroupCount], { description: "Participants (attended) by gender." })
  participantsByGender!: GroupCount[];
}
