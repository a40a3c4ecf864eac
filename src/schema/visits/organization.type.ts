import { Directive, Field, ID, ObjectType } from "type-graphql";

import { ConnectionType } from "../../shared/graphql/connection.js";
import { OrganizationType } from "./enums.js";
import { County, Subregion } from "./subregion.type.js";

@ObjectType({
  description: "An organisation that hosts visit stops: a cooperative, a ZAZ, a prison…",
})
@Directive('@key(fields: "id")')
export class Organization {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String, {
    description: "Full name, e.g. Spółdzielnia Socjalna „Zioła Siedleckie”.",
  })
  name!: string;

  @Field((_type) => OrganizationType)
  type!: OrganizationType;

  @Field((_type) => String, {
    nullable: true,
    description: "Who runs it, when that is another body, e.g. Caritas Diecezji Siedleckiej.",
  })
  operator!: string | null;

  @Field((_type) => County, { nullable: true })
  county!: County | null;

  @Field((_type) => Subregion, {
    nullable: true,
    description: "Derived from the county through the NUTS table; null without a county.",
  })
  subregion!: Subregion | null;

  @Field((_type) => String, { nullable: true })
  description!: string | null;
}

@ObjectType()
export class OrganizationConnection extends ConnectionType(Organization, "Organization") {}
