// A visit's registrations: who holds a seat, the waitlist in its order with each place shown, and
// the cancelled ones; a coordinator cancels a registration after confirming it.
import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { statusLine } from "../../forms";
import { formatNumber, words } from "../../i18n";
import type { Page } from "../../page";
import { sectorName } from "../../reference";
import {
  byName,
  confirmDialog,
  formatWhen,
  type Person,
  SEATED,
  visitDay,
  visitTop,
} from "./visit-day";

const w = words(
  {
    heading: "Zgłoszenia",
    seated: "Miejsca",
    waitlist: "Lista rezerwowa",
    cancelled: "Anulowane",
    seatsTaken: "Zajęte miejsca: {n} z {capacity}",
    waiting: "Na liście rezerwowej: {n}",
    cancelledCount: "Anulowane: {n}",
    counts: "Liczby zgłoszeń",
    none: "Brak.",
    position: "Miejsce w kolejce",
    name: "Imię i nazwisko",
    email: "E-mail",
    institution: "Instytucja",
    sector: "Sektor",
    status: "Status",
    createdAt: "Zgłoszenie",
    action: "Działanie",
    cancel: "Anuluj",
    cancelOf: "Anuluj zgłoszenie: {name}",
    confirmTitle: "Anulować zgłoszenie?",
    confirmText:
      "Zgłoszenie osoby {name} ({institution}) zostanie anulowane. Zwolnione miejsce dostanie pierwsza osoba z listy rezerwowej. Tego nie można cofnąć.",
    confirm: "Tak, anuluj zgłoszenie",
    keep: "Nie, zostaw",
    done: "Anulowano zgłoszenie: {name}.",
    REGISTERED: "Ma miejsce",
    WAITLISTED: "Lista rezerwowa",
    ATTENDED: "Obecna/obecny",
    NO_SHOW: "Nieobecna/nieobecny",
    CANCELLED: "Anulowane",
  },
  {
    heading: "Registrations",
    seated: "Seats",
    waitlist: "Waitlist",
    cancelled: "Cancelled",
    seatsTaken: "Seats taken: {n} of {capacity}",
    waiting: "On the waitlist: {n}",
    cancelledCount: "Cancelled: {n}",
    counts: "Registration counts",
    none: "None.",
    position: "Place in line",
    name: "Name",
    email: "E-mail",
    institution: "Institution",
    sector: "Sector",
    status: "Status",
    createdAt: "Registered",
    action: "Action",
    cancel: "Cancel",
    cancelOf: "Cancel the registration of {name}",
    confirmTitle: "Cancel the registration?",
    confirmText:
      "The registration of {name} ({institution}) will be cancelled. The freed seat goes to the first person on the waitlist. This cannot be undone.",
    confirm: "Yes, cancel the registration",
    keep: "No, keep it",
    done: "Cancelled the registration of {name}.",
    REGISTERED: "Has a seat",
    WAITLISTED: "Waitlist",
    ATTENDED: "Attended",
    NO_SHOW: "Did not come",
    CANCELLED: "Cancelled",
  },
);

const CANCEL = /* GraphQL */ `
  mutation CancelRegistration($id: ID!) {
    cancelRegistration(id: $id) {
      id
      status
    }
  }
`;

type Column = "position" | "name" | "email" | "institution" | "sector" | "status" | "createdAt";

function cell(person: Person, column: Column): string {
  switch (column) {
    case "position":
      return formatNumber(person.waitlistPosition ?? 0);
    case "name":
      return person.participant.name;
    case "email":
      return person.participant.email;
    case "institution":
      return person.institution;
    case "sector":
      return sectorName(person.sector);
    case "status":
      return w(person.status);
    case "createdAt":
      return formatWhen(person.createdAt);
  }
}

const page: Page = async ({ view, main }) => {
  const id = view.id!;
  const status = statusLine();
  const dialog = confirmDialog("cancel", {
    title: w("confirmTitle"),
    yes: w("confirm"),
    no: w("keep"),
  });
  const body = el("div");

  async function draw(): Promise<void> {
    const visit = await visitDay(id);
    const seated = visit.registrations.filter((r) => SEATED.has(r.status)).sort(byName);
    const waiting = visit.registrations
      .filter((r) => r.status === "WAITLISTED")
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    const cancelled = visit.registrations.filter((r) => r.status === "CANCELLED").sort(byName);

    const counts = el("ul", { class: "day-counts", "aria-label": w("counts") });
    for (const text of [
      w("seatsTaken", { n: seated.length, capacity: visit.capacity }),
      w("waiting", { n: waiting.length }),
      w("cancelledCount", { n: cancelled.length }),
    ])
      counts.append(el("li", {}, text));

    const cancellable = (person: Person) =>
      person.status === "REGISTERED" || person.status === "WAITLISTED";
    const columns: Column[] = ["name", "email", "institution", "sector", "status", "createdAt"];
    body.replaceChildren(
      ...visitTop(view, visit, "registrations", w("heading")),
      status,
      counts,
      table("seated", w("seated"), seated, columns, cancellable),
      table(
        "waitlist",
        w("waitlist"),
        waiting,
        ["position", ...columns.filter((c) => c !== "status")],
        cancellable,
      ),
      table("cancelled", w("cancelled"), cancelled, columns, () => false),
    );
  }

  function table(
    key: string,
    caption: string,
    people: Person[],
    columns: Column[],
    cancellable: (person: Person) => boolean,
  ): HTMLElement {
    const section = el("section", {
      class: `registrations-${key}`,
      "aria-labelledby": `reg-${key}`,
    });
    section.append(el("h2", { id: `reg-${key}` }, `${caption} (${people.length})`));
    if (!people.length) {
      section.append(el("p", {}, w("none")));
      return section;
    }
    const { wrap, body: rows } = dataTable(
      caption,
      [...columns.map((column) => w(column)), w("action")],
      { className: "registrations", hideCaption: true },
    );
    section.append(wrap);
    for (const person of people) {
      const row = rows.appendChild(el("tr", { "data-registration": person.id }));
      for (const column of columns) {
        const text = cell(person, column);
        row.append(
          column === "name"
            ? el("th", { scope: "row" }, text)
            : el("td", column === "position" ? { class: "num" } : {}, text),
        );
      }
      const action = row.appendChild(el("td"));
      if (cancellable(person)) {
        const button = el("button", { type: "button", class: "cancel-registration" }, w("cancel"));
        button.setAttribute("aria-label", w("cancelOf", { name: person.participant.name }));
        button.addEventListener("click", () =>
          dialog.ask(
            w("confirmText", { name: person.participant.name, institution: person.institution }),
            button,
            () => cancel(person),
          ),
        );
        action.append(button);
      }
    }
    return section;
  }

  async function cancel(person: Person): Promise<void> {
    await graphql(CANCEL, { id: person.id });
    await draw();
    status.textContent = w("done", { name: person.participant.name });
  }

  await draw();
  main.append(body, dialog.element);
};

export default page;
