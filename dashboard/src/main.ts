// The dashboard's entry: reads the view from the URL, signs in when needed, and renders the page.
import "./styles.css";

import { ApiError, graphql, SessionExpired } from "./api";
import { el } from "./dom";
import { destroyCharts, drawPending, liveCharts } from "./figure";
import { setLang, t } from "./i18n";
import { type Page, SHOWN_EVENT } from "./page";
import { renderSignIn, type SignInReason } from "./pages/signin";
import { clearSession, isExpired, storedSession } from "./session";
import { type FilterChoices, renderPublicShell, renderShell } from "./shell";
import {
  ANALYTICS_PAGES,
  COORDINATOR_PAGES,
  parseView,
  PUBLIC_PAGES,
  urlOf,
  type View,
} from "./state";

const PAGES: Record<string, () => Promise<{ default: Page }>> = {
  overview: () => import("./pages/overview"),
  subregions: () => import("./pages/subregions"),
  needs: () => import("./pages/needs"),
  trends: () => import("./pages/trends"),
  visits: () => import("./pages/visits"),
  visit: () => import("./pages/visit"),
  editions: () => import("./pages/public/editions"),
  edition: () => import("./pages/public/edition"),
  registration: () => import("./pages/public/registration"),
  manage: () => import("./pages/manage/visits"),
  "manage-visit": () => import("./pages/manage/visit"),
  registrations: () => import("./pages/manage/registrations"),
  checkin: () => import("./pages/manage/check-in"),
  invitations: () => import("./pages/manage/invitations"),
  summary: () => import("./pages/manage/summary"),
  hosts: () => import("./pages/manage/hosts"),
  forms: () => import("./pages/manage/forms"),
  users: () => import("./pages/manage/users"),
  audit: () => import("./pages/manage/audit"),
  account: () => import("./pages/account"),
  notfound: () => import("./pages/not-found"),
  forbidden: () => import("./pages/forbidden"),
};

const root = document.getElementById("app")!;
let rendering = 0;
let expiryTimer: number | undefined;
let choices: Promise<FilterChoices> | undefined;

const CHOICES = /* GraphQL */ `
  query FilterChoices {
    visits(first: 100) {
      edges {
        node {
          programme
        }
      }
    }
  }
`;

/** The programmes to filter by, asked once per session (they change when visits are added). */
function filterChoices(): Promise<FilterChoices> {
  choices ??= graphql<{ visits: { edges: { node: { programme: string } }[] } }>(CHOICES)
    .then((data) => ({ programmes: [...new Set(data.visits.edges.map((e) => e.node.programme))] }))
    .catch((error: unknown) => {
      choices = undefined;
      throw error;
    });
  return choices;
}

/** The control that asked for the new view, to give focus back to once it is drawn. */
let returnFocus: string | undefined;

const titles = new Map<string, Promise<string | undefined>>();
const VISIT_TITLE = /* GraphQL */ `
  query VisitTitle($id: ID!) {
    visit(id: $id) {
      title
    }
  }
`;

/** The title of the visit the filter names, for its chip (asked once per visit). */
function visitTitle(id: string | undefined): Promise<string | undefined> {
  if (!id) return Promise.resolve(undefined);
  let title = titles.get(id);
  if (!title) {
    title = graphql<{ visit: { title: string } }>(VISIT_TITLE, { id })
      .then((data) => data.visit.title)
      .catch(() => undefined);
    titles.set(id, title);
  }
  return title;
}

function go(view: View, replace = false): void {
  returnFocus = document.activeElement?.id || undefined;
  const url = urlOf(view);
  if (replace) history.replaceState(null, "", url);
  else if (url !== location.pathname + location.search) history.pushState(null, "", url);
  void render(view, true);
}

function signOut(): void {
  clearSession();
  choices = undefined;
  const view = parseView(location);
  history.pushState(null, "", urlOf({ ...view, page: "signin", id: undefined }));
  renderSignIn(root, { ...view, page: "overview" }, "signedOut", go);
  markReady();
}

function markReady(): void {
  performance.mark("wizyty:drawn");
  document.documentElement.dataset.ready = "true";
}

function showSignIn(view: View, reason: SignInReason): void {
  destroyCharts();
  choices = undefined;
  renderSignIn(root, view, reason, go);
  markReady();
}

async function render(view: View, moveFocus = false): Promise<void> {
  const token = ++rendering;
  document.documentElement.dataset.ready = "false";
  setLang(view.lang);
  destroyCharts();
  if (PUBLIC_PAGES.has(view.page)) {
    return show(view, renderPublicShell(root, view, { go }), token, moveFocus);
  }
  const session = storedSession();
  if (view.page === "signin") {
    if (session && !isExpired(session)) return go({ ...view, page: "overview" }, true);
    return showSignIn({ ...view, page: "overview" }, undefined);
  }
  if (!session || isExpired(session)) return showSignIn(view, session ? "expired" : undefined);
  window.clearTimeout(expiryTimer);
  expiryTimer = window.setTimeout(
    () => showSignIn(parseView(location), "expired"),
    Math.min(2 ** 31 - 1, Date.parse(session.expiresAt) - Date.now()),
  );
  if (COORDINATOR_PAGES.has(view.page) && session.role === "ANALYST") {
    view = { ...view, page: "forbidden" };
  }
  let main: HTMLElement;
  try {
    const filterOptions = ANALYTICS_PAGES.has(view.page)
      ? { ...(await filterChoices()), visitTitle: await visitTitle(view.filters.visit) }
      : { programmes: [] };
    if (token !== rendering) return;
    main = renderShell(root, view, session, filterOptions, { go, signOut });
  } catch (error) {
    if (token !== rendering) return;
    return showError(view, error);
  }
  await show(view, main, token, moveFocus);
}

/** Draws the view's page into `main`, or says why it could not. */
async function show(view: View, main: HTMLElement, token: number, moveFocus: boolean) {
  try {
    main.append(el("p", { class: "loading", role: "status" }, t("loading")));
    const page = (await PAGES[view.page]!()).default;
    const content = el("div", { class: "page" });
    await page({ view, main: content, go });
    if (token !== rendering) return;
    main.replaceChildren(content);
    document.title = `${content.querySelector("h1")?.textContent ?? ""} — Wizyty`;
    drawPending();
    if (moveFocus) {
      const again = returnFocus ? document.getElementById(returnFocus) : null;
      (again ?? main).focus();
    }
    returnFocus = undefined;
    dispatchEvent(new Event(SHOWN_EVENT));
    markReady();
  } catch (error) {
    if (token !== rendering) return;
    showError(view, error);
  }
}

function showError(view: View, error: unknown): void {
  if (error instanceof SessionExpired) return showSignIn(view, "expired");
  const main = root.querySelector("main") ?? root;
  const code = error instanceof ApiError ? error.code : "NETWORK";
  const box = el("div", { class: "error-box", role: "alert" });
  box.append(el("p", {}, code === "NETWORK" ? t("networkError") : t("genericError", { code })));
  const retry = el("button", { type: "button" }, t("retry"));
  retry.addEventListener("click", () => void render(view, true));
  box.append(retry);
  main.replaceChildren(box);
  markReady();
}

// Paper is wider than a phone and narrower than a desktop: charts are redrawn for it.
window.addEventListener("beforeprint", () => {
  for (const chart of liveCharts()) chart.resize(680, chart.height);
});
window.addEventListener("afterprint", () => {
  for (const chart of liveCharts()) chart.resize();
});
window.addEventListener("popstate", () => {
  returnFocus = undefined;
  void render(parseView(location), true);
});
void render(parseView(location));
