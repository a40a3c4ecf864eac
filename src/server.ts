import { createServer, type Server, type ServerResponse } from "node:http";

import type { RouteHandler } from "./shared/graphql/http.js";

export interface HttpServerOptions {
  /** Whether the database answers; `/readyz` reports it. */
  isReady: () => boolean | Promise<boolean>;
  /**
   * Handlers by exact path (`/graphql`) or by prefix (`/feedback/*`); they may be added after
   * the server starts. The longest matching prefix wins, after exact paths and the probes, so
   * `/*` catches what nothing else serves.
   */
  routes?: Map<string, RouteHandler>;
}

/** Builds the HTTP server; the caller decides where it listens. */
export function createHttpServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const probe = Object.hasOwn(PROBES, pathname) ? PROBES[pathname] : undefined;
    const route =
      options.routes?.get(pathname) ?? (probe ? undefined : prefixRoute(options.routes, pathname));
    if (route) {
      route(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: "internal server error" });
        else res.destroy();
      });
      return;
    }
    if (!probe) return send(res, 404, { error: "not found" });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, { error: "method not allowed" });
    }
    void probe(options).then(([status, body]) => send(res, status, body));
  });
}

/** A route whose key ends in `/*` serves every path under it; the longest such key wins. */
function prefixRoute(
  routes: Map<string, RouteHandler> | undefined,
  pathname: string,
): RouteHandler | undefined {
  let best: [string, RouteHandler] | undefined;
  for (const [key, handler] of routes ?? []) {
    const prefix = key.slice(0, -1);
    if (
      key.endsWith("/*") &&
      pathname.startsWith(prefix) &&
      prefix.length > (best?.[0].length ?? -1)
    )
      best = [prefix, handler];
  }
  return best?.[1];
}

type Probe = (options: HttpServerOptions) => Promise<[number, object]>;

const PROBES: Record<string, Probe> = {
  "/healthz": async () => [200, { status: "ok" }],
  "/readyz": async ({ isReady }) => {
    // A readiness check that throws means "not ready", not a 500 the orchestrator misreads.
    const ready = await Promise.resolve()
      .then(isReady)
      .catch(() => false);
    return ready ? [200, { status: "ready" }] : [503, { status: "starting" }];
  },
};

function send(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    // Probes must see the live state, never a cached answer.
    "Cache-Control": "no-store",
  });
  res.end(json);
}
