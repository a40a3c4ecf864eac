import { Equals, IsEmail, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

import { Sector } from "../sector.enum.js";
import { Gender } from "./enums.js";

@InputType({ description: "The public registration form; no account needed." })
export class RegistrationInput {
  @Field((_type) => ID)
  visitId!: string;

  @Field((_type) => String, { description: "First name and surname." })
  @Length(1, 200)
  @Matches(/\S/, { message: "name must not be blank" })
  name!: string;

  @Field((_type) => String)
  @MaxLength(254)
  @IsEmail({}, { message: "email must be an e-mail address" })
  email!: string;

  @Field((_type) => Gender, { nullable: true, description: "Optional; for ESF+ monitoring." })
  gender?: Gender | null;

  @Field((_type) => String, { description: "The institution the person represents." })
  @Length(1, 300)
  @Matches(/\S/, { message: "institution must not be blank" })
  institution!: string;

  @Field((_type) => Sector)
  sector!: string;

  @Field((_type) => Boolean, {
    description: "Consent to `registrationConsent.text`; must be true.",
  })
  @Equals(true, { message: "consent must be given to register" })
  consent!: boolean;
}
