import { Directive, Field, Float, ObjectType } from "type-graphql";

/**
 * One published analytics number. Both subgraphs return it (feedback and participation
 * measures of one overview), so it is one shareable class, as `Sector` is one enum.
 */
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
