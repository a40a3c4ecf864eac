// The signed-in staff member, kept in localStorage so a copied link opens in another tab
// without signing in again. The API explorer (`/explorer`) reads the same entry.
export type Role = "ANALYST" | "COORDINATOR" | "ADMIN";

export interface Session {
  token: string;
  expiresAt: string;
  email: string;
  role: Role;
}

const KEY = "wizyty.session";

export function currentSession(): Session | undefined {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
    if (!session?.token || !session.expiresAt) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return Date.parse(session.expiresAt) <= now;
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
