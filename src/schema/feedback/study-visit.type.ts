import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The visits subgraph owns StudyVisit; here it is a stub (its key only) that the feedback
 * subgraph points to and extends with counts, responses and the discussion summary.
 */
@ObjectType("StudyVisit")
@Directive('@key(fields: "id")')
export class StudyVisit {
  @Field((_type) => ID)
  id!: string;
}
