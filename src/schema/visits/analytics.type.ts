import { Directive, Field, Float, ID, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "One published number: `value` is null and `suppressed` true when it would describe fewer than K people.",
})
@Directive("@shareable")
export class Cell {
  @Field((_type) => Float, { nullable: true })
  value!: number | null;

  @Field((_type) => Boolean)
  suppressed!: boolean;
}

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

/** The participation side of the overview; the feedback subgraph owns the query. */
@ObjectType()
@Directive('@key(fields: "key")')
export class AnalyticsOverview {
  @Field((_type) => ID, { description: "The normalised filter, as JSON." })
  key!: string;

  @Field((_type) => Cell, {
    description: "Completed visits. Visits are not people: never suppressed.",
  })
  visitsHeld!: Cell;

  @Field((_type) => Cell, { description: "Registrations, whatever became of them." })
  registrations!: Cell;

  @Field((_type) => Cell, { description: "People who attended: the participants." })
  attended!: Cell;

  @Field((_type) => Cell)
  noShows!: Cell;

  @Field((_type) => Cell, { description: "On a waitlist now." })
  waitlisted!: Cell;

  @Field((_type) => Cell, { description: "Attended / (attended + no-shows), 0–1." })
  attendanceRate!: Cell;

  @Field((_type) => [GroupCount], { description: "Participants (attended) by sector." })
  participantsBySector!: GroupCount[];

  @Field((_type) => [GroupCount], { description: "Participants (attended) by gender." })
  participantsByGender!: GroupCount[];
}
