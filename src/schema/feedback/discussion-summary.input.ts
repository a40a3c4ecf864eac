import { Field, InputType } from "type-graphql";

import type { SectorCode } from "../../reference/index.js";
import { DateScalar } from "../../shared/graphql/scalars.js";
import { Sector } from "../sector.enum.js";

@InputType()
export class SectorDiscussionInput {
  @Field((_type) => Sector)
  sector!: SectorCode;

  @Field((_type) => [String], { defaultValue: [] })
  needs!: string[];

  @Field((_type) => [String], { defaultValue: [] })
  supportProposals!: string[];

  @Field((_type) => String, { nullable: true })
  notes?: string | null;
}

@InputType()
export class AgreedActionInput {
  @Field((_type) => String)
  description!: string;

  @Field((_type) => String)
  owner!: string;

  @Field((_type) => DateScalar)
  dueDate!: string;

  @Field((_type) => Sector, { nullable: true })
  sector?: SectorCode | null;
}

@InputType()
export class DiscussionSummaryInput {
  @Field((_type) => DateScalar)
  heldOn!: string;

  @Field((_type) => [SectorDiscussionInput], { defaultValue: [] })
  perSector!: SectorDiscussionInput[];

  @Field((_type) => [AgreedActionInput], { defaultValue: [] })
  actions!: AgreedActionInput[];
}
