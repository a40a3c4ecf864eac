import { isEmail } from "class-validator";

import type { UserDocument, VisitsModels } from "../../models/visits/index.js";
import { hashPassword, Role, type TokenService, verifyPassword } from "../../shared/auth.js";
import { addressKey } from "../../shared/client-address.js";
import { badInput, conflict, unauthenticated } from "../../shared/graphql/errors.js";
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
   * Every attempt is counted for the account and the address before the password is checked, so
   * that attempts made at once cannot slip past the limits; a success clears the account's count
   * and takes the address's attempt back.
   */
  async login(
    tokens: TokenService,
    limits: RateLimits<"loginAccount" | "loginAddress">,
    { email: given, password, clientAddress }: LoginAttempt,
  ): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
    const email = normaliseEmail(given);
    const address = addressKey(clientAddress);
    await limits.loginAddress.consume(address);
    await limits.loginAccount.consume(email);
    const doc = await this.models.User.findOne({ email }).lean<UserDocument>();
    const valid =
      password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, doc?.passwordHash));
    if (!doc || !valid) throw unauthenticated(WRONG_CREDENTIALS);
    await Promise.all([limits.loginAccount.reset(email), limits.loginAddress.refund(address)]);
    const user = toUser(doc);
    const { token, expiresAt } = await tokens.sign({
      userId: user.id,
      email: user.email,
      role: user.role,
    });
    return { token, expiresAt, user };
  }

  async get(id: string): Promise<UserRecord | null> {
    const _id = objectId(id);
    const doc = _id ? await this.models.User.findById(_id).lean<UserDocument>() : null;
    return doc ? toUser(doc) : null;
  }
}
