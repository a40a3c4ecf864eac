import { type InferSchemaType, Schema, type Types } from "mongoose";

import { Role } from "../../shared/auth.js";

/** A staff member who signs in: ADMIN, COORDINATOR or ANALYST. */
export const userSchema = new Schema(
  {
    /** Lower-cased and trimmed. */
    email: { type: String, required: true },
    role: { type: String, enum: Object.values(Role), required: true },
    /** `hashPassword` from src/shared/auth.ts (scrypt, salted). */
    passwordHash: { type: String, required: true },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });

export type UserDocument = InferSchemaType<typeof userSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
};
