import { existsSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { RouteHandler } from "../shared/graphql/http.js";
import { notFound, readOnly, sendFile } from "./static.js";

/** Where `npm run build` puts the dashboard (Vite's output, `dashboard/vite.config.ts`). */
export const DASHBOARD_DIST = fileURLToPath(new URL("../../dist/dashboard/", import.meta.url));

const SECURITY = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
};

// Chart.js styles its canvases through the CSSOM (allowed); PNG downloads are data: URLs.
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The API explorer (GraphiQL with its Monaco editor), as strict as it runs under (checked by
 * tests/browser/explorer.test.ts, which fails on any violation):
 * - `style-src 'unsafe-inline'`: Monaco adds `<style>` elements at run time (themes, decorations)
 *   with no way to give them a nonce, and renders its lines as HTML with `style` attributes,
 *   which no nonce or hash can allow. Styles cannot run script; scripts stay `'self'` only.
 * - `worker-src 'self'`: Monaco's three workers are built files under /assets/, so no blob:.
 * - no `'unsafe-eval'`, no data: fonts (GraphiQL's data: fonts are left out of the build), and
 *   `img-src data:` only for the page's empty `data:,` icon, which saves a /favicon.ico request.
 */
export const EXPLORER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** 503 while `npm run build` has not built the dashboard (and the feedback form with it). */
export function notBuilt(res: ServerResponse): void {
  res
    .writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" })
    .end("The dashboard is not built: run `npm run build`.\n");
}

/**
 * Serves the built dashboard: hashed assets under `/assets/` (cached for good), the API explorer
 * at `/explorer`, and `index.html` for every other page path, so a copied link such as
 * `/subregions?from=2024-01-01` opens that view.
 */
export function dashboardRoute(folder = DASHBOARD_DIST): RouteHandler {
  const cache = new Map<string, { raw: Buffer; gzip?: Buffer }>();
  return async (req, res) => {
    if (!readOnly(req, res)) return;
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (!existsSync(path.join(folder, "index.html"))) return notBuilt(res);
    const asset = /^\/assets\/([\w.-]+)$/.exec(pathname)?.[1];
    if (asset) {
      const file = path.join(folder, "assets", asset);
      if (!existsSync(file)) return notFound(res);
      const headers = { ...SECURITY, "Cache-Control": "public, max-age=31536000, immutable" };
      return sendFile(req, res, file, headers, cache);
    }
    // A path with a file extension that is not an asset is a mistyped file, not a page.
    if (/\.[\w]+$/.test(pathname) && pathname !== "/index.html") return notFound(res);
    const explorer = pathname === "/explorer" || pathname === "/explorer/";
    const headers = {
      ...SECURITY,
      "Cache-Control": "no-cache",
      "Content-Security-Policy": explorer ? EXPLORER_CSP : DASHBOARD_CSP,
    };
    const page = explorer ? "explorer.html" : "index.html";
    if (explorer && !existsSync(path.join(folder, page))) return notFound(res);
    await sendFile(req, res, path.join(folder, page), headers, cache);
  };
}

/**
 * Someone who types the API's address into a browser gets the API explorer instead of an error.
 * Only a GET that asks for HTML and carries no operation is sent there: API clients ask for JSON
 * or POST, and a GET with `?query=` is an operation whatever the client.
 */
export function browsersToExplorer(api: RouteHandler): RouteHandler {
  return async (req, res) => {
    const accept = req.headers.accept ?? "";
    const { searchParams } = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && /\btext\/html\b/i.test(accept) && !searchParams.has("query")) {
      res.writeHead(302, { Location: "/explorer", Vary: "Accept", "Cache-Control": "no-store" });
      res.end();
      return;
    }
    await api(req, res);
  };
}
