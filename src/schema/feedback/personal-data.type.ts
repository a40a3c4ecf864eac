import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The visits subgraph owns the export; here it is a stub that adds what the feedback subgraph
 * holds about the person's registrations.
 */
@ObjectType("PersonalDataExport")
@Directive('@key(fields: "email")')
export class PersonalDataExport {
  @Field((_type) => String)
  email!: string;

  @Directive("@external")
  @Field((_type) => [ID])
  registrationIds!: string[];
}
