import { Arg, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";

import { type CountyRef, NUTS, type SubregionRef } from "../../reference/index.js";
import { County, Subregion } from "../../schema/visits/subregion.type.js";
import { notFound } from "../../shared/graphql/errors.js";

export function subregionOf(code: string): Subregion {
  const subregion = NUTS.subregion(code);
  if (!subregion) throw notFound("Subregion", code);
  return toSubregion(subregion);
}

export function toSubregion(ref: SubregionRef): Subregion {
  return { ...ref, nutsVersion: NUTS.nutsVersion, counties: ref.counties as never };
}

@Resolver((_of) => Subregion)
export class SubregionResolver {
  @Query((_returns) => [Subregion], { description: "Subregions of the voivodeship, by NUTS code." })
  subregions(): Subregion[] {
    return NUTS.subregions.map(toSubregion);
  }

  @Query((_returns) => Subregion, { nullable: true })
  subregion(@Arg("code", (_type) => ID) code: string): Subregion | null {
    const ref = NUTS.subregion(code);
    return ref ? toSubregion(ref) : null;
  }

  @Query((_returns) => County, { nullable: true })
  county(@Arg("teryt", (_type) => ID) teryt: string): County | null {
    return (NUTS.county(teryt) as County | undefined) ?? null;
  }
}

@Resolver((_of) => County)
export class CountyResolver {
  @FieldResolver((_returns) => Subregion)
  subregion(@Root() county: CountyRef): Subregion {
    return subregionOf(county.subregion);
  }
}
