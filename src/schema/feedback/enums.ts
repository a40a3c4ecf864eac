import { registerEnumType } from "type-graphql";

/** Will the respondent work with a social economy entity in the next 12 months? */
export enum CooperationIntention {
  YES = "YES",
  NO = "NO",
  UNDECIDED = "UNDECIDED",
}
registerEnumType(CooperationIntention, {
  name: "CooperationIntention",
  description:
    "Whether the respondent intends to cooperate with a social economy entity in the next 12 months.",
  valuesConfig: {
    YES: { description: "Tak / yes" },
    NO: { description: "Nie / no" },
    UNDECIDED: { description: "Nie wiem / undecided" },
  },
});

/** What became of the e-mail with an invitation's current link. */
export enum InvitationMailStatus {
  SENT = "SENT",
  FAILED = "FAILED",
  NOT_SENT = "NOT_SENT",
}
registerEnumType(InvitationMailStatus, {
  name: "InvitationMailStatus",
  description: "What became of the e-mail with an invitation's current link.",
  valuesConfig: {
    SENT: { description: "Handed over to the mail server." },
    FAILED: { description: "Refused or bounced when handed over; give the link in person." },
    NOT_SENT: { description: "Not e-mailed: no mail server is set up." },
  },
});
