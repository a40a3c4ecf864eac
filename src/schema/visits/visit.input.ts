import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";

import { DateScalar } from "../../shared/graphql/scalars.js";
import { VisitMode, VisitStatus } from "./enums.js";

const NOT_BLANK = /\S/;
const TERYT = /^\d{4}$/;
const NUTS3 = /^PL\d{3}$/;

@InputType()
export class VisitInput {
  @Field((_type) => String)
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "title must not be blank" })
  title!: string;

  @Field((_type) => Int)
  @Min(1)
  @Max(1000)
  edition!: number;

  @Field((_type) => String)
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "programme must not be blank" })
  programme!: string;

  @Field((_type) => String)
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "organiser must not be blank" })
  organiser!: string;

  @Field((_type) => ID, { description: "NUTS-3 code of the subregion, e.g. PL925." })
  @Matches(NUTS3, { message: "subregionCode must be a NUTS-3 code such as PL925" })
  subregionCode!: string;

  @Field((_type) => ID, { nullable: true, description: "TERYT code of a county in the subregion." })
  @IsOptional()
  @Matches(TERYT, { message: "countyTeryt must be a four-digit TERYT code" })
  countyTeryt?: string | null;
  @Field((_type) => DateScalar)
  startDate!: string;

  @Field((_type) => DateScalar, { description: "The last day; the same as startDate for one day." })
  endDate!: string;

  @Field((_type) => VisitMode, { defaultValue: VisitMode.ON_SITE })
  mode!: VisitMode;

  @Field((_type) => VisitStatus, { nullable: true, description: "PLANNED when omitted." })
  status?: VisitStatus | null;

  @Field((_type) => Int)
  @Min(1)
  @Max(1000)
  capacity!: number;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  photoCredit?: string | null;
}

@InputType({ description: "Only the fields given change; null clears an optional field." })
export class VisitUpdateInput {
  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "title must not be blank" })
  title?: string | null;

  @Field((_type) => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(1000)
  edition?: number | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "programme must not be blank" })
  programme?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  @Matches(NOT_BLANK, { message: "organiser must not be blank" })
  organiser?: string | null;

  @Field((_type) => ID, { nullable: true })
  @IsOptional()
  @Matches(NUTS3, { message: "subregionCode must be a NUTS-3 code such as PL925" })
  subregionCode?: string | null;

  @Field((_type) => ID, { nullable: true })
  @IsOptional()
  @Matches(TERYT, { message: "countyTeryt must be a four-digit TERYT code" })
  countyTeryt?: string | null;

  @Field((_type) => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field((_type) => DateScalar, { nullable: true })
  endDate?: string | null;

  @Field((_type) => VisitMode, { nullable: true })
  mode?: VisitMode | null;

  @Field((_type) => VisitStatus, {
    nullable: true,
    description: "COMPLETED and CANCELLED are final: a visit in either cannot change status.",
  })
  status?: VisitStatus | null;

  @Field((_type) => Int, { nullable: true, description: "Not below the seats already taken." })
  @IsOptional()
  @Min(1)
  @Max(1000)
  capacity?: number | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  photoCredit?: string | null;
}

@InputType()
export class VisitStopInput {
  @Field((_type) => Int, { description: "Day of the visit, 1 for the first." })
  @Min(1)
  day!: number;

  @Field((_type) => Int, {
    nullable: true,
    description:
      "Position across the visit (1-based); the stops from there on move down one. Omitted: after the day's last stop.",
  })
  @IsOptional()
  @Min(1)
  order?: number | null;

  @Field((_type) => ID)
  hostId!: string;

  @Field((_type) => [String])
  @ArrayMinSize(0)
  @ArrayMaxSize(20)
  @MaxLength(300, { each: true })
  topics!: string[];
}

@InputType()
export class VisitFilter {
  @Field((_type) => ID, { nullable: true, description: "NUTS-3 code." })
  subregion?: string | null;

  @Field((_type) => [ID], { nullable: true, description: "Any of these NUTS-3 codes." })
  @IsOptional()
  @ArrayMaxSize(50)
  subregions?: string[] | null;

  @Field((_type) => VisitStatus, { nullable: true })
  status?: VisitStatus | null;

  @Field((_type) => DateScalar, { nullable: true, description: "Visits that end on or after it." })
  from?: string | null;

  @Field((_type) => DateScalar, {
    nullable: true,
    description: "Visits that start on or before it.",
  })
  to?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  programme?: string | null;
}
