// The coordinator pages' own navigation: the sections (visits, hosts, forms, users) and, on a
// visit's pages, the steps of running it (programme, registrations, check-in, invitations, summary).
import "./nav.css";

import { el } from "../../dom";
import { words } from "../../i18n";
import { storedSession } from "../../session";
import { type PageName, urlOf, type View } from "../../state";

const w = words(
  {
    sections: "Prowadzenie wizyt",
    manage: "Wizyty",
    hosts: "Organizacje goszczące",
    forms: "Formularze ankiet",
    users: "Użytkownicy",
    audit: "Dziennik zdarzeń",
    steps: "Etapy wizyty",
    "manage-visit": "Wizyta i program",
    registrations: "Zgłoszenia",
    checkin: "Obecność",
    invitations: "Ankiety i kody QR",
    summary: "Podsumowanie dyskusji",
  },
  {
    sections: "Running visits",
    manage: "Visits",
    hosts: "Host organisations",
    forms: "Feedback forms",
    users: "Users",
    audit: "Audit log",
    steps: "Steps of the visit",
    "manage-visit": "Visit and programme",
    registrations: "Registrations",
    checkin: "Check-in",
    invitations: "Feedback and QR codes",
    summary: "Discussion summary",
  },
);

type Section = "manage" | "hosts" | "forms" | "users" | "audit";
type Step = "manage-visit" | "registrations" | "checkin" | "invitations" | "summary";
const STEPS: Step[] = ["manage-visit", "registrations", "checkin", "invitations", "summary"];

function linkList(view: View, pages: PageName[], current?: PageName, id?: string) {
  const list = el("ul");
  for (const page of pages) {
    const link = el("a", { href: urlOf({ ...view, page, id, options: {} }) }, w(page as Section));
    if (page === current) link.setAttribute("aria-current", "page");
    list.appendChild(el("li")).append(link);
  }
  return list;
}

function links(view: View, label: string, pages: PageName[], current: PageName, id?: string) {
  const nav = el("nav", { class: "manage-nav", "aria-label": label });
  nav.append(linkList(view, pages, current, id));
  return nav;
}

/** The sections of the coordinator pages; "users" and "audit" only for ADMIN. */
export function manageNav(view: View, current: Section): HTMLElement {
  const admin = storedSession()?.role === "ADMIN";
  const pages: Section[] = [
    "manage",
    "hosts",
    "forms",
    ...(admin ? (["users", "audit"] as const) : []),
  ];
  return links(view, w("sections"), pages, current);
}

/** The steps of running one visit (`visitId`); "manage-visit" is its programme page. */
export function visitNav(view: View, visitId: string, current: Step): HTMLElement {
  return links(view, w("steps"), STEPS, current, visitId);
}

/** The steps after the programme as a plain list of links, for a visit's row in a table. */
export function visitStepLinks(view: View, visitId: string): HTMLElement {
  const list = linkList(view, STEPS.slice(1), undefined, visitId);
  list.className = "step-links";
  return list;
}
