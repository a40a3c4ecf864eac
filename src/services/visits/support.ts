import { GraphQLError } from "graphql";
import mongoose, {
  type ClientSession,
  type Connection,
  isObjectIdOrHexString,
  Types,
} from "mongoose";

import { notFound } from "../../shared/graphql/errors.js";

/** An id from a client as an ObjectId, or undefined when it cannot be one. */
export function objectId(id: string): Types.ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(id) && isObjectIdOrHexString(id)
    ? new Types.ObjectId(id)
    : undefined;
}

/** NOT_FOUND that also names the argument, so a form can mark the box that holds the id. */
export function notFoundAt(field: string, what: string, id: string): GraphQLError {
  const { message, extensions } = notFound(what, id);
  return new GraphQLError(message, { extensions: { ...extensions, field } });
}

/** Trims and collapses runs of whitespace, as typed into forms. */
export function trimmed(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

export interface DuplicateKeyError {
  code: 11000;
  keyPattern?: Record<string, unknown>;
}

export function isDuplicateKey(error: unknown, field?: string): error is DuplicateKeyError {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== 11000) {
    return false;
  }
  const pattern = (error as DuplicateKeyError).keyPattern;
  return !field || !pattern || field in pattern;
}

/**
 * Runs `work` in one transaction: all of its writes or none. The driver retries it on a write
 * conflict (another transaction changed a document this one wrote). Two first registrations
 * with one e-mail insert the same new participant, which is a duplicate key rather than a
 * conflict; `work` then runs again and finds the participant the other one created.
 */
export async function inTransaction<T>(
  db: Connection,
  work: (session: ClientSession) => Promise<T>,
  retryOnDuplicate?: string,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!retryOnDuplicate || attempt >= 3 || !isDuplicateKey(error, retryOnDuplicate))
        throw error;
    }
  }
}

/**
 * Marks an operator object that this code wrote, e.g. `{ _id: trusted({ $in: ids }) }`.
 * `sanitizeFilter` (set in src/shared/database.ts against operator injection) would otherwise
 * wrap it in `$eq`; it trusts each field's value, not a whole filter.
 */
export function trusted<T>(filter: T): T {
  return mongoose.trusted(filter);
}

/** Escapes a client's search text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
