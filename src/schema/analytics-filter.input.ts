import { Field, ID, InputType } from "type-graphql";

import { type SectorCode, SECTORS } from "../reference/index.js";
import { badInput } from "../shared/graphql/errors.js";
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

/** A filter with months instead of dates, sorted lists and no empty fields. */
export interface NormalisedFilter {
  /** `YYYY-MM` */
  from?: string;
  /** `YYYY-MM` */
  to?: string;
  subregions?: string[];
  sectors?: SectorCode[];
  programme?: string;
  visitId?: string;
}

export function normaliseFilter(filter: AnalyticsFilter | null | undefined): NormalisedFilter {
  const list = <T extends string>(values: T[] | null | undefined) =>
    values?.length ? [...new Set(values)].sort() : undefined;
  const normalised: NormalisedFilter = {
    from: filter?.from?.slice(0, 7),
    to: filter?.to?.slice(0, 7),
    subregions: list(filter?.subregions),
    sectors: list(filter?.sectors),
    programme: filter?.programme?.trim() || undefined,
    visitId: filter?.visitId || undefined,
  };
  return Object.fromEntries(
    Object.entries(normalised).filter(([, value]) => value !== undefined),
  ) as NormalisedFilter;
}

/**
 * The key of the `AnalyticsOverview` entity: the normalised filter as JSON with its fields in a
 * fixed order, so each subgraph that adds measures to the overview finds the same filter.
 */
export function analyticsKey(filter: NormalisedFilter): string {
  const order = ["from", "to", "subregions", "sectors", "programme", "visitId"] as const;
  return JSON.stringify(
    Object.fromEntries(order.flatMap((k) => (k in filter ? [[k, filter[k]]] : []))),
  );
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const KEY_FIELDS: Record<keyof NormalisedFilter, (value: unknown) => boolean> = {
  from: (v) => typeof v === "string" && MONTH.test(v),
  to: (v) => typeof v === "string" && MONTH.test(v),
  subregions: (v) => Array.isArray(v) && v.every((code) => typeof code === "string"),
  sectors: (v) =>
    Array.isArray(v) && v.every((code) => (SECTORS as readonly unknown[]).includes(code)),
  programme: (v) => typeof v === "string",
  visitId: (v) => typeof v === "string",
};

/**
 * The filter back from an entity key. A key reaches a subgraph in `_entities`, which anyone who
 * can reach the subgraph may send: it is checked field by field and normalised again.
 */
export function parseAnalyticsKey(key: string): NormalisedFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    throw badInput("key", "The key is not JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badInput("key", "The key is not a JSON object.");
  }
  for (const [field, value] of Object.entries(parsed)) {
    const valid = KEY_FIELDS[field as keyof NormalisedFilter];
    if (!valid?.(value)) throw badInput("key", `The key's ${field} is not a filter value.`);
  }
  return normaliseFilter(parsed as AnalyticsFilter);
}
