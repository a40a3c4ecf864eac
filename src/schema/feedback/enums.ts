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
