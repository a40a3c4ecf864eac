import { IsEmail, MaxLength, MinLength } from "class-validator";
import { Field, InputType } from "type-graphql";

import { Role } from "../../shared/auth.js";

@InputType()
export class UserInput {
  @Field((_type) => String)
  @MaxLength(254)
  @IsEmail({}, { message: "email must be an e-mail address" })
  email!: string;

  @Field((_type) => String, { description: "At least 12 characters." })
  @MinLength(12, { message: "password must be at least 12 characters long" })
  @MaxLength(256)
  password!: string;

  @Field((_type) => Role)
  role!: Role;
}
