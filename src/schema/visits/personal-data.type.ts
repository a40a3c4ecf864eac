import { GraphQLJSON } from "graphql-scalars";
import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "Everything the service holds about one person, found by e-mail (GDPR art. 15 and 20). The feedback subgraph adds `feedback`.",
})
@Directive('@key(fields: "email")')
export class PersonalDataExport {
  @Field((_type) => String, { description: "The address asked for, lower-cased and trimmed." })
  email!: string;

  @Field((_type) => GraphQLISODateTime)
  exportedAt!: Date;

  @Field((_type) => [ID], { description: "The person's registrations, cancelled ones included." })
  registrationIds!: string[];

  @Field((_type) => GraphQLJSON, {
    description:
      "The participant record, every registration with its visit and consent, a staff account with the same address (without its password hash) and sign-in attempt counters. `participant` is null when nobody registered with the address, or their data was erased.",
  })
  data!: Record<string, unknown>;
}

@ObjectType({ description: "What erasePersonalData changed." })
export class ErasureResult {
  @Field((_type) => Boolean, {
    description: "A participant with the address was found; false for an unknown or erased one.",
  })
  found!: boolean;

  @Field((_type) => Int, { description: "Participant records whose personal data was erased." })
  participantsErased!: number;

  @Field((_type) => Int, { description: "Registrations whose institution was erased." })
  registrationsErased!: number;

  @Field((_type) => Int, { description: "Rate-limit counters kept under the address, deleted." })
  rateLimitRecordsDeleted!: number;
}
