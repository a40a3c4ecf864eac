import { GraphQLError } from "graphql";
import type { ClientSession, Connection } from "mongoose";

import { notFound } from "../../shared/graphql/errors.js";
import { isDuplicateKey } from "../../shared/mongo.js";

/** NOT_FOUND that also names the argument, so a form can mark the box that holds the id. */
export function notFoundAt(field: string, what: string, id: string): GraphQLError {
  const { message, extensions } = notFound(what, id);
  return new GraphQLError(message, { extensions: { ...extensions, field } });
}

/** Trims and collapses runs of whitespace, as typed into forms. */
export function trimmed(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

/**
 * Runs `work` in one transaction: all of its writes or none. The driver retries it on a write
 * conflict (another transaction changed a document this one wrote). Two first registrations
 * with one e-mail insert the same new participant, which is a duplicate key rather than a
 * conflict; `work` then runs again and finds the participant the other one created. Likewise
 * two transactions that create the same rollup document (two visits with one rollup key).
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
      const again =
        isRollupDuplicate(error) ||
        (retryOnDuplicate !== undefined && isDuplicateKey(error, retryOnDuplicate));
      if (!again || attempt >= 5) throw error;
    }
  }
}

// Every rollup's unique key starts with the month; no other unique index has one.
function isRollupDuplicate(error: unknown): boolean {
  return isDuplicateKey(error) && "month" in (error.keyPattern ?? {});
}

/** Escapes a client's search text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
