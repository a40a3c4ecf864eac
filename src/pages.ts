import { readFile } from "node:fs/promises";

import type { RouteHandler } from "./shared/graphql/http.js";

const PUBLIC = new URL("../public/", import.meta.url);

const ASSETS: Record<string, string> = {
  "form.js": "text/javascript; charset=utf-8",
  "form.css": "text/css; charset=utf-8",
};

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
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  const asset = /^\/feedback\/assets\/([\w.-]+)$/.exec(pathname)?.[1];
  const file = asset ? (ASSETS[asset] ? `feedback/${asset}` : undefined) : "feedback/index.html";
  if (!file) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
    return;
  }
  const body = await readFile(new URL(file, PUBLIC));
  res.writeHead(200, {
    ...HEADERS,
    "Content-Type": asset ? ASSETS[asset]! : "text/html; charset=utf-8",
    "Content-Length": body.length,
  });
  res.end(req.method === "HEAD" ? undefined : body);
};
