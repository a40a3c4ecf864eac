import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";

import { UserInput } from "../../schema/visits/user.input.js";
import { LoginResult, User } from "../../schema/visits/user.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { UserRecord } from "../../services/visits/user.service.js";
import { PersonalData } from "../../shared/audit.js";
import { Role } from "../../shared/auth.js";
import { unauthenticated } from "../../shared/graphql/errors.js";

@Resolver((_of) => User)
export class UserResolver {
  @Mutation((_returns) => LoginResult, { description: "Signs a staff user in." })
  login(
    @Ctx() { services, limits, clientAddress }: VisitsContext,
    @Arg("email", (_type) => String) email: string,
    @Arg("password", (_type) => String) password: string,
  ): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
    return services.users.login(services.tokens, limits, { email, password, clientAddress });
  }

  @Authorized()
  @Query((_returns) => User, { description: "The signed-in staff user." })
  async me(@Ctx() { services, viewer }: VisitsContext): Promise<UserRecord> {
    const user = await services.users.get(viewer!.userId);
    if (!user) throw unauthenticated("The account of this token no longer exists.");
    return user;
  }

  @Authorized([Role.ADMIN])
  @PersonalData()
  @Query((_returns) => [User], { description: "Every staff user, by e-mail (ADMIN only)." })
  users(@Ctx() { services }: VisitsContext): Promise<UserRecord[]> {
    return services.users.list();
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => User, { description: "Adds a staff user (ADMIN only)." })
  createUser(
    @Ctx() { services }: VisitsContext,
    @Arg("input", (_type) => UserInput) input: UserInput,
  ): Promise<UserRecord> {
    return services.users.create(input);
  }
}
