import { fileURLToPath } from "node:url";

import type { RouteHandler } from "../shared/graphql/http.js";
import { notFound, readOnly, sendFile } from "./static.js";

const FOLDER = fileURLToPath(new URL("../../public/feedback/", import.meta.url));

const ASSETS = new Set(["form.js", "form.css"]);

// The link carries the participant's one-time token: no referrer may leak it, no cache may keep
// the page, and the page runs only its own script.
const HEADERS = {
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/**
 * `GET /feedback/<token>`: the form a participant opens from an invitation link or QR code.
 * The page talks to `/graphql` like any client; opening it does not use the token.
 */
export const feedbackPage: RouteHandler = async (req, res) => {
  if (!readOnly(req, res)) return;
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const asset = /^\/feedback\/assets\/([\w.-]+)$/.exec(pathname)?.[1];
  if (asset && !ASSETS.has(asset)) return notFound(res);
  await sendFile(req, res, FOLDER + (asset ?? "index.html"), HEADERS);
};
