import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The visits subgraph owns Subregion; responses point to it by code. */
@ObjectType("Subregion")
@Directive('@key(fields: "code", resolvable: false)')
export class Subregion {
  @Field((_type) => ID)
  code!: string;
}
