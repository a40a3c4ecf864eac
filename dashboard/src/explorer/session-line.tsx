import { useEffect, useState } from "react";

import { currentSession, SESSION_KEY } from "../session";

/** "Signed in as …" or a link to sign in, kept current when the session changes or expires. */
export function SessionLine() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => {
    const refresh = () => setSession(currentSession());
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key === SESSION_KEY) refresh();
    };
    window.addEventListener("storage", onStorage);
    const expiry = session ? Date.parse(session.expiresAt) - Date.now() : undefined;
    // setTimeout takes at most 2^31−1 ms; a longer session is checked again then.
    const timer =
      expiry === undefined ? undefined : setTimeout(refresh, Math.min(expiry, 2 ** 31 - 1));
    return () => {
      window.removeEventListener("storage", onStorage);
      clearTimeout(timer);
    };
  }, [session]);
  return (
    <header className="explorer-session">
      <h1>Wizyty API explorer</h1>
      <p>
        {session ? (
          <>
            Signed in as <strong>{session.email}</strong> ({session.role})
          </>
        ) : (
          <>
            Not signed in — <a href="/signin">sign in on the dashboard</a>
          </>
        )}
      </p>
      <nav aria-label="Product">
        <a href="/">Dashboard</a>
      </nav>
    </header>
  );
}
