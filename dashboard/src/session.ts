// The signed-in staff member, kept in localStorage so a copied link opens in another tab without
// signing in again. The dashboard and the API explorer (`/explorer`) both read it from here.
export type Role = "ANALYST" | "COORDINATOR" | "ADMIN";

export interface Session {
  token: string;
  expiresAt: string;
  email: string;
  role: Role;
}

export const SESSION_KEY = "wizyty.session";

const ROLES: readonly string[] = ["ANALYST", "COORDINATOR", "ADMIN"];

/**
 * The stored session, expired or not (the dashboard says "expired" rather than "sign in"), or
 * undefined when there is none or it is not one we wrote. Read on every call: the user may sign
 * in or out in another tab.
 */
export function storedSession(): Session | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null");
  } catch {
    return undefined;
  }
  if (typeof stored !== "object" || stored === null) return undefined;
  const { token, expiresAt, email, role } = stored as Record<string, unknown>;
  if (typeof token !== "string" || !token || typeof expiresAt !== "string") return undefined;
  if (typeof email !== "string" || typeof role !== "string" || !ROLES.includes(role))
    return undefined;
  return { token, expiresAt, email, role: role as Role };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return !(Date.parse(session.expiresAt) > now);
}

/** The stored session if it has not expired. */
export function currentSession(now = Date.now()): Session | undefined {
  const session = storedSession();
  return session && !isExpired(session, now) ? session : undefined;
}

/** `Authorization: Bearer …` for the current session, or nothing. */
export function authorizationHeader(): Record<string, string> {
  const session = currentSession();
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}
