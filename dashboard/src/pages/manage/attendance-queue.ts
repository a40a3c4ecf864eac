// Attendance taps at the door, kept until the service has them: a tap is stored in localStorage
// at once (registration id and flag only, nothing personal), sent in the background, retried with
// a growing pause and as soon as the browser is back online. A later tap for the same person
// replaces an unsent one.
import { ApiError, graphql } from "../../api";
import { errorText } from "../../forms";

const KEY = "wizyty.attendance-queue";
const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;

export type SyncState =
  | { kind: "pending" }
  | { kind: "saved" }
  /** Not sent yet; tried again by itself. `message` is empty when there is no connection. */
  | { kind: "retrying"; message: string }
  /** Refused by the service; not tried again. */
  | { kind: "refused"; message: string };

const MARK = /* GraphQL */ `
  mutation MarkAttendance($registrationId: ID!, $attended: Boolean!) {
    markAttendance(registrationId: $registrationId, attended: $attended) {
      id
      status
    }
  }
`;

type Queue = Record<string, boolean>;

function stored(): Queue {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, boolean] => typeof entry[1] === "boolean",
      ),
    );
  } catch {
    return {};
  }
}

function store(queue: Queue): void {
  if (Object.keys(queue).length) localStorage.setItem(KEY, JSON.stringify(queue));
  else localStorage.removeItem(KEY);
}

/** Failures that may pass by themselves: no connection, a busy or unavailable service. */
function passing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return ["NETWORK", "SERVICE_UNAVAILABLE", "TOO_MANY_REQUESTS", "UNAUTHENTICATED"].includes(
    error.code,
  );
}

type Listener = (registrationId: string, attended: boolean, state: SyncState) => void;

const listeners = new Set<Listener>();
let sending = false;
let pause = FIRST_PAUSE_MS;
let timer: number | undefined;

function tell(id: string, attended: boolean, state: SyncState): void {
  for (const listener of listeners) listener(id, attended, state);
}

/** The taps not yet accepted by the service, by registration id. */
export function unsent(): Queue {
  return stored();
}

/** Hears of every change of a tap's state; returns the way to stop. */
export function listen(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records a tap and sends it (with any others waiting). */
export function mark(registrationId: string, attended: boolean): void {
  store({ ...stored(), [registrationId]: attended });
  tell(registrationId, attended, { kind: "pending" });
  pause = FIRST_PAUSE_MS;
  void flush();
}

/** Sends what waits, one tap after another; schedules the next try when something failed. */
export async function flush(): Promise<void> {
  if (sending) return;
  sending = true;
  window.clearTimeout(timer);
  timer = undefined;
  let failed = false;
  try {
    for (;;) {
      const next = Object.entries(stored()).find(([id]) => !failedNow.has(id));
      if (!next) break;
      const [id, attended] = next;
      try {
        await graphql(MARK, { registrationId: id, attended });
        settle(id, attended);
        tell(id, attended, { kind: "saved" });
      } catch (error) {
        if (passing(error)) {
          failedNow.add(id);
          failed = true;
          // Without a connection the state says it all; any other passing failure says why.
          const offline = !(error instanceof ApiError) || error.code === "NETWORK";
          tell(id, attended, { kind: "retrying", message: offline ? "" : errorText(error) });
        } else {
          settle(id, attended);
          tell(id, attended, { kind: "refused", message: errorText(error) });
        }
      }
    }
  } finally {
    failedNow.clear();
    sending = false;
  }
  if (failed) {
    timer = window.setTimeout(() => void flush(), pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  } else pause = FIRST_PAUSE_MS;
}

/** Ids that failed in this round: each is tried once per round. */
const failedNow = new Set<string>();

/** Takes a sent tap off the queue, unless a newer tap for the person came meanwhile. */
function settle(id: string, attended: boolean): void {
  const queue = stored();
  if (queue[id] !== attended) return;
  delete queue[id];
  store(queue);
}

window.addEventListener("online", () => {
  pause = FIRST_PAUSE_MS;
  void flush();
});
