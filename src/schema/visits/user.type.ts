import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";

import { Role } from "../../shared/auth.js";

@ObjectType({ description: "A staff member who signs in." })
export class User {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => String)
  email!: string;

  @Field((_type) => Role)
  role!: Role;

  @Field((_type) => Boolean, {
    description: "A disabled user cannot sign in, and their tokens are refused.",
  })
  disabled!: boolean;

  @Field((_type) => GraphQLISODateTime)
  createdAt!: Date;

  @Field((_type) => GraphQLISODateTime, {
    nullable: true,
    description: "The last successful sign-in; null when the user has never signed in.",
  })
  lastSignInAt!: Date | null;
}

@ObjectType()
export class LoginResult {
  @Field((_type) => String, { description: "Send as `Authorization: Bearer <token>`." })
  token!: string;

  @Field((_type) => GraphQLISODateTime)
  expiresAt!: Date;

  @Field((_type) => User)
  user!: User;
}
