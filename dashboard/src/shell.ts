// The frame around every page: skip link, header with navigation, language, print and sign-out,
// the filter form, and the report header that only paper shows.
import { el } from "./dom";
import { formatMonth, type Key, lang, t } from "./i18n";
import { sectorName, SECTORS, subregionName, SUBREGIONS } from "./reference";
import type { Session } from "./session";
import {
  ANALYTICS_PAGES,
  COORDINATOR_PAGES,
  type Filters,
  type PageName,
  parseView,
  urlOf,
  type View,
} from "./state";

const NAV: [PageName, Key][] = [
  ["overview", "navOverview"],
  ["subregions", "navSubregions"],
  ["needs", "navNeeds"],
  ["trends", "navTrends"],
  ["visits", "navVisits"],
];

export interface ShellActions {
  go(view: View, replace?: boolean): void;
  signOut(): void;
}

/** Programmes to choose from and the title of the filtered visit, when known. */
export interface FilterChoices {
  programmes: string[];
  visitTitle?: string;
}

export function renderShell(
  root: HTMLElement,
  view: View,
  session: Session,
  choices: FilterChoices,
  actions: ShellActions,
): HTMLElement {
  root.replaceChildren();
  root.append(el("a", { class: "skip-link", href: "#main" }, t("skip")));

  const header = el("header", { class: "top" });
  const brand = el(
    "a",
    { class: "brand", href: urlOf({ ...view, page: "overview", options: {} }) },
    "Wizyty",
  );
  const nav = el("nav", { "aria-label": t("navLabel") });
  const list = nav.appendChild(el("ul"));
  const current =
    view.page === "visit" ? "visits" : COORDINATOR_PAGES.has(view.page) ? "manage" : view.page;
  const nav_: [PageName, Key][] =
    session.role === "ANALYST" ? NAV : [...NAV, ["manage", "navManage"]];
  for (const [page, key] of nav_) {
    const link = el("a", { href: urlOf({ ...view, page, id: undefined, options: {} }) }, t(key));
    if (page === current) link.setAttribute("aria-current", "page");
    list.appendChild(el("li")).append(link);
  }
  const explorer = el("a", { href: "/explorer" }, t("navExplorer"));
  list.appendChild(el("li")).append(explorer);

  const tools = el("div", { class: "tools" });
  tools.append(
    el("span", { class: "who" }, `${t("signedInAs")} ${session.email} (${session.role})`),
  );
  const account = el(
    "a",
    { href: urlOf({ ...view, page: "account", id: undefined, options: {} }) },
    t("account"),
  );
  if (view.page === "account") account.setAttribute("aria-current", "page");
  tools.append(account);
  const print = el("button", { type: "button" }, t("print"));
  print.addEventListener("click", () => window.print());
  const signOut = el("button", { type: "button" }, t("signOut"));
  signOut.addEventListener("click", actions.signOut);
  tools.append(langSwitch(view), print, signOut);
  header.append(brand, nav, tools);
  root.append(header);

  root.append(printHeader(view));
  if (ANALYTICS_PAGES.has(view.page)) root.append(filterForm(view, choices, actions));
  const main = el("main", { id: "main", tabindex: "-1" });
  root.append(main);
  interceptLinks(root, actions.go);
  return main;
}

/** The link to the same view in the other language. */
export function langSwitch(view: View): HTMLAnchorElement {
  const other = lang() === "pl" ? "en" : "pl";
  const link = el(
    "a",
    { class: "button", href: urlOf({ ...view, lang: other }), lang: other, hreflang: other },
    t("switchLang"),
  );
  link.setAttribute("aria-label", t("switchLangLabel"));
  return link;
}

/**
 * The frame of the public pages (upcoming editions, registration): skip link, a header with the
 * language switch and the staff sign-in link, no navigation and no filters.
 */
export function renderPublicShell(
  root: HTMLElement,
  view: View,
  actions: Pick<ShellActions, "go">,
): HTMLElement {
  root.replaceChildren();
  root.append(el("a", { class: "skip-link", href: "#main" }, t("skip")));
  const header = el("header", { class: "top public" });
  const brand = el(
    "a",
    { class: "brand", href: urlOf({ ...view, page: "editions", id: undefined, options: {} }) },
    "Wizyty",
  );
  const tools = el("div", { class: "tools" });
  tools.append(
    langSwitch(view),
    el(
      "a",
      { href: urlOf({ ...view, page: "signin", id: undefined, options: {} }) },
      t("staffSignIn"),
    ),
  );
  header.append(brand, tools);
  const main = el("main", { id: "main", tabindex: "-1" });
  root.append(header, main);
  interceptLinks(root, actions.go);
  return main;
}

/** Same-origin links open their view without reloading the page. */
function interceptLinks(root: HTMLElement, go: ShellActions["go"]): void {
  root.addEventListener("click", (event) => {
    const link = (event.target as HTMLElement).closest("a");
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.ctrlKey ||
      event.metaKey ||
      event.shiftKey
    )
      return;
    const url = new URL(link.href, location.href);
    if (
      url.origin !== location.origin ||
      url.pathname === "/explorer" ||
      link.hasAttribute("download")
    )
      return;
    if (link.classList.contains("skip-link")) return;
    event.preventDefault();
    go(parseView(url));
  });
}

export function describeFilters(filters: Filters): string {
  const parts: string[] = [];
  if (filters.from || filters.to)
    parts.push(
      `${filters.from ? formatMonth(filters.from) : "…"} – ${filters.to ? formatMonth(filters.to) : "…"}`,
    );
  if (filters.subregions.length)
    parts.push(`${t("subregionsFilter")}: ${filters.subregions.map(subregionName).join(", ")}`);
  if (filters.sectors.length)
    parts.push(`${t("sectorsFilter")}: ${filters.sectors.map(sectorName).join(", ")}`);
  if (filters.programme) parts.push(`${t("programme")}: ${filters.programme}`);
  if (filters.visit) parts.push(`${t("visit")}: ${filters.visit}`);
  return parts.length ? parts.join("; ") : t("noFilters");
}

function printHeader(view: View): HTMLElement {
  const box = el("section", { class: "print-only print-header", "aria-hidden": "true" });
  box.append(el("p", { class: "print-title" }, t("appName")));
  box.append(el("p", {}, `${t("activeFilters")}: ${describeFilters(view.filters)}`));
  const stamp = new Intl.DateTimeFormat(lang() === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
  }).format(new Date());
  box.append(el("p", { class: "data-date" }, t("dataAsOf", { date: stamp })));
  return box;
}

function checkboxGroup(
  name: string,
  legend: string,
  items: { value: string; label: string }[],
  selected: string[],
): HTMLElement {
  const details = el("details", { class: "choice" });
  const count = selected.length ? ` (${selected.length})` : ` (${t("all")})`;
  details.append(el("summary", {}, legend + count));
  const fieldset = details.appendChild(el("fieldset"));
  fieldset.append(el("legend", { class: "visually-hidden" }, legend));
  for (const item of items) {
    const id = `${name}-${item.value}`;
    const input = el("input", { type: "checkbox", name, value: item.value, id });
    input.checked = selected.includes(item.value);
    const wrap = fieldset.appendChild(el("div", { class: "check" }));
    wrap.append(input, el("label", { for: id }, item.label));
  }
  return details;
}

function filterForm(view: View, choices: FilterChoices, actions: ShellActions): HTMLElement {
  const { filters } = view;
  const form = el("form", { class: "filters", "aria-label": t("filters"), role: "search" });
  form.append(el("h2", { class: "visually-hidden" }, t("filters")));
  const month = (name: "from" | "to") => {
    const wrap = el("div", { class: "field" });
    const input = el("input", {
      type: "month",
      id: `filter-${name}`,
      name,
      min: "2015-01",
      max: "2035-12",
    });
    input.value = filters[name] ?? "";
    wrap.append(el("label", { for: input.id }, t(name)), input);
    return wrap;
  };
  form.append(month("from"), month("to"));
  form.append(
    checkboxGroup(
      "subregion",
      t("subregionsFilter"),
      SUBREGIONS.map((s) => ({ value: s.code, label: `${subregionName(s.code)} (${s.code})` })),
      filters.subregions,
    ),
    checkboxGroup(
      "sector",
      t("sectorsFilter"),
      SECTORS.map((s) => ({ value: s.code, label: sectorName(s.code) })),
      filters.sectors,
    ),
  );
  const programmeWrap = el("div", { class: "field" });
  const programme = el("select", { id: "filter-programme", name: "programme" });
  programme.append(el("option", { value: "" }, t("anyProgramme")));
  const programmes = new Set(choices.programmes);
  if (filters.programme) programmes.add(filters.programme);
  for (const name of [...programmes].sort()) {
    const option = el("option", { value: name }, name);
    option.selected = name === filters.programme;
    programme.append(option);
  }
  programmeWrap.append(el("label", { for: programme.id }, t("programme")), programme);
  form.append(programmeWrap);
  if (filters.visit) {
    const visitWrap = el("div", { class: "field visit-chip" });
    const box = el("input", {
      type: "checkbox",
      id: "filter-visit",
      name: "visit",
      value: filters.visit,
    });
    box.checked = true;
    visitWrap.append(
      box,
      el("label", { for: box.id }, `${t("visit")}: ${choices.visitTitle ?? filters.visit}`),
    );
    form.append(visitWrap);
  }
  const buttons = el("div", { class: "filter-buttons" });
  const apply = el("button", { type: "submit", class: "primary" }, t("apply"));
  const clear = el("button", { type: "button" }, t("clear"));
  buttons.append(apply, clear);
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (key: string) => (data.get(key) as string | null) || undefined;
    actions.go({
      ...view,
      filters: {
        from: text("from"),
        to: text("to"),
        subregions: data.getAll("subregion") as string[],
        sectors: data.getAll("sector") as string[],
        programme: text("programme"),
        visit: text("visit"),
      },
    });
  });
  clear.addEventListener("click", () =>
    actions.go({ ...view, filters: { subregions: [], sectors: [] } }),
  );
  return form;
}
