// What the pages for a visit's day share: the visit with its registrations, and the page's top
// (its heading with the visit's title, the dates and the steps of running the visit).
import "./visit-day.css";

import { graphql } from "../../api";
import { el } from "../../dom";
import { clearErrors, formElement, submitting } from "../../forms";
import { formatDates, lang } from "../../i18n";
import type { View } from "../../state";
import { visitNav } from "./nav";

export interface Person {
  id: string;
  status: "REGISTERED" | "WAITLISTED" | "ATTENDED" | "NO_SHOW" | "CANCELLED";
  institution: string;
  sector: string;
  waitlistPosition: number | null;
  createdAt: string;
  participant: { name: string; email: string };
}

export interface VisitDay {
  id: string;
  title: string;
  startDate: string;
  endDate: string;
  status: string;
  capacity: number;
  registrations: Person[];
}

const VISIT_DAY = /* GraphQL */ `
  query VisitDay($id: ID!) {
    visit(id: $id) {
      id
      title
      startDate
      endDate
      status
      capacity
      registrations {
        id
        status
        institution
        sector
        waitlistPosition
        createdAt
        participant {
          name
          email
        }
      }
    }
  }
`;

export async function visitDay(id: string): Promise<VisitDay> {
  return (await graphql<{ visit: VisitDay }>(VISIT_DAY, { id })).visit;
}

/** Those holding a seat, whether or not their attendance has been recorded. */
export const SEATED: ReadonlySet<Person["status"]> = new Set(["REGISTERED", "ATTENDED", "NO_SHOW"]);

/** A moment as the organiser's clock showed it: "3.12.2026, 09:15". */
export function formatWhen(iso: string): string {
  return new Intl.DateTimeFormat(lang() === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Europe/Warsaw",
  }).format(new Date(iso));
}

/** The heading "<step>: <visit>", the visit's dates and the steps' navigation. */
export function visitTop(
  view: View,
  visit: VisitDay,
  step: Parameters<typeof visitNav>[2],
  heading: string,
): HTMLElement[] {
  const h1 = el("h1", {}, `${heading}: ${visit.title}`);
  const dates = el(
    "p",
    { class: "visit-dates no-print" },
    formatDates(visit.startDate, visit.endDate),
  );
  return [h1, dates, visitNav(view, visit.id, step)];
}

/** Names compared as people read them: "Łukasz" after "Lech", case and accents aside. */
export const byName = (a: Person, b: Person) =>
  a.participant.name.localeCompare(b.participant.name, "pl");

export interface Confirmation {
  element: HTMLDialogElement;
  /**
   * Opens the dialog with `text`; `action` runs on "yes", its errors shown in the dialog's form
   * in the page's language. Focus goes back to `opener` when the dialog closes.
   */
  ask(text: string, opener: HTMLElement, action: () => Promise<void>): void;
}

/** A modal that asks before something that cannot be undone. */
export function confirmDialog(
  key: string,
  labels: { title: string; yes: string; no: string },
): Confirmation {
  const titleId = `${key}-confirm-title`;
  const textId = `${key}-confirm-text`;
  const element = el("dialog", {
    class: "confirm",
    "aria-labelledby": titleId,
    "aria-describedby": textId,
  });
  const form = formElement();
  const text = el("p", { id: textId });
  const yes = el("button", { type: "submit", class: "primary danger" }, labels.yes);
  const no = el("button", { type: "button" }, labels.no);
  const buttons = el("div", { class: "dialog-buttons" });
  buttons.append(yes, no);
  form.append(text, buttons);
  element.append(el("h2", { id: titleId }, labels.title), form);

  let action: (() => Promise<void>) | undefined;
  let opener: HTMLElement | undefined;
  no.addEventListener("click", () => element.close());
  element.addEventListener("close", () => {
    // The opener may be gone (its row redrawn): the page's main region takes the focus then.
    (opener?.isConnected ? opener : document.getElementById("main"))?.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!action) return;
    void submitting(form, yes, action).then((ok) => {
      if (!ok) return;
      element.close();
    });
  });
  return {
    element,
    ask(message, from, then) {
      text.textContent = message;
      opener = from;
      action = then;
      clearErrors(form);
      element.showModal();
      no.focus();
    },
  };
}
