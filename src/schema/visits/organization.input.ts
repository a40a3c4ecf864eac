import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

import { OrganizationType } from "./enums.js";

const NOT_BLANK = /\S/;

@InputType()
export class OrganizationInput {
  @Field((_type) => String)
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: "name must not be blank" })
  name!: string;

  @Field((_type) => OrganizationType)
  type!: OrganizationType;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  operator?: string | null;

  @Field((_type) => ID, { nullable: true, description: "TERYT code of the county." })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: "countyTeryt must be a four-digit TERYT code" })
  countyTeryt?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;
}

@InputType({ description: "Only the fields given change; null clears an optional field." })
export class OrganizationUpdateInput {
  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: "name must not be blank" })
  name?: string | null;

  @Field((_type) => OrganizationType, { nullable: true })
  type?: OrganizationType | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  operator?: string | null;

  @Field((_type) => ID, { nullable: true, description: "TERYT code of the county." })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: "countyTeryt must be a four-digit TERYT code" })
  countyTeryt?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;
}

@InputType()
export class OrganizationFilter {
  @Field((_type) => OrganizationType, { nullable: true })
  type?: OrganizationType | null;

  @Field((_type) => ID, {
    nullable: true,
    description: "NUTS-3 code: organisations in its counties.",
  })
  subregion?: string | null;

  @Field((_type) => ID, { nullable: true, description: "TERYT code of the county." })
  county?: string | null;

  @Field((_type) => String, { nullable: true, description: "Part of the name, any case." })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;
}
