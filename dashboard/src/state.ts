// The view lives in the URL: the page in the path, the filters and the page's own choices
// (measure, theme, interval) in the query. Back, forward, reload and a copied link all work.
import type { Lang } from "./i18n";

export type PageName =
  | "overview"
  | "subregions"
  | "needs"
  | "trends"
  | "visits"
  | "visit"
  | "signin"
  // Every staff user's own account: password, sessions.
  | "account"
  // Public pages: no sign-in.
  | "editions"
  | "edition"
  | "registration"
  // Coordinator pages (ADMIN and COORDINATOR).
  | "manage"
  | "manage-visit"
  | "registrations"
  | "checkin"
  | "invitations"
  | "summary"
  | "hosts"
  | "forms"
  | "users"
  | "audit";

/** Pages anyone may open, without signing in. */
export const PUBLIC_PAGES: ReadonlySet<string> = new Set(["editions", "edition", "registration"]);
/** Pages for ADMIN and COORDINATOR only. */
export const COORDINATOR_PAGES: ReadonlySet<string> = new Set([
  "manage",
  "manage-visit",
  "registrations",
  "checkin",
  "invitations",
  "summary",
  "hosts",
  "forms",
  "users",
  "audit",
]);
/** Pages with the analytics filter form. */
export const ANALYTICS_PAGES: ReadonlySet<string> = new Set([
  "overview",
  "subregions",
  "needs",
  "trends",
  "visits",
]);

export interface Filters {
  /** `YYYY-MM`: visits starting in this month or later. */
  from?: string;
  to?: string;
  subregions: string[];
  sectors: string[];
  programme?: string;
  visit?: string;
}

export interface View {
  page: PageName | "notfound" | "forbidden";
  /** The visit's id on `/visits/<id>`, `/editions/<id>`, `/manage/visits/<id>…`; the registration's on `/registration/<id>`. */
  id?: string;
  filters: Filters;
  lang: Lang;
  /** Page-specific choices, e.g. `measure`, `theme`, `interval`. */
  options: Record<string, string>;
}

const PATHS: Record<string, PageName> = {
  "/": "overview",
  "/subregions": "subregions",
  "/needs": "needs",
  "/trends": "trends",
  "/visits": "visits",
  "/signin": "signin",
  "/account": "account",
  "/editions": "editions",
  "/manage": "manage",
  "/manage/hosts": "hosts",
  "/manage/forms": "forms",
  "/manage/users": "users",
  "/manage/audit": "audit",
};

/** Pages with an id in the path: the pattern and how to write the path back. */
const ID_PATHS: [PageName, RegExp, (id: string) => string][] = [
  ["visit", /^\/visits\/([\w-]+)$/, (id) => `/visits/${id}`],
  ["edition", /^\/editions\/([\w-]+)$/, (id) => `/editions/${id}`],
  ["registration", /^\/registration\/([\w-]+)$/, (id) => `/registration/${id}`],
  ["manage-visit", /^\/manage\/visits\/([\w-]+)$/, (id) => `/manage/visits/${id}`],
  [
    "registrations",
    /^\/manage\/visits\/([\w-]+)\/registrations$/,
    (id) => `/manage/visits/${id}/registrations`,
  ],
  ["checkin", /^\/manage\/visits\/([\w-]+)\/check-in$/, (id) => `/manage/visits/${id}/check-in`],
  [
    "invitations",
    /^\/manage\/visits\/([\w-]+)\/invitations$/,
    (id) => `/manage/visits/${id}/invitations`,
  ],
  ["summary", /^\/manage\/visits\/([\w-]+)\/summary$/, (id) => `/manage/visits/${id}/summary`],
];

const FILTER_KEYS = new Set(["from", "to", "subregion", "sector", "programme", "visit", "lang"]);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const list = (value: string | null) => (value ? value.split(",").filter(Boolean) : []);

export function parseView(location: { pathname: string; search: string }): View {
  const params = new URLSearchParams(location.search);
  const pathname = location.pathname.replace(/\/$/, "") || "/";
  let page: View["page"] = PATHS[pathname] ?? "notfound";
  let id: string | undefined;
  for (const [name, pattern] of ID_PATHS) {
    const match = pattern.exec(pathname);
    if (match) [page, id] = [name, match[1]];
  }
  const month = (key: string) => {
    const value = params.get(key);
    return value && MONTH.test(value) ? value : undefined;
  };
  const options: Record<string, string> = {};
  for (const [key, value] of params) if (!FILTER_KEYS.has(key)) options[key] = value;
  return {
    page,
    id,
    lang: params.get("lang") === "en" ? "en" : "pl",
    filters: {
      from: month("from"),
      to: month("to"),
      subregions: list(params.get("subregion")).filter((code) => /^PL9\d\d$/.test(code)),
      sectors: list(params.get("sector")).filter((code) => /^[A-Z_]+$/.test(code)),
      programme: params.get("programme") || undefined,
      visit: params.get("visit") || undefined,
    },
    options,
  };
}

export function pathOf(page: PageName, id?: string): string {
  const withId = ID_PATHS.find(([name]) => name === page);
  if (withId) return withId[2](encodeURIComponent(id ?? ""));
  return Object.entries(PATHS).find(([, name]) => name === page)?.[0] ?? "/";
}

/** The URL of a view; keys in a fixed order so equal views have equal links. */
export function urlOf(view: Omit<View, "page"> & { page: View["page"] }): string {
  const params = new URLSearchParams();
  const { filters } = view;
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.subregions.length) params.set("subregion", filters.subregions.join(","));
  if (filters.sectors.length) params.set("sector", filters.sectors.join(","));
  if (filters.programme) params.set("programme", filters.programme);
  if (filters.visit) params.set("visit", filters.visit);
  for (const key of Object.keys(view.options).sort()) params.set(key, view.options[key]!);
  if (view.lang === "en") params.set("lang", "en");
  const query = params.toString().replace(/%2C/g, ",");
  const path =
    view.page === "notfound" || view.page === "forbidden" ? "/" : pathOf(view.page, view.id);
  return query ? `${path}?${query}` : path;
}

/** The filter as the API takes it (`AnalyticsFilter`). */
export function apiFilter(filters: Filters): Record<string, unknown> {
  return {
    ...(filters.from ? { from: `${filters.from}-01` } : {}),
    ...(filters.to ? { to: `${filters.to}-01` } : {}),
    ...(filters.subregions.length ? { subregions: filters.subregions } : {}),
    ...(filters.sectors.length ? { sectors: filters.sectors } : {}),
    ...(filters.programme ? { programme: filters.programme } : {}),
    ...(filters.visit ? { visitId: filters.visit } : {}),
  };
}

/** The last day of a `YYYY-MM` month. */
function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
}

/**
 * The filter for lists of visits (`VisitFilter`): the months as the analytics read them, visits
 * starting from the first day of `from` to the last day of `to`; sectors do not apply.
 */
export function visitFilter(filters: Filters): Record<string, unknown> {
  return {
    ...(filters.from ? { from: `${filters.from}-01` } : {}),
    ...(filters.to ? { to: monthEnd(filters.to) } : {}),
    ...(filters.subregions.length ? { subregions: filters.subregions } : {}),
    ...(filters.programme ? { programme: filters.programme } : {}),
  };
}

/** The same filter as `/exports/*` query parameters. */
export function exportParams(filters: Filters, lang: Lang): URLSearchParams {
  const params = new URLSearchParams({ lang });
  const api = apiFilter(filters);
  for (const [key, value] of Object.entries(api))
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  return params;
}
