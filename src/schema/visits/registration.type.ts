import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLISODateTime } from "type-graphql";

import { Sector } from "../sector.enum.js";
import { Gender, RegistrationStatus } from "./enums.js";
import { StudyVisit } from "./visit.type.js";

@ObjectType({ description: "A person who registered for visits; personal data." })
export class Participant {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String)
  name!: string;

  @Field((_type) => String)
  email!: string;

  @Field((_type) => Gender, { nullable: true, description: "Optional; for ESF+ monitoring." })
  gender!: Gender | null;

  @Field((_type) => String)
  institution!: string;

  @Field((_type) => Sector)
  sector!: string;

  @Field((_type) => GraphQLISODateTime, {
    nullable: true,
    description:
      "When the personal data was erased (request, cancellation of every registration, or retention); name, e-mail and institution are placeholders from then on.",
  })
  erasedAt!: Date | null;
}

@ObjectType({ description: "One person's place at one visit." })
export class Registration {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => StudyVisit)
  visit!: StudyVisit;

  @Field((_type) => Participant, {
    description:
      "ADMIN and COORDINATOR; also the registrant, in the answer to registerForVisit, registrationStatus or cancelRegistration with the token.",
  })
  participant!: Participant;

  @Field((_type) => RegistrationStatus)
  status!: RegistrationStatus;

  @Field((_type) => Sector, { description: "The sector represented, as given when registering." })
  sector!: string;

  @Field((_type) => String, {
    description: "The institution represented, as given when registering.",
  })
  institution!: string;

  @Field((_type) => Int, {
    nullable: true,
    description: "1 for the next in line; null unless WAITLISTED.",
  })
  waitlistPosition!: number | null;

  @Field((_type) => String, { description: "The consent text the person agreed to." })
  consentText!: string;

  @Field((_type) => String)
  consentVersion!: string;

  @Field((_type) => GraphQLISODateTime)
  consentedAt!: Date;

  @Field((_type) => GraphQLISODateTime)
  createdAt!: Date;

  @Field((_type) => GraphQLISODateTime, { nullable: true })
  cancelledAt!: Date | null;
}

@ObjectType()
export class RegistrationResult {
  @Field((_type) => Registration)
  registration!: Registration;

  @Field((_type) => String, {
    description:
      "Secret that lets the participant cancel without an account; shown once, only its hash is kept.",
  })
  cancelToken!: string;
}

@ObjectType({ description: "The consent a registration asks for, to show on the form." })
export class ConsentText {
  @Field((_type) => String)
  version!: string;

  @Field((_type) => String)
  text!: string;
}
