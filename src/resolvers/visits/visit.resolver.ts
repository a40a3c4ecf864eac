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
import { RegistrationStatus } from "../../schema/visits/enums.js";
import { Registration } from "../../schema/visits/registration.type.js";
import { County, Subregion } from "../../schema/visits/subregion.type.js";
import { VisitFilter, VisitInput, VisitUpdateInput } from "../../schema/visits/visit.input.js";
import { StudyVisit, StudyVisitConnection } from "../../schema/visits/visit.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { RegistrationRecord } from "../../services/visits/registration.service.js";
import type { VisitRecord } from "../../services/visits/visit.service.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES, Role } from "../../shared/auth.js";
import type { Connection } from "../../shared/graphql/connection.js";
import { notFound } from "../../shared/graphql/errors.js";
import { subregionOf } from "./subregion.resolver.js";

const EDITORS = [Role.ADMIN, Role.COORDINATOR];

@Resolver((_of) => StudyVisit)
export class VisitResolver {
  @Query((_returns) => StudyVisitConnection, {
    description:
      "Visits, newest first. Without a token only OPEN_FOR_REGISTRATION and COMPLETED ones.",
  })
  visits(
    @Ctx() { services, viewer }: VisitsContext,
    @Arg("filter", (_type) => VisitFilter, { nullable: true }) filter?: VisitFilter,
    @Arg("first", (_type) => Int, { nullable: true, description: "1–100, default 20." })
    first?: number,
    @Arg("after", (_type) => String, { nullable: true }) after?: string,
  ): Promise<Connection<VisitRecord>> {
    return services.visits.list(viewer, filter ?? {}, first, after);
  }

  @Query((_returns) => StudyVisit, {
    description: "NOT_FOUND also for a visit the caller may not see.",
  })
  async visit(
    @Ctx() { services, viewer }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<VisitRecord> {
    const visit = await services.visits.get(viewer, id);
    if (!visit) throw notFound("StudyVisit", id);
    return visit;
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => StudyVisit, {
    description:
      "Creates a visit, PLANNED unless told otherwise; COMPLETED only for a visit whose last day has passed (Europe/Warsaw), else CONFLICT with reason VISIT_NOT_ENDED.",
  })
  createVisit(
    @Ctx() { services }: VisitsContext,
    @Arg("input", (_type) => VisitInput) input: VisitInput,
  ): Promise<VisitRecord> {
    return services.visits.create(input);
  }

  @Authorized(EDITORS)
  @Mutation((_returns) => StudyVisit, {
    description:
      "Changes the given fields; a higher capacity promotes from the waitlist. COMPLETED only after the visit's last day (Europe/Warsaw), else CONFLICT with reason VISIT_NOT_ENDED. CANCELLED cancels every REGISTERED and WAITLISTED registration and, when SMTP is set up, e-mails those people.",
  })
  updateVisit(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("input", (_type) => VisitUpdateInput) input: VisitUpdateInput,
  ): Promise<VisitRecord> {
    return services.visits.update(id, input);
  }

  @FieldResolver((_returns) => Subregion)
  subregion(@Root() visit: VisitRecord): Subregion {
    return subregionOf(visit.subregionCode);
  }

  @FieldResolver((_returns) => County, { nullable: true })
  county(@Root() visit: VisitRecord): County | null {
    return (NUTS.county(visit.countyTeryt ?? "") as County | undefined) ?? null;
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @FieldResolver((_returns) => [Registration])
  async registrations(
    @Ctx() { loaders }: VisitsContext,
    @Root() visit: VisitRecord,
    @Arg("status", (_type) => RegistrationStatus, { nullable: true }) status?: RegistrationStatus,
  ): Promise<RegistrationRecord[]> {
    const registrations = await loaders.registrationsByVisit.load(visit.id);
    return status ? registrations.filter((r) => r.status === status) : registrations;
  }
}
