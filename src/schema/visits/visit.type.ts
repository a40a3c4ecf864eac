import { Directive, Field, ID, Int, ObjectType } from "type-graphql";

import { ConnectionType } from "../../shared/graphql/connection.js";
import { DateScalar } from "../../shared/graphql/scalars.js";
import { VisitMode, VisitStatus } from "./enums.js";
import { Organization } from "./organization.type.js";
import { Registration } from "./registration.type.js";
import { County, Subregion } from "./subregion.type.js";

@ObjectType({ description: "One stop of a visit's programme, at a host organisation." })
export class VisitStop {
  @Field((_type) => Int, { description: "Position in the programme, 1-based across the visit." })
  order!: number;

  @Field((_type) => Int, { description: "Day of the visit, 1 for the first." })
  day!: number;

  @Field((_type) => Organization)
  host!: Organization;

  @Field((_type) => [String])
  topics!: string[];
}

@ObjectType({ description: "A study visit (wizyta studyjna): one edition, one or more days." })
@Directive('@key(fields: "id")')
export class StudyVisit {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String)
  title!: string;

  @Field((_type) => Int, { description: "Which edition of the series this is." })
  edition!: number;

  @Field((_type) => String, {
    description:
      "The programme that finances it, e.g. Koordynacja ekonomii społecznej na Mazowszu.",
  })
  programme!: string;

  @Field((_type) => String)
  organiser!: string;

  @Field((_type) => Subregion)
  subregion!: Subregion;

  @Field((_type) => County, { nullable: true })
  county!: County | null;
  @Field((_type) => DateScalar)
  startDate!: string;

  @Field((_type) => DateScalar)
  endDate!: string;

  @Field((_type) => VisitMode)
  mode!: VisitMode;

  @Field((_type) => VisitStatus)
  status!: VisitStatus;

  @Field((_type) => Int, { description: "Seats; registrations beyond it join the waitlist." })
  capacity!: number;

  @Field((_type) => String, { nullable: true })
  description!: string | null;

  @Field((_type) => String, { nullable: true, description: "e.g. Zdjęcia: MCPS." })
  photoCredit!: string | null;

  @Field((_type) => [VisitStop], { description: "The programme, by day and then order." })
  stops!: VisitStop[];

  @Field((_type) => Int, { description: "Registrations holding a seat (registered or attended)." })
  registeredCount!: number;

  @Field((_type) => Int)
  waitlistCount!: number;

  @Field((_type) => Int)
  seatsLeft!: number;

  @Field((_type) => [Registration], {
    description:
      "In the order they were made, cancelled ones included; `status` narrows. ADMIN and COORDINATOR only.",
  })
  registrations!: Registration[];
}

@ObjectType()
export class StudyVisitConnection extends ConnectionType(StudyVisit, "StudyVisit") {}
