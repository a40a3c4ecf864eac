import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";

import { NUTS } from "../../reference/index.js";
import {
  OrganizationFilter,
  OrganizationInput,
  OrganizationUpdateInput,
} from "../../schema/visits/organization.input.js";
import { Organization, OrganizationConnection } from "../../schema/visits/organization.type.js";
import { County, Subregion } from "../../schema/visits/subregion.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { OrganizationRecord } from "../../services/visits/organization.service.js";
import { Role } from "../../shared/auth.js";
import type { Connection } from "../../shared/graphql/connection.js";
import { subregionOf } from "./subregion.resolver.js";

const EDITORS = [Role.ADMIN, Role.COORDINATOR];

@Resolver((_of) => Organization)
export class OrganizationResolver {
  @Query((_returns) => OrganizationConnection, { description: "Organisations by name." })
  organizations(
    @Ctx() { services }: VisitsContext,
    @Arg("filter", (_type) => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter,
    @Arg("first", (_type) => Int, { nullable: true, description: "1–100, default 20." })
    first?: number,
    @Arg("after", (_type) => String, { nullable: true }) after?: string,
  ): Promise<Connection<OrganizationRecord>> {
    return services.organizations.list(filter ?? {}, first, after);
  }

  @Query((_returns) => Organization, { nullable: true })
  organization(
    @Ctx() { loaders }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<OrganizationRecord | null> {
    return loaders.organizations.load(id);
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => Organization)
  createOrganization(
    @Ctx() { services }: VisitsContext,
    @Arg("input", (_type) => OrganizationInput) input: OrganizationInput,
  ): Promise<OrganizationRecord> {
    return services.organizations.create(input);
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => Organization)
  updateOrganization(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("input", (_type) => OrganizationUpdateInput) input: OrganizationUpdateInput,
  ): Promise<OrganizationRecord> {
    return services.organizations.update(id, input);
  }

  @FieldResolver((_returns) => County, { nullable: true })
  county(@Root() organization: OrganizationRecord): County | null {
    const county = organization.countyTeryt ? NUTS.county(organization.countyTeryt) : undefined;
    return (county as County | undefined) ?? null;
  }

  @FieldResolver((_returns) => Subregion, { nullable: true })
  subregion(@Root() organization: OrganizationRecord): Subregion | null {
    const county = organization.countyTeryt ? NUTS.county(organization.countyTeryt) : undefined;
    return county ? subregionOf(county.subregion) : null;
  }
}
