import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg"]);

/** Answers GET and HEAD only; anything else gets 405. Returns whether the method is fine. */
export function readOnly(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  res.writeHead(405, { Allow: "GET, HEAD" }).end();
  return false;
}

export function notFound(res: ServerResponse): void {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
}

/**
 * Sends one file with the given headers, gzipped when the client accepts it. Built files never
 * change while the process runs, so `cache` keeps what was read (and compressed) once.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  cache?: Map<string, { raw: Buffer; gzip?: Buffer }>,
): Promise<void> {
  const ext = path.extname(file);
  let entry = cache?.get(file);
  if (!entry) {
    const raw = await readFile(file);
    entry = { raw, gzip: COMPRESSIBLE.has(ext) && raw.length > 1024 ? gzipSync(raw) : undefined };
    cache?.set(file, entry);
  }
  const gzip = entry.gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? entry.gzip! : entry.raw;
  res.writeHead(200, {
    ...headers,
    "Content-Type": CONTENT_TYPES[ext] ?? "application/octet-stream",
    "Content-Length": String(body.length),
    ...(entry.gzip ? { Vary: "Accept-Encoding" } : {}),
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
