import { GraphQLJSON } from "graphql-scalars";
import { Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";

import { FEEDBACK_NOTE } from "../../domain/personal-data.js";
import { PersonalDataExport } from "../../schema/feedback/personal-data.type.js";
import { PERSONAL_DATA_ROLES } from "../../shared/auth.js";
import type { FeedbackContext } from "../../subgraphs/feedback/server.js";

@Resolver((_of) => PersonalDataExport)
export class PersonalDataFeedbackResolver {
  @Authorized(PERSONAL_DATA_ROLES)
  @Directive('@requires(fields: "registrationIds")')
  @FieldResolver((_returns) => GraphQLJSON, {
    description:
      "The feedback invitations of the person's registrations (when issued and renewed, whether e-mailed and used; never a link, token or hash) and a note on why no response is included. ADMIN and COORDINATOR only.",
  })
  async feedback(
    @Root() data: PersonalDataExport,
    @Ctx() { services }: FeedbackContext,
  ): Promise<Record<string, unknown>> {
    return {
      invitations: await services.invitations.forRegistrations(data.registrationIds ?? []),
      note: FEEDBACK_NOTE,
    };
  }
}

// The visits subgraph sends the email and the registration ids the field requires.
export const personalDataExportReference = {
  __resolveReference: (ref: { email: string; registrationIds?: string[] }) => ({
    email: ref.email,
    registrationIds: ref.registrationIds ?? [],
  }),
};
