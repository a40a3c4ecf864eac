import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Resolver,
  Root,
} from "type-graphql";

import { Organization } from "../../schema/visits/organization.type.js";
import { VisitStopInput } from "../../schema/visits/visit.input.js";
import { StudyVisit, VisitStop } from "../../schema/visits/visit.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { OrganizationRecord } from "../../services/visits/organization.service.js";
import type { VisitRecord, VisitStopRecord } from "../../services/visits/visit.service.js";
import { Role } from "../../shared/auth.js";
import { notFound } from "../../shared/graphql/errors.js";

const EDITORS = [Role.ADMIN, Role.COORDINATOR];

@Resolver((_of) => VisitStop)
export class VisitStopResolver {
  @Authorized(EDITORS)
  @Mutation((_returns) => StudyVisit, {
    description: "Adds a stop; the stops from its order on move down one.",
  })
  addVisitStop(
    @Ctx() { services }: VisitsContext,
    @Arg("visitId", (_type) => ID) visitId: string,
    @Arg("input", (_type) => VisitStopInput) input: VisitStopInput,
  ): Promise<VisitRecord> {
    return services.visits.addStop(visitId, input);
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => StudyVisit, { description: "Removes a stop; the later ones move up." })
  removeVisitStop(
    @Ctx() { services }: VisitsContext,
    @Arg("visitId", (_type) => ID) visitId: string,
    @Arg("order", (_type) => Int) order: number,
  ): Promise<VisitRecord> {
    return services.visits.removeStop(visitId, order);
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => StudyVisit, {
    description:
      "Moves a stop to another position among the stops of its day; the stops between shift by one.",
  })
  moveVisitStop(
    @Ctx() { services }: VisitsContext,
    @Arg("visitId", (_type) => ID) visitId: string,
    @Arg("order", (_type) => Int) order: number,
    @Arg("toOrder", (_type) => Int) toOrder: number,
  ): Promise<VisitRecord> {
    return services.visits.moveStop(visitId, order, toOrder);
  }

  @FieldResolver((_returns) => Organization)
  async host(
    @Ctx() { loaders }: VisitsContext,
    @Root() stop: VisitStopRecord,
  ): Promise<OrganizationRecord> {
    const host = await loaders.organizations.load(stop.hostId);
    if (!host) throw notFound("Organization", stop.hostId);
    return host;
  }
}
