import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";

import { ErasureResult, PersonalDataExport } from "../../schema/visits/personal-data.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type {
  ErasureRecord,
  PersonalDataRecord,
} from "../../services/visits/personal-data.service.js";
import { PersonalData } from "../../shared/audit.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";

@Resolver((_of) => PersonalDataExport)
export class PersonalDataResolver {
  @Authorized(PERSONAL_DATA_ROLES)
  @PersonalData()
  @Query((_returns) => PersonalDataExport, {
    description:
      "Exports everything held about the person with this e-mail, as JSON, for a subject access request. ADMIN and COORDINATOR only. Tokens and their hashes are never part of it.",
  })
  personalData(
    @Ctx() { services }: VisitsContext,
    @Arg("email", (_type) => String) email: string,
  ): Promise<PersonalDataRecord> {
    return services.personalData.export(email);
  }

  @Authorized(PERSONAL_DATA_ROLES)
  @Mutation((_returns) => ErasureResult, {
    description:
      "Erases the personal data of the person with this e-mail (GDPR art. 17): name, e-mail and institution become placeholders in every record, and rate-limit counters under the address are deleted. Statuses, sectors, genders and visits stay, so every count and anonymous response is unchanged. A registration for a visit still to come keeps its seat: cancel it first if the person will not come. ADMIN and COORDINATOR only.",
  })
  erasePersonalData(
    @Ctx() { services }: VisitsContext,
    @Arg("email", (_type) => String) email: string,
  ): Promise<ErasureRecord> {
    return services.personalData.erase(email);
  }
}
