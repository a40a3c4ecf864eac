import { isEmail } from "class-validator";
import type { ClientSession, Types } from "mongoose";

import type { UserDocument, VisitsModels } from "../../models/visits/index.js";
import {
  type AccountLookup,
  hashPassword,
  passwordChecksFull,
  Role,
  type TokenService,
  verifyPassword,
} from "../../shared/auth.js";
import { addressKey } from "../../shared/client-address.js";
import {
  badInput,
  conflict,
  tooManyRequests,
  unauthenticated,
} from "../../shared/graphql/errors.js";
import { isDuplicateKey, objectId, trusted } from "../../shared/mongo.js";
import type { RateLimits } from "../../shared/rate-limits.js";
import { normaliseEmail } from "./registration.service.js";
import { notFoundAt } from "./support.js";

export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

export interface UserFields {
  email: string;
  password: string;
  role: Role;
}

export const MIN_PASSWORD_LENGTH = 12;
// scrypt takes any length; the cap only keeps a request from making the server hash megabytes.
export const MAX_PASSWORD_LENGTH = 256;

export interface LoginAttempt {
  email: string;
  password: string;
  clientAddress: string;
}

const WRONG_CREDENTIALS = "The e-mail address or the password is wrong.";

export function toUser(doc: UserDocument): UserRecord {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    role: doc.role as Role,
    // Records made before accounts could be disabled have neither field.
    disabled: doc.disabled ?? false,
    createdAt: doc.createdAt,
    lastSignInAt: doc.lastSignInAt ?? null,
  };
}

/**
 * The token check's view of the users collection: one indexed read by `_id` per request and
 * subgraph (the request's viewer is worked out once, see src/shared/context.ts), no cache, so a
 * change is seen by the next request in every process that reads this database.
 */
export function accountLookup(models: Pick<VisitsModels, "User">): AccountLookup {
  return async (userId) => {
    const _id = objectId(userId);
    const doc = _id
      ? await models.User.findById(_id, { email: 1, role: 1, tokenVersion: 1, disabled: 1 }).lean<
          Pick<UserDocument, "email" | "role" | "tokenVersion" | "disabled">
        >()
      : null;
    if (!doc) return null;
    return {
      email: doc.email,
      role: doc.role as Role,
      tokenVersion: doc.tokenVersion ?? 0,
      disabled: doc.disabled ?? false,
    };
  };
}

/** BAD_USER_INPUT at `field` unless the password's length is within the limits. */
function checkPasswordLength(field: string, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badInput(field, `password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw badInput(field, `password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
}

const LAST_ADMIN =
  "This is the last active ADMIN: make another user ADMIN first, or nobody could manage users.";

/** Staff accounts: created by an ADMIN (or `npm run user:create`), signed in with a password. */
export class UserService {
  // E-mails whose password is being checked in this process: one check per account at a time,
  // so that attempts sent at once cannot all be checked before the first failure is counted.
  private readonly checking = new Set<string>();

  constructor(private readonly models: VisitsModels) {}

  async create(input: UserFields): Promise<UserRecord> {
    const email = normaliseEmail(input.email);
    if (!isEmail(email)) throw badInput("input.email", "email must be an e-mail address.");
    checkPasswordLength("input.password", input.password);
    if (!Object.values(Role).includes(input.role)) {
      throw badInput("input.role", `role must be one of ${Object.values(Role).join(", ")}.`);
    }
    const passwordHash = await hashPassword(input.password);
    try {
      const doc = await this.models.User.create({ email, role: input.role, passwordHash });
      return toUser(doc.toObject());
    } catch (error) {
      if (isDuplicateKey(error, "email")) {
        throw conflict("DUPLICATE", `A user with the e-mail address ${email} already exists.`);
      }
      throw error;
    }
  }

  /**
   * A token for the user; the same UNAUTHENTICATED error whether the e-mail exists or not.
   * An account or address over its limit is refused before any password is checked; a wrong
   * password counts for both, and a success clears the account's count.
   */
  async login(
    tokens: TokenService,
    limits: RateLimits<"loginAccount" | "loginAddress">,
    { email: given, password, clientAddress }: LoginAttempt,
  ): Promise<SignedIn> {
    // First of all: a flood refused here costs the database nothing.
    if (passwordChecksFull()) throw tooManyRequests(1000);
    const email = normaliseEmail(given);
    const address = addressKey(clientAddress);
    await limits.loginAddress.check(address);
    await limits.loginAccount.check(email);
    const doc = await this.oneCheckAtATime(email, async () => {
      const found = await this.models.User.findOne({ email }).lean<UserDocument>();
      const valid =
        password.length <= MAX_PASSWORD_LENGTH &&
        (await verifyPassword(password, found?.passwordHash));
      if (found && valid) return found;
      await Promise.all([limits.loginAccount.count(email), limits.loginAddress.count(address)]);
      return null;
    });
    if (!doc) throw unauthenticated(WRONG_CREDENTIALS);
    await limits.loginAccount.reset(email);
    // Said only to whoever knows the password: it tells them nothing they could misuse.
    if (doc.disabled) throw unauthenticated("This account is disabled; ask an administrator.");
    const signedIn = await this.models.User.findByIdAndUpdate(
      doc._id,
      { $set: { lastSignInAt: new Date() } },
      { returnDocument: "after" },
    ).lean<UserDocument>();
    if (!signedIn) throw unauthenticated(WRONG_CREDENTIALS);
    return this.signIn(tokens, signedIn);
  }

  private async signIn(tokens: TokenService, doc: UserDocument): Promise<SignedIn> {
    const user = toUser(doc);
    const { token, expiresAt } = await tokens.sign({
      userId: user.id,
      email: user.email,
      role: user.role,
      tokenVersion: doc.tokenVersion ?? 0,
    });
    return { token, expiresAt, user };
  }

  private async oneCheckAtATime<T>(email: string, check: () => Promise<T>): Promise<T> {
    if (this.checking.has(email)) throw tooManyRequests(1000);
    this.checking.add(email);
    try {
      return await check();
    } finally {
      this.checking.delete(email);
    }
  }

  async get(id: string): Promise<UserRecord | null> {
    const _id = objectId(id);
    const doc = _id ? await this.models.User.findById(_id).lean<UserDocument>() : null;
    return doc ? toUser(doc) : null;
  }

  /** Every staff account, by e-mail; a handful of people, so no paging. */
  async list(): Promise<UserRecord[]> {
    const docs = await this.models.User.find({}).sort({ email: 1 }).lean<UserDocument[]>();
    return docs.map(toUser);
  }

  async changeRole(id: string, role: Role): Promise<UserRecord> {
    if (!Object.values(Role).includes(role)) {
      throw badInput("role", `role must be one of ${Object.values(Role).join(", ")}.`);
    }
    return this.withoutLosingTheLastAdmin(
      id,
      () => role !== Role.ADMIN,
      (_id, session) => this.update(_id, { $set: { role } }, session),
    );
  }

  /** A disabled user cannot sign in, and every token they hold is refused from now on. */
  async setDisabled(id: string, disabled: boolean): Promise<UserRecord> {
    return this.withoutLosingTheLastAdmin(
      id,
      () => disabled,
      // Tokens held when disabled stay refused after enabling: the version moves on.
      (_id, session) =>
        this.update(
          _id,
          disabled ? { $set: { disabled }, $inc: { tokenVersion: 1 } } : { $set: { disabled } },
          session,
        ),
    );
  }

  /** Removes the account; its tokens are refused from now on. Returns the id. */
  async delete(id: string): Promise<string> {
    return this.withoutLosingTheLastAdmin(
      id,
      () => true,
      async (_id, session) => {
        await this.models.User.deleteOne({ _id }, { session });
        return id;
      },
    );
  }

  /** An ADMIN sets a new initial password; every token the user holds stops working. */
  async resetPassword(id: string, password: string): Promise<UserRecord> {
    checkPasswordLength("password", password);
    const passwordHash = await hashPassword(password);
    return this.updateOne(id, { $set: { passwordHash }, $inc: { tokenVersion: 1 } });
  }

  /** Every token of the user stops working: "sign out everywhere" when it is one's own. */
  async revokeTokens(id: string): Promise<UserRecord> {
    return this.updateOne(id, { $inc: { tokenVersion: 1 } });
  }

  /**
   * The signed-in user's own password, after checking the current one (counted like a failed
   * sign-in when wrong). Every other token stops working; the caller gets a new one.
   */
  async changeOwnPassword(
    tokens: TokenService,
    limits: RateLimits<"loginAccount">,
    userId: string,
    { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
  ): Promise<SignedIn> {
    checkPasswordLength("newPassword", newPassword);
    const _id = objectId(userId);
    const doc = _id ? await this.models.User.findById(_id).lean<UserDocument>() : null;
    if (!doc) throw unauthenticated("The account of this token no longer exists.");
    await limits.loginAccount.check(doc.email);
    const valid =
      currentPassword.length <= MAX_PASSWORD_LENGTH &&
      (await this.oneCheckAtATime(doc.email, () =>
        verifyPassword(currentPassword, doc.passwordHash),
      ));
    if (!valid) {
      await limits.loginAccount.count(doc.email);
      throw badInput("currentPassword", "The current password is wrong.");
    }
    const passwordHash = await hashPassword(newPassword);
    const changed = await this.models.User.findByIdAndUpdate(
      doc._id,
      { $set: { passwordHash }, $inc: { tokenVersion: 1 } },
      { returnDocument: "after" },
    ).lean<UserDocument>();
    if (!changed) throw unauthenticated("The account of this token no longer exists.");
    return this.signIn(tokens, changed);
  }

  private async updateOne(id: string, update: Record<string, unknown>): Promise<UserRecord> {
    const _id = objectId(id);
    const doc = _id ? await this.update(_id, update) : null;
    if (!doc) throw notFoundAt("id", "User", id);
    return doc;
  }

  private async update(
    _id: Types.ObjectId,
    update: Record<string, unknown>,
    session?: ClientSession,
  ): Promise<UserRecord | null> {
    const doc = await this.models.User.findByIdAndUpdate(_id, update, {
      returnDocument: "after",
      session,
    }).lean<UserDocument>();
    return doc ? toUser(doc) : null;
  }

  /**
   * Runs `write` in a transaction, refusing with CONFLICT LAST_ADMIN when the user is an active
   * ADMIN, `takesAdminAway` says the change ends that, and no other active ADMIN remains. The
   * other active ADMINs are written (`adminGuard`) in the same transaction: two changes that
   * would each leave the other's ADMIN the last one write a common document, so one of them
   * retries, sees the other's commit, and is refused.
   */
  private async withoutLosingTheLastAdmin<T>(
    id: string,
    takesAdminAway: () => boolean,
    write: (_id: Types.ObjectId, session: ClientSession) => Promise<T | null>,
  ): Promise<T> {
    const _id = objectId(id);
    if (!_id) throw notFoundAt("id", "User", id);
    const { User } = this.models;
    return User.db.transaction(async (session) => {
      const doc = await User.findById(_id).session(session).lean<UserDocument>();
      if (!doc) throw notFoundAt("id", "User", id);
      if (doc.role === Role.ADMIN && !doc.disabled && takesAdminAway()) {
        const others = await User.updateMany(
          { _id: trusted({ $ne: _id }), role: Role.ADMIN, disabled: trusted({ $ne: true }) },
          { $inc: { adminGuard: 1 } },
          { session, timestamps: false },
        );
        if (others.modifiedCount === 0) throw conflict("LAST_ADMIN", LAST_ADMIN);
      }
      const result = await write(_id, session);
      if (result === null) throw notFoundAt("id", "User", id);
      return result;
    });
  }
}
