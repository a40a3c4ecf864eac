import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from "type-graphql";

import type { SectorCode } from "../../reference/index.js";
import { RegistrationInput } from "../../schema/visits/registration.input.js";
import {
  ConsentText,
  Participant,
  Registration,
  RegistrationResult,
} from "../../schema/visits/registration.type.js";
import { StudyVisit } from "../../schema/visits/visit.type.js";
import { REGISTRATION_CONSENT } from "../../services/visits/consent.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type {
  ParticipantRecord,
  RegistrationRecord,
} from "../../services/visits/registration.service.js";
import type { VisitRecord } from "../../services/visits/visit.service.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";
import { notFound } from "../../shared/graphql/errors.js";
import { perAddress } from "../../shared/rate-limits.js";

@Resolver((_of) => Registration)
export class RegistrationResolver {
  @Query((_returns) => ConsentText, { description: "The consent the registration form shows." })
  registrationConsent(): ConsentText {
    return { version: REGISTRATION_CONSENT.version, text: REGISTRATION_CONSENT.text };
  }

  @Mutation((_returns) => RegistrationResult, {
    description:
      "Registers for a visit open for registration; no token needed. A seat while there is one, the waitlist after that. The answer shows the registrant their registration in full, participant included.",
  })
  @UseMiddleware(perAddress<VisitsContext>((context) => context.limits.registration))
  async registerForVisit(
    @Ctx() { services, viewer, grants }: VisitsContext,
    @Arg("input", (_type) => RegistrationInput) input: RegistrationInput,
  ): Promise<{ registration: RegistrationRecord; cancelToken: string }> {
    const result = await services.registrations.register(viewer, {
      ...input,
      sector: input.sector as SectorCode,
    });
    // Saved whatever the caller asks for next, so they must be able to read it back.
    grants.add(result.registration);
    return result;
  }

  @Query((_returns) => Registration, {
    description:
      "One's own registration, with the token from registerForVisit: its status, its live waitlist place and, in full, the participant. A wrong token answers NOT_FOUND, like an unknown id.",
  })
  async registrationStatus(
    @Ctx() { services, grants }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("cancelToken", (_type) => String) cancelToken: string,
  ): Promise<RegistrationRecord> {
    const registration = await services.registrations.status(id, cancelToken);
    // The service checked the token: whoever holds it is the registrant.
    grants.add(registration);
    return registration;
  }

  @Mutation((_returns) => Registration, {
    description:
      "Cancels with the token from registerForVisit, or as ADMIN or COORDINATOR without it. A freed seat goes to the first on the waitlist. With the token, the answer shows the registration in full, participant included.",
  })
  async cancelRegistration(
    @Ctx() { services, viewer, grants }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("cancelToken", (_type) => String, { nullable: true }) cancelToken?: string,
  ): Promise<RegistrationRecord> {
    const cancelled = await services.registrations.cancel(viewer, id, cancelToken);
    // The service checked the token: whoever holds it is the registrant.
    if (cancelToken) grants.add(cancelled);
    return cancelled;
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @Mutation((_returns) => Registration, {
    description:
      "Records whether a person with a seat came (ATTENDED) or not (NO_SHOW). From the visit's first day on (Europe/Warsaw); before, CONFLICT with reason VISIT_NOT_STARTED.",
  })
  markAttendance(
    @Ctx() { services }: VisitsContext,
    @Arg("registrationId", (_type) => ID) registrationId: string,
    @Arg("attended", (_type) => Boolean) attended: boolean,
  ): Promise<RegistrationRecord> {
    return services.registrations.markAttendance(registrationId, attended);
  }

  @FieldResolver((_returns) => StudyVisit)
  async visit(
    @Ctx() { loaders }: VisitsContext,
    @Root() registration: RegistrationRecord,
  ): Promise<VisitRecord> {
    const visit = await loaders.visits.load(registration.visitId);
    if (!visit) throw notFound("StudyVisit", registration.visitId);
    return visit;
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @FieldResolver((_returns) => Participant, {
    description:
      "ADMIN and COORDINATOR; also the registrant, in the answer to registerForVisit, registrationStatus or cancelRegistration with the token.",
  })
  async participant(
    @Ctx() { loaders }: VisitsContext,
    @Root() registration: RegistrationRecord,
  ): Promise<ParticipantRecord> {
    const participant = await loaders.participants.load(registration.participantId);
    if (!participant) throw notFound("Participant", registration.participantId);
    return participant;
  }
}
