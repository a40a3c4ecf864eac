import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

import { PersonalData } from "../../shared/audit.js";
import { InvitationMailStatus } from "./enums.js";

@ObjectType({
  description: "A new invitation; its link is shown only now (only a hash of the token is stored).",
})
export class IssuedInvitation {
  @Field((_type) => ID)
  registrationId!: string;

  @Field((_type) => String)
  name!: string;

  @PersonalData()
  @Field((_type) => String)
  email!: string;

  @Field((_type) => String, { description: "The one-time link to the feedback form." })
  link!: string;

  @Field((_type) => String, { description: "The link as a QR code, an SVG document to print." })
  qrCodeSvg!: string;

  @Field((_type) => Boolean, { description: "The invitation went out by e-mail." })
  emailed!: boolean;
}

@ObjectType()
export class IssueInvitationsResult {
  @Field((_type) => Int, { description: "Invitations created now." })
  issued!: number;

  @Field((_type) => Int, { description: "Attendees who had an invitation already." })
  alreadyInvited!: number;

  @Field((_type) => [IssuedInvitation])
  invitations!: IssuedInvitation[];
}

@ObjectType({
  description:
    "A visit's feedback invitation as staff follow it up: e-mailed or not, used or not. Never its link or token.",
})
export class Invitation {
  @Field((_type) => ID, { description: "The attendee's registration." })
  registrationId!: string;

  @Field((_type) => InvitationMailStatus)
  mailStatus!: InvitationMailStatus;

  @Field((_type) => Boolean, { description: "The feedback form was sent with it." })
  used!: boolean;

  @Field((_type) => GraphQLISODateTime)
  createdAt!: Date;

  @Field((_type) => GraphQLISODateTime, {
    nullable: true,
    description: "When its link was last renewed (the older links stopped working).",
  })
  renewedAt!: Date | null;
}
