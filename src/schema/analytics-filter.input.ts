import { Field, ID, InputType } from "type-graphql";

import type { SectorCode } from "../reference/index.js";
import { DateScalar } from "../shared/graphql/scalars.js";
import { Sector } from "./sector.enum.js";

/**
 * What every analytics measure is filtered by. Both subgraphs use this one class, so the
 * composed input type is the same everywhere. Rollups are monthly: `from` and `to` select
 * whole months of the visits' start dates (2024-03-15 → all of March 2024).
 */
@InputType({
  description: "Filters for analytics; every field is optional and they combine with AND.",
})
export class AnalyticsFilter {
  @Field((_type) => DateScalar, {
    nullable: true,
    description: "Visits starting in this month or later.",
  })
  from?: string | null;

  @Field((_type) => DateScalar, {
    nullable: true,
    description: "Visits starting in this month or earlier.",
  })
  to?: string | null;

  @Field((_type) => [ID], { nullable: true, description: "NUTS-3 codes; any of them." })
  subregions?: string[] | null;

  @Field((_type) => [Sector], {
    nullable: true,
    description: "Respondents' or participants' sectors; any of them.",
  })
  sectors?: SectorCode[] | null;

  @Field((_type) => String, { nullable: true })
  programme?: string | null;

  @Field((_type) => ID, { nullable: true, description: "One visit." })
  visitId?: string | null;
}
