// The queue of submissions: one per link, sent until the service acknowledges it, with the same
// submissionId every time (the service answers a repeat with the first answer and stores nothing).
import { ApiError, graphql } from "../api";
import { SUBMIT } from "./queries";
import { forget, newSubmissionId, type Queued, read, remove, write } from "./store";

export type Outcome =
  | { kind: "sent" }
  | { kind: "used" }
  /** Kept in the outbox: no connection, or the service is busy or down for a moment. */
  | { kind: "queued"; error: unknown }
  /** Refused for good (a bad value, an unknown link): out of the outbox, back to the form. */
  | { kind: "refused"; error: ApiError };

const RETRYABLE = new Set([
  "NETWORK",
  "SERVICE_UNAVAILABLE",
  "TOO_MANY_REQUESTS",
  "INTERNAL_SERVER_ERROR",
]);

/** Puts the answers in the outbox, keeping the submissionId of an entry already there. */
export async function enqueue(token: string, input: object): Promise<Queued> {
  const entry = {
    token,
    submissionId: (await read("outbox", token))?.submissionId ?? newSubmissionId(),
    input,
  };
  await write("outbox", entry);
  return entry;
}

export async function send(entry: Queued): Promise<Outcome> {
  try {
    await graphql(SUBMIT, entry, { anonymous: true });
  } catch (error) {
    if (!(error instanceof ApiError) || RETRYABLE.has(error.code)) return { kind: "queued", error };
    if (error.code === "CONFLICT" && error.extensions["reason"] === "ALREADY_USED") {
      await forget(entry.token);
      return { kind: "used" };
    }
    await remove("outbox", entry.token);
    return { kind: "refused", error };
  }
  await forget(entry.token);
  return { kind: "sent" };
}
