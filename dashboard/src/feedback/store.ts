// What the form keeps on the participant's device, in IndexedDB, keyed by the link's token: the
// form itself (so a reload renders offline), the draft answers, and the outbox of submissions
// not yet acknowledged by the service (Enketo's and Formbricks' offline records).
import { type DBSchema, type IDBPDatabase, openDB } from "idb";

import type { FormView } from "./queries";

/** The answers as the controls hold them: a radio's or a text's value, a checkbox group's values. */
export type Values = Record<string, string | string[]>;

export interface Draft {
  token: string;
  values: Values;
  step: number;
}

export interface Queued {
  token: string;
  /** Made once per filled-in form; every retry sends the same one, so nothing is stored twice. */
  submissionId: string;
  input: object;
}

interface FeedbackDb extends DBSchema {
  forms: { key: string; value: { token: string; view: FormView } };
  drafts: { key: string; value: Draft };
  outbox: { key: string; value: Queued };
}

type StoreName = "forms" | "drafts" | "outbox";

let opened: Promise<IDBPDatabase<FeedbackDb>> | undefined;
const db = () =>
  (opened ??= openDB<FeedbackDb>("wizyty-feedback", 1, {
    upgrade(database) {
      for (const name of ["forms", "drafts", "outbox"] as const) {
        database.createObjectStore(name, { keyPath: "token" });
      }
    },
  }));

export async function read<S extends StoreName>(
  store: S,
  token: string,
): Promise<FeedbackDb[S]["value"] | undefined> {
  return (await db()).get(store, token);
}

export async function write<S extends StoreName>(
  store: S,
  value: FeedbackDb[S]["value"],
): Promise<void> {
  await (await db()).put(store, value);
}

export async function remove(store: StoreName, token: string): Promise<void> {
  await (await db()).delete(store, token);
}

/** Forgets everything about one link: once it is used, its answers need not stay on the device. */
export async function forget(token: string): Promise<void> {
  const tx = (await db()).transaction(["forms", "drafts", "outbox"], "readwrite");
  await Promise.all([
    tx.objectStore("forms").delete(token),
    tx.objectStore("drafts").delete(token),
    tx.objectStore("outbox").delete(token),
    tx.done,
  ]);
}

// crypto.randomUUID exists only in secure contexts (https, localhost); the form must also work
// when opened over plain HTTP at any other address. getRandomValues exists everywhere.
export function newSubmissionId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
