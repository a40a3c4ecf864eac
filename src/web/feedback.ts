import { existsSync } from "node:fs";
import path from "node:path";

import type { RouteHandler } from "../shared/graphql/http.js";
import { DASHBOARD_DIST, notBuilt } from "./dashboard.js";
import { readOnly, sendFile } from "./static.js";

// The link carries the participant's one-time token: no referrer may leak it, no cache may keep
// the page, and the page runs only its own script. `worker-src 'self'` lets it register its
// service worker (/feedback/sw.js), which keeps the page for offline use without the token.
const HEADERS = {
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

// The worker itself is checked for updates on every page load, as browsers do when it is not
// cached; it may talk to its own origin only.
const WORKER_HEADERS = {
  "Cache-Control": "no-cache",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; connect-src 'self'",
};

/**
 * `GET /feedback/<token>`: the form a participant opens from an invitation link or QR code,
 * built with the dashboard (`dashboard/feedback.html`, its assets under /assets/), and
 * `GET /feedback/sw.js`, its service worker. Opening the page does not use the token.
 */
export function feedbackRoute(folder = DASHBOARD_DIST): RouteHandler {
  const cache = new Map<string, { raw: Buffer; gzip?: Buffer }>();
  return async (req, res) => {
    if (!readOnly(req, res)) return;
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const worker = pathname === "/feedback/sw.js";
    const file = path.join(folder, worker ? "feedback-sw.js" : "feedback.html");
    if (!existsSync(file)) return notBuilt(res);
    await sendFile(req, res, file, worker ? WORKER_HEADERS : HEADERS, cache);
  };
}
