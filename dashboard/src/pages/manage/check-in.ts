// Check-in at the door, made for a phone: a search box that narrows the list as one types, one
// tap per person, and the taps kept on the device until the service has them (attendance-queue).
import "./check-in.css";

import { el } from "../../dom";
import { formatDate, organiserToday, words } from "../../i18n";
import type { Page } from "../../page";
import { flush, listen, mark, type SyncState, unsent } from "./attendance-queue";
import { byName, type Person, SEATED, visitDay, visitTop } from "./visit-day";

const w = words(
  {
    heading: "Obecność",
    search: "Szukaj osoby",
    searchHint: "Imię, nazwisko lub instytucja; lista zawęża się w trakcie pisania.",
    present: "{n} z {total} obecnych",
    shown: "Pokazano {n} z {total} osób.",
    nobody: "Nikt nie pasuje do „{q}”.",
    noSeats: "Nikt nie ma jeszcze miejsca na tej wizycie.",
    tooEarly:
      "Obecność można zaznaczać od pierwszego dnia wizyty, {date}. Do tego czasu lista jest tylko do wglądu.",
    cancelled: "Wizyta została odwołana; obecności nie zaznacza się.",
    toggle: "Obecna/y",
    pending: "Czeka na wysłanie",
    saved: "Zapisano",
    retrying: "Nie wysłano — ponowimy: {message}",
    offline: "Nie wysłano (brak połączenia) — zapisano na tym urządzeniu, wyślemy samo",
    refused: "Nie zapisano: {message}",
    unknown: "Nie zaznaczono",
    list: "Osoby z miejscem",
    help: "Dotknij „Obecna/y”, aby zaznaczyć lub odznaczyć obecność. Zaznaczenia są zapisywane także bez połączenia i wysyłane, gdy wróci.",
  },
  {
    heading: "Check-in",
    search: "Find a person",
    searchHint: "Name or institution; the list narrows as you type.",
    present: "{n} of {total} present",
    shown: "Showing {n} of {total} people.",
    nobody: "Nobody matches “{q}”.",
    noSeats: "Nobody holds a seat at this visit yet.",
    tooEarly:
      "Attendance can be recorded from the visit's first day, {date}. Until then the list is for viewing only.",
    cancelled: "The visit was cancelled; attendance is not recorded.",
    toggle: "Present",
    pending: "Waiting to be sent",
    saved: "Saved",
    retrying: "Not sent — will retry: {message}",
    offline: "Not sent (no connection) — kept on this device, will be sent by itself",
    refused: "Not saved: {message}",
    unknown: "Not checked in",
    list: "People with a seat",
    help: "Tap “Present” to check a person in or out. Taps are kept without a connection and sent when it returns.",
  },
);

/** Lower case without accents, so that "lodz" finds "Łódź". */
const folded = (text: string) =>
  text.normalize("NFD").replace(/\p{M}/gu, "").replace(/ł/g, "l").replace(/Ł/g, "L").toLowerCase();

/** A tap's state in words: never by colour or icon alone. */
function stateText(sync: SyncState | undefined, kind: string): string {
  if (sync?.kind === "retrying") return sync.message ? w("retrying", sync) : w("offline");
  if (sync?.kind === "refused") return w("refused", sync);
  return w(kind as "pending" | "saved" | "unknown");
}

interface Row {
  person: Person;
  attended: boolean;
  item: HTMLLIElement;
  button: HTMLButtonElement;
  state: HTMLElement;
  haystack: string;
}

const page: Page = async ({ view, main }) => {
  const visit = await visitDay(view.id!);
  main.append(...visitTop(view, visit, "checkin", w("heading")));
  const people = visit.registrations.filter((r) => SEATED.has(r.status)).sort(byName);
  const open = visit.status !== "CANCELLED" && visit.startDate <= organiserToday();
  if (visit.status === "CANCELLED") main.append(el("p", { class: "notice" }, w("cancelled")));
  else if (!open) {
    main.append(
      el(
        "p",
        { class: "notice", id: "checkin-closed" },
        w("tooEarly", { date: formatDate(visit.startDate) }),
      ),
    );
  }
  if (!people.length) {
    main.append(el("p", {}, w("noSeats")));
    return;
  }

  const searchId = "checkin-search";
  const search = el("div", { class: "checkin-search" });
  const input = el("input", {
    type: "search",
    id: searchId,
    autocomplete: "off",
    "aria-describedby": `${searchId}-hint`,
    "aria-controls": "checkin-list",
  });
  search.append(
    el("label", { for: searchId }, w("search")),
    el("p", { class: "hint", id: `${searchId}-hint` }, w("searchHint")),
    input,
  );
  const count = el("p", { class: "checkin-count", role: "status" });
  const shown = el("p", { class: "visually-hidden", "aria-live": "polite" });
  const list = el("ul", { class: "checkin-list", id: "checkin-list", "aria-label": w("list") });
  const nobody = el("p", { hidden: "" });
  main.append(el("p", { class: "no-print" }, w("help")), search, count, list, nobody, shown);

  const queued = unsent();
  const rows = new Map<string, Row>();
  for (const person of people) {
    const item = el("li", { class: "checkin-person", "data-registration": person.id });
    const who = el("div", { class: "checkin-who" });
    who.append(
      el("span", { class: "checkin-name" }, person.participant.name),
      el("span", { class: "checkin-institution" }, person.institution),
    );
    const button = el("button", { type: "button", class: "checkin-toggle" });
    button.append(
      el("span", { class: "checkin-mark", "aria-hidden": "true" }),
      el("span", {}, w("toggle")),
      el("span", { class: "visually-hidden" }, `: ${person.participant.name}`),
    );
    const stateId = `checkin-state-${person.id}`;
    const state = el("span", { class: "checkin-state", id: stateId });
    button.setAttribute("aria-describedby", stateId);
    if (!open) button.disabled = true;
    item.append(who, button, state);
    list.append(item);
    const row: Row = {
      person,
      attended: queued[person.id] ?? person.status === "ATTENDED",
      item,
      button,
      state,
      haystack: folded(`${person.participant.name} ${person.institution}`),
    };
    rows.set(person.id, row);
    show(row, person.id in queued ? { kind: "pending" } : undefined);
    button.addEventListener("click", () => {
      row.attended = !row.attended;
      show(row, { kind: "pending" });
      mark(person.id, row.attended);
    });
  }

  function show(row: Row, sync: SyncState | undefined): void {
    row.button.setAttribute("aria-pressed", String(row.attended));
    row.item.classList.toggle("present", row.attended);
    const kind = sync?.kind ?? (row.person.status === "REGISTERED" ? "unknown" : "saved");
    row.item.dataset.sync = kind;
    row.state.textContent = stateText(sync, kind);
    recount();
  }

  function recount(): void {
    const present = [...rows.values()].filter((r) => r.attended).length;
    count.textContent = w("present", { n: present, total: rows.size });
  }

  const stop = listen((id, attended, sync) => {
    if (!list.isConnected) return stop();
    const row = rows.get(id);
    // A state for an older tap says nothing about the newest one.
    if (!row || row.attended !== attended) return;
    if (sync.kind === "refused") {
      row.attended = row.person.status === "ATTENDED";
    } else if (sync.kind === "saved") {
      row.person = { ...row.person, status: attended ? "ATTENDED" : "NO_SHOW" };
    }
    show(row, sync);
  });
  // Taps left from an earlier visit to this page (closed while offline) go out now, once the
  // page is on screen to show their state.
  if (Object.keys(queued).length) window.setTimeout(() => void flush(), 0);

  input.addEventListener("input", () => {
    const query = folded(input.value.trim());
    let visible = 0;
    for (const row of rows.values()) {
      const match = !query || row.haystack.includes(query);
      row.item.hidden = !match;
      if (match) visible++;
    }
    nobody.hidden = visible > 0;
    nobody.textContent = visible ? "" : w("nobody", { q: input.value.trim() });
    shown.textContent = query ? w("shown", { n: visible, total: rows.size }) : "";
  });
};

export default page;
