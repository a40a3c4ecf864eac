/** The staff session the dashboard keeps after sign-in (`localStorage["wizyty.session"]`). */
export interface Session {
  token: string;
  expiresAt: string;
  email: string;
  role: "ANALYST" | "COORDINATOR" | "ADMIN";
}

export const SESSION_KEY = "wizyty.session";

const ROLES: readonly string[] = ["ANALYST", "COORDINATOR", "ADMIN"];

/**
 * The stored session, or undefined when there is none, it has expired or it is not one we wrote.
 * Read on every call: the user may sign in or out on the dashboard in another tab.
 */
export function currentSession(now = Date.now()): Session | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null");
  } catch {
    return undefined;
  }
  if (typeof stored !== "object" || stored === null) return undefined;
  const { token, expiresAt, email, role } = stored as Record<string, unknown>;
  if (typeof token !== "string" || !token) return undefined;
  if (typeof expiresAt !== "string" || !(Date.parse(expiresAt) > now)) return undefined;
  if (typeof email !== "string" || typeof role !== "string" || !ROLES.includes(role)) {
    return undefined;
  }
  return { token, expiresAt, email, role: role as Session["role"] };
}

/** `Authorization: Bearer …` for the current session, or nothing. */
export function authorizationHeader(): Record<string, string> {
  const session = currentSession();
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}
