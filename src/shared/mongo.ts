import mongoose, { isObjectIdOrHexString, Types } from "mongoose";

/** An id from a client as an ObjectId, or undefined when it cannot be one. */
export function objectId(id: string): Types.ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(id) && isObjectIdOrHexString(id)
    ? new Types.ObjectId(id)
    : undefined;
}

/** The ids that can be ObjectIds, as ObjectIds; the others can match nothing. */
export function objectIds(ids: readonly string[]): Types.ObjectId[] {
  return ids.flatMap((id) => objectId(id) ?? []);
}

/**
 * Marks an operator object that this code wrote, e.g. `{ _id: trusted({ $in: ids }) }`.
 * `sanitizeFilter` (set in src/shared/database.ts against operator injection) would otherwise
 * wrap it in `$eq`; it trusts each field's value, not a whole filter.
 */
export function trusted<T>(filter: T): T {
  return mongoose.trusted(filter) as T;
}

export interface DuplicateKeyError {
  code: 11000;
  keyPattern?: Record<string, unknown>;
}

/** E11000 from a unique index; with `field`, only when that index covers the field. */
export function isDuplicateKey(error: unknown, field?: string): error is DuplicateKeyError {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== 11000) {
    return false;
  }
  const pattern = (error as DuplicateKeyError).keyPattern;
  return !field || !pattern || field in pattern;
}
