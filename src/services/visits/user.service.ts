import { isEmail } from "class-validator";

import type { UserDocument, VisitsModels } from "../../models/visits/index.js";
import {
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
import { isDuplicateKey, objectId } from "../../shared/mongo.js";
import type { RateLimits } from "../../shared/rate-limits.js";
import { normaliseEmail } from "./registration.service.js";

export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
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
    createdAt: doc.createdAt,
  };
}

/** Staff accounts: created by an ADMIN (or `npm run user:create`), signed in with a password. */
export class UserService {
  // E-mails whose password is being checked in this process: one check per account at a time,
  // so that attempts sent at once cannot all be checked before the first failure is counted.
  private readonly checking = new Set<string>();

  constructor(private readonly models: VisitsModels) {}

  async create(input: UserFields): Promise<UserRecord> {
    const email = normaliseEmail(input.email);
    if (!isEmail(email)) throw badInput("input.email", "email must be an e-mail address.");
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw badInput(
        "input.password",
        `password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
      );
    }
    if (input.password.length > MAX_PASSWORD_LENGTH) {
      throw badInput(
        "input.password",
        `password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
      );
    }
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
  ): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
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
    const user = toUser(doc);
    const { token, expiresAt } = await tokens.sign({
      userId: user.id,
      email: user.email,
      role: user.role,
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
}
