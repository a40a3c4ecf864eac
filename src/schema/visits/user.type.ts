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

  @Field((_type) => GraphQLISODateTime)
  createdAt!: Date;
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
