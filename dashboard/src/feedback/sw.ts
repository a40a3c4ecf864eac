// The feedback form's service worker, served at /feedback/sw.js with scope /feedback/: it keeps
// the app shell (the page and its hashed /assets/ files) so that /feedback/<token> opens offline.
// The page is one file for every link, so it is cached once under /feedback/ and never under a
// token. Answers and the outbox live in IndexedDB (store.ts); API calls are never cached here.
//
// The dashboard's tsconfig has the DOM's types, not the worker's; the little used is typed here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = "wizyty-feedback-1";
const SHELL = "/feedback/";

/** The page without its token-bearing address: status, headers (its CSP) and body. */
async function shellOf(response: Response): Promise<Response> {
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

/**
 * Keeps a page fetched from the network as the shell, with the assets it names (fetched now if
 * missing, so the next offline opening has them all) and none of an older build.
 */
async function keep(page: Response): Promise<void> {
  const cache = await caches.open(CACHE);
  const html = await page.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const kept = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  await cache.addAll(assets.filter((asset) => !kept.has(asset)));
  for (const old of kept) {
    if (old.startsWith("/assets/") && !assets.includes(old)) await cache.delete(old);
  }
  await cache.put(SHELL, await shellOf(page));
}

async function install(): Promise<void> {
  const page = await fetch(SHELL, { cache: "no-store" });
  if (!page.ok) throw new Error(`the form's page answered ${page.status}`);
  await keep(page);
}

async function activate(): Promise<void> {
  for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
  await scope.clients.claim();
}

/** The page: from the network while there is one (kept meanwhile), else the kept one. */
async function page(event: FetchEvent): Promise<Response> {
  try {
    const response = await fetch(event.request);
    if (response.ok) event.waitUntil(keep(response.clone()));
    return response;
  } catch (error) {
    const kept = await caches.match(SHELL);
    if (kept) return kept;
    throw error;
  }
}

/** A hashed asset never changes: the kept copy, else the network's (kept for next time). */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

scope.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => scope.skipWaiting()));
});
scope.addEventListener("activate", (event) => event.waitUntil(activate()));
scope.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== scope.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/feedback/")) {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
});
