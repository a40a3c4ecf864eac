import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";

import { UserInput } from "../../schema/visits/user.input.js";
import { LoginResult, User } from "../../schema/visits/user.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { SignedIn, UserRecord } from "../../services/visits/user.service.js";
import { PersonalData } from "../../shared/audit.js";
import { requireRole, Role } from "../../shared/auth.js";
import { unauthenticated } from "../../shared/graphql/errors.js";

// Guard rails common to the mutations that take an ADMIN away (change of role, disabling,
// deleting): the last active ADMIN is refused with CONFLICT LAST_ADMIN.
const LAST_ADMIN_NOTE = " Refused with CONFLICT LAST_ADMIN for the last active ADMIN.";

@Resolver((_of) => User)
export class UserResolver {
  @Mutation((_returns) => LoginResult, { description: "Signs a staff user in." })
  login(
    @Ctx() { services, limits, clientAddress }: VisitsContext,
    @Arg("email", (_type) => String) email: string,
    @Arg("password", (_type) => String) password: string,
  ): Promise<SignedIn> {
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

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => User, {
    description: `Gives a staff user another role, effective at their next request (ADMIN only).${LAST_ADMIN_NOTE}`,
  })
  changeUserRole(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("role", (_type) => Role) role: Role,
  ): Promise<UserRecord> {
    return services.users.changeRole(id, role);
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => User, {
    description: `Stops a staff user signing in and refuses their tokens at once (ADMIN only).${LAST_ADMIN_NOTE}`,
  })
  disableUser(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<UserRecord> {
    return services.users.setDisabled(id, true);
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => User, {
    description:
      "Lets a disabled staff user sign in again; the tokens they held before stay refused (ADMIN only).",
  })
  enableUser(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<UserRecord> {
    return services.users.setDisabled(id, false);
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => ID, {
    description: `Deletes a staff user; their tokens are refused at once. Returns the id (ADMIN only).${LAST_ADMIN_NOTE}`,
  })
  deleteUser(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<string> {
    return services.users.delete(id);
  }

  @Authorized([Role.ADMIN])
  @Mutation((_returns) => User, {
    description:
      "Sets a new initial password (at least 12 characters) for a staff user and revokes their tokens (ADMIN only).",
  })
  resetUserPassword(
    @Ctx() { services }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
    @Arg("password", (_type) => String) password: string,
  ): Promise<UserRecord> {
    return services.users.resetPassword(id, password);
  }

  @Authorized()
  @Mutation((_returns) => User, {
    description:
      "Revokes every token of a staff user: an ADMIN's for anyone, anyone's for themselves (sign out everywhere, this token included).",
  })
  revokeUserTokens(
    @Ctx() { services, viewer }: VisitsContext,
    @Arg("id", (_type) => ID) id: string,
  ): Promise<UserRecord> {
    if (id !== viewer!.userId) requireRole(viewer, [Role.ADMIN]);
    return services.users.revokeTokens(id);
  }

  @Authorized()
  @Mutation((_returns) => LoginResult, {
    description:
      "Changes the signed-in user's password after checking the current one; every other token is revoked and a new one returned.",
  })
  changeOwnPassword(
    @Ctx() { services, limits, viewer }: VisitsContext,
    @Arg("currentPassword", (_type) => String) currentPassword: string,
    @Arg("newPassword", (_type) => String) newPassword: string,
  ): Promise<SignedIn> {
    return services.users.changeOwnPassword(services.tokens, limits, viewer!.userId, {
      currentPassword,
      newPassword,
    });
  }
}
