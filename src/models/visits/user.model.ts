import { type InferSchemaType, Schema, type Types } from "mongoose";

import { Role } from "../../shared/auth.js";

export const USERS_COLLECTION = "users";

/** A staff member who signs in: ADMIN, COORDINATOR or ANALYST. */
export const userSchema = new Schema(
  {
    /** Lower-cased and trimmed. */
    email: { type: String, required: true },
    role: { type: String, enum: Object.values(Role), required: true },
    /** `hashPassword` from src/shared/auth.ts (scrypt, salted). */
    passwordHash: { type: String, required: true },
    /** A disabled account cannot sign in, and its tokens are refused. */
    disabled: { type: Boolean, default: false, required: true },
    /**
     * Copied into every token as `ver`; a token whose `ver` differs is refused. Raised to revoke
     * every token at once (sign out everywhere, a password change or reset).
     */
    tokenVersion: { type: Number, default: 0, required: true },
    lastSignInAt: { type: Date },
    /**
     * Raised by a transaction that takes an active ADMIN away (demote, disable, delete) on every
     * other active ADMIN, so that two such transactions write a common document and one of them
     * retries and sees the other's (see `UserService.withoutLosingTheLastAdmin`).
     */
    adminGuard: { type: Number, default: 0 },
  },
  { timestamps: true, collection: USERS_COLLECTION },
);
userSchema.index({ email: 1 }, { unique: true });

export type UserDocument = InferSchemaType<typeof userSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
};
