import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The visits subgraph owns Subregion; responses point to it by code, and analytics extend it. */
@ObjectType("Subregion")
@Directive('@key(fields: "code")')
export class Subregion {
  @Field((_type) => ID)
  code!: string;
}
