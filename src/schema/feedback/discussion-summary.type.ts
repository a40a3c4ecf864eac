import { Authorized, Directive, Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";

import type { SectorCode } from "../../reference/index.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";
import { DateScalar } from "../../shared/graphql/scalars.js";
import { Sector } from "../sector.enum.js";

@ObjectType({ description: "What one sector's participants said in the closing discussion." })
export class SectorDiscussion {
  @Field((_type) => Sector)
  sector!: SectorCode;

  @Field((_type) => [String])
  needs!: string[];

  @Field((_type) => [String])
  supportProposals!: string[];

  @Field((_type) => String, { nullable: true })
  notes!: string | null;
}

@ObjectType({
  description: "Something agreed at the closing discussion, with who does it by when.",
})
export class AgreedAction {
  @Field((_type) => String)
  description!: string;

  @Field((_type) => String, {
    description: "Who does it; name an institution or a role rather than a person.",
  })
  owner!: string;

  @Field((_type) => DateScalar)
  dueDate!: string;

  @Field((_type) => Sector, { nullable: true })
  sector!: SectorCode | null;
}

@ObjectType({ description: "The coordinator's record of a visit's closing discussion." })
@Directive('@key(fields: "id")')
export class DiscussionSummary {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => ID)
  visitId!: string;

  @Field((_type) => DateScalar)
  heldOn!: string;

  @Field((_type) => [SectorDiscussion])
  perSector!: SectorDiscussion[];

  @Field((_type) => [AgreedAction])
  actions!: AgreedAction[];

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @Field((_type) => String, {
    nullable: true,
    description: "E-mail of who saved it last. ADMIN and COORDINATOR only.",
  })
  recordedBy!: string | null;

  @Field((_type) => GraphQLISODateTime)
  updatedAt!: Date;

  // `visit` is resolved in DiscussionSummaryResolver.
}
