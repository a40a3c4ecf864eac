// One visit for its coordinator (`/manage/visits/<id>`, or `new` to create one): its details,
// its status (open and close registration, completed, cancelled) and its programme of stops.
import "./manage.css";

import { graphql } from "../../api";
import { el } from "../../dom";
import { field, formElement, onSubmit, submitting } from "../../forms";
import { formatDate, formatDates, formatNumber, organiserToday, words } from "../../i18n";
import { statusName } from "../../labels";
import type { Page, PageContext } from "../../page";
import { urlOf } from "../../state";
import {
  countyLabel,
  hosts,
  lines,
  orNull,
  redraw,
  savedLine,
  type Subregion,
  subregionLabel,
  subregions,
} from "./common";
import { manageNav, visitNav } from "./nav";

const w = words(
  {
    newTitle: "Nowa wizyta",
    inSubregion: "podregion {name}",
    details: "Dane wizyty",
    title: "Tytuł",
    edition: "Edycja",
    editionHint: "Numer kolejnej edycji w cyklu, np. 3.",
    programme: "Program finansujący",
    programmeHint: "Np. Koordynacja ekonomii społecznej na Mazowszu.",
    organiser: "Organizator",
    subregion: "Podregion",
    choose: "— wybierz —",
    county: "Powiat",
    countyHint: "Opcjonalnie; powiaty wybranego podregionu.",
    noCounty: "— bez powiatu —",
    startDate: "Pierwszy dzień",
    endDate: "Ostatni dzień",
    endDateHint: "Ten sam co pierwszy dla wizyty jednodniowej.",
    mode: "Forma",
    ON_SITE: "Stacjonarna",
    ONLINE: "Online",
    capacity: "Liczba miejsc",
    capacityHint: "Kolejne zgłoszenia trafiają na listę rezerwową.",
    description: "Opis",
    whole: "Podaj liczbę całkowitą od {min} do {max}.",
    endDateRefused:
      "Ostatni dzień nie może być przed pierwszym, wizyta trwa najwyżej 31 dni, a przystanki muszą mieścić się w jej dniach.",
    countyRefused: "Ten powiat nie leży w wybranym podregionie.",
    capacityRefused: "Miejsc nie może być mniej niż już zajętych ({taken}).",
    dayRefused: "Ten dzień nie mieści się w terminie wizyty.",
    create: "Utwórz wizytę",
    save: "Zapisz zmiany",
    created: "Utworzono wizytę. Dodaj teraz jej program.",
    saved: "Zapisano zmiany.",
    statusTitle: "Status i zapisy",
    statusNow:
      "Status: {status}. Zajęte miejsca: {taken} z {capacity}, lista rezerwowa: {waitlist}.",
    final: "To status końcowy: nie można go już zmienić.",
    notEnded: "Jako zrealizowaną można ją oznaczyć od dnia po ostatnim dniu wizyty ({date}).",
    open: "Otwórz zapisy",
    close: "Zamknij zapisy",
    complete: "Oznacz jako zrealizowaną",
    cancel: "Odwołaj wizytę",
    opened: "Zapisy są otwarte: wizyta jest widoczna publicznie.",
    closed: "Zapisy są zamknięte: wizyta wróciła do planowanych.",
    completed: "Wizyta jest oznaczona jako zrealizowana.",
    cancelled: "Wizyta została odwołana.",
    cancelTitle: "Odwołać wizytę?",
    cancelText:
      "Odwołanie anuluje wszystkie zgłoszenia ({n}), także z listy rezerwowej; gdy wysyłka poczty jest włączona, osoby dostaną wiadomość. Odwołanej wizyty nie można przywrócić.",
    cancelYes: "Tak, odwołaj wizytę",
    cancelNo: "Nie, wróć",
    programmeTitle: "Program wizyty",
    noStops: "Program nie ma jeszcze przystanków.",
    stop: "Dzień {day} · {order}. {host}",
    remove: "Usuń",
    removeLabel: "Usuń: przystanek {order}, {host}",
    removed: "Usunięto przystanek.",
    up: "W górę",
    upLabel: "W górę: przystanek {order}, {host}",
    down: "W dół",
    downLabel: "W dół: przystanek {order}, {host}",
    moved: "Przystanek {host} jest teraz na miejscu {order}.",
    addStop: "Dodaj przystanek",
    day: "Dzień",
    dayChoice: "Dzień {n} — {date}",
    host: "Organizacja goszcząca",
    noHosts: "Nie ma jeszcze organizacji goszczących.",
    addHost: "Dodaj organizację goszczącą",
    topics: "Tematy",
    topicsHint: "Jeden temat w wierszu.",
    add: "Dodaj przystanek",
    added: "Dodano przystanek.",
  },
  {
    newTitle: "New visit",
    inSubregion: "subregion: {name}",
    details: "Details of the visit",
    title: "Title",
    edition: "Edition",
    editionHint: "The number of this edition in the series, e.g. 3.",
    programme: "Funding programme",
    programmeHint: "E.g. Koordynacja ekonomii społecznej na Mazowszu.",
    organiser: "Organiser",
    subregion: "Subregion",
    choose: "— choose —",
    county: "County",
    countyHint: "Optional; the counties of the chosen subregion.",
    noCounty: "— no county —",
    startDate: "First day",
    endDate: "Last day",
    endDateHint: "The same as the first for a one-day visit.",
    mode: "Mode",
    ON_SITE: "On site",
    ONLINE: "Online",
    capacity: "Seats",
    capacityHint: "Registrations beyond them join the waitlist.",
    description: "Description",
    whole: "Give a whole number from {min} to {max}.",
    endDateRefused:
      "The last day cannot be before the first, a visit lasts at most 31 days, and its stops must fit in its days.",
    countyRefused: "This county is not in the chosen subregion.",
    capacityRefused: "There cannot be fewer seats than are taken already ({taken}).",
    dayRefused: "This day is not within the visit's dates.",
    create: "Create the visit",
    save: "Save changes",
    created: "The visit was created. Now add its programme.",
    saved: "The changes were saved.",
    statusTitle: "Status and registration",
    statusNow: "Status: {status}. Seats taken: {taken} of {capacity}, waitlist: {waitlist}.",
    final: "This status is final: it cannot change any more.",
    notEnded: "It can be marked completed from the day after its last day ({date}).",
    open: "Open registration",
    close: "Close registration",
    complete: "Mark as completed",
    cancel: "Cancel the visit",
    opened: "Registration is open: the visit is public.",
    closed: "Registration is closed: the visit is planned again.",
    completed: "The visit is marked completed.",
    cancelled: "The visit was cancelled.",
    cancelTitle: "Cancel the visit?",
    cancelText:
      "Cancelling cancels every registration ({n}), the waitlist included; when e-mail is set up, those people are told. A cancelled visit cannot be restored.",
    cancelYes: "Yes, cancel the visit",
    cancelNo: "No, go back",
    programmeTitle: "Programme of the visit",
    noStops: "The programme has no stops yet.",
    stop: "Day {day} · {order}. {host}",
    remove: "Remove",
    removeLabel: "Remove: stop {order}, {host}",
    removed: "The stop was removed.",
    up: "Up",
    upLabel: "Up: stop {order}, {host}",
    down: "Down",
    downLabel: "Down: stop {order}, {host}",
    moved: "The stop {host} is now number {order}.",
    addStop: "Add a stop",
    day: "Day",
    dayChoice: "Day {n} — {date}",
    host: "Host organisation",
    noHosts: "There are no host organisations yet.",
    addHost: "Add a host organisation",
    topics: "Topics",
    topicsHint: "One topic a line.",
    add: "Add the stop",
    added: "The stop was added.",
  },
);

const VISIT_FIELDS = /* GraphQL */ `
  fragment ManageVisit on StudyVisit {
    id
    title
    edition
    programme
    organiser
    subregion {
      code
    }
    county {
      teryt
    }
    startDate
    endDate
    mode
    status
    capacity
    description
    registeredCount
    waitlistCount
    stops {
      order
      day
      topics
      host {
        id
        name
      }
    }
  }
`;

const VISIT = /* GraphQL */ `
  query ManageVisit($id: ID!) {
    visit(id: $id) {
      ...ManageVisit
    }
  }
  ${VISIT_FIELDS}
`;

const CREATE = /* GraphQL */ `
  mutation CreateVisit($input: VisitInput!) {
    createVisit(input: $input) {
      id
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation UpdateVisit($id: ID!, $input: VisitUpdateInput!) {
    updateVisit(id: $id, input: $input) {
      id
    }
  }
`;

const ADD_STOP = /* GraphQL */ `
  mutation AddVisitStop($visitId: ID!, $input: VisitStopInput!) {
    addVisitStop(visitId: $visitId, input: $input) {
      id
    }
  }
`;

const MOVE_STOP = /* GraphQL */ `
  mutation MoveVisitStop($visitId: ID!, $order: Int!, $toOrder: Int!) {
    moveVisitStop(visitId: $visitId, order: $order, toOrder: $toOrder) {
      id
    }
  }
`;

const REMOVE_STOP = /* GraphQL */ `
  mutation RemoveVisitStop($visitId: ID!, $order: Int!) {
    removeVisitStop(visitId: $visitId, order: $order) {
      id
    }
  }
`;

interface Stop {
  order: number;
  day: number;
  topics: string[];
  host: { id: string; name: string };
}

interface Visit {
  id: string;
  title: string;
  edition: number;
  programme: string;
  organiser: string;
  subregion: { code: string };
  county: { teryt: string } | null;
  startDate: string;
  endDate: string;
  mode: string;
  status: string;
  capacity: number;
  description: string | null;
  registeredCount: number;
  waitlistCount: number;
  stops: Stop[];
}

const LIMITS = { edition: [1, 1000], capacity: [1, 1000] } as const;

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function visitDays(visit: Visit): number {
  const ms = Date.parse(`${visit.endDate}T00:00:00Z`) - Date.parse(`${visit.startDate}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

function submitButton(text: string, id: string): HTMLButtonElement {
  return el("button", { type: "submit", class: "primary", id }, text);
}

/** The county choices of one subregion. */
function countyChoices(regions: Subregion[], code: string) {
  const counties = regions.find((s) => s.code === code)?.counties ?? [];
  return [
    { value: "", label: w("noCounty") },
    ...counties.map((c) => ({ value: c.teryt, label: countyLabel(c) })),
  ];
}

function detailsForm(context: PageContext, regions: Subregion[], visit: Visit | null) {
  const section = el("section", { class: "manage-section", "aria-labelledby": "visit-details" });
  section.append(el("h2", { id: "visit-details" }, w("details")));
  const form = section.appendChild(formElement({ class: "visit-form" }));
  const number = (name: "edition" | "capacity", value?: number) =>
    field("visit", {
      name,
      label: w(name),
      type: "number",
      required: true,
      value: value === undefined ? undefined : String(value),
      hint: w(`${name}Hint`),
      attrs: {
        min: String(LIMITS[name][0]),
        max: String(LIMITS[name][1]),
        step: "1",
        inputmode: "numeric",
      },
    });
  const subregion = field("visit", {
    name: "subregionCode",
    label: w("subregion"),
    type: "select",
    required: true,
    value: visit?.subregion.code ?? "",
    choices: [
      { value: "", label: w("choose") },
      ...regions.map((s) => ({ value: s.code, label: subregionLabel(s) })),
    ],
  });
  const county = field("visit", {
    name: "countyTeryt",
    label: w("county"),
    type: "select",
    hint: w("countyHint"),
    value: visit?.county?.teryt ?? "",
    choices: countyChoices(regions, visit?.subregion.code ?? ""),
  });
  const countySelect = county.querySelector("select")!;
  subregion.querySelector("select")!.addEventListener("change", (event) => {
    const code = (event.target as HTMLSelectElement).value;
    countySelect.replaceChildren(
      ...countyChoices(regions, code).map((c) => el("option", { value: c.value }, c.label)),
    );
  });
  const text = (name: "title" | "programme" | "organiser", hint?: string) =>
    field("visit", {
      name,
      label: w(name),
      required: true,
      hint,
      value: visit?.[name],
      attrs: { maxlength: "300" },
    });
  form.append(
    text("title"),
    number("edition", visit?.edition),
    text("programme", w("programmeHint")),
    text("organiser"),
    subregion,
    county,
    field("visit", {
      name: "startDate",
      label: w("startDate"),
      type: "date",
      required: true,
      value: visit?.startDate,
    }),
    field("visit", {
      name: "endDate",
      label: w("endDate"),
      type: "date",
      required: true,
      hint: w("endDateHint"),
      value: visit?.endDate,
    }),
    field("visit", {
      name: "mode",
      label: w("mode"),
      type: "select",
      value: visit?.mode ?? "ON_SITE",
      choices: ["ON_SITE", "ONLINE"].map((mode) => ({
        value: mode,
        label: w(mode as "ON_SITE" | "ONLINE"),
      })),
    }),
    number("capacity", visit?.capacity),
    field("visit", {
      name: "description",
      label: w("description"),
      type: "textarea",
      value: visit?.description ?? "",
      attrs: { maxlength: "10000" },
    }),
  );
  const button = form.appendChild(
    submitButton(visit ? w("save") : w("create"), visit ? "visit-save" : "visit-create"),
  );
  const wholeNumbers = (values: Record<string, string>) => {
    const errors: Record<string, string> = {};
    for (const name of ["edition", "capacity"] as const) {
      const [min, max] = LIMITS[name];
      const value = Number(values[name]);
      if (!(Number.isInteger(value) && value >= min && value <= max)) {
        errors[name] = w("whole", { min, max });
      }
    }
    return errors;
  };
  onSubmit(
    form,
    button,
    async (values) => {
      const input = {
        title: values["title"],
        edition: Number(values["edition"]),
        programme: values["programme"],
        organiser: values["organiser"],
        subregionCode: values["subregionCode"],
        countyTeryt: orNull(values["countyTeryt"]),
        startDate: values["startDate"],
        endDate: values["endDate"],
        mode: values["mode"],
        capacity: Number(values["capacity"]),
        description: orNull(values["description"]),
      };
      if (visit) {
        await graphql(UPDATE, { id: visit.id, input });
        return redraw(context, w("saved"));
      }
      const { createVisit } = await graphql<{ createVisit: { id: string } }>(CREATE, { input });
      redraw({ go: context.go, view: { ...context.view, id: createVisit.id } }, w("created"));
    },
    {
      check: wholeNumbers,
      messages: {
        endDate: w("endDateRefused"),
        countyTeryt: w("countyRefused"),
        capacity: w("capacityRefused", { taken: visit?.registeredCount ?? 0 }),
      },
    },
  );
  return section;
}

type Action = "open" | "close" | "complete" | "cancel";
const TARGET: Record<Action, string> = {
  open: "OPEN_FOR_REGISTRATION",
  close: "PLANNED",
  complete: "COMPLETED",
  cancel: "CANCELLED",
};
const DONE: Record<Action, "opened" | "closed" | "completed" | "cancelled"> = {
  open: "opened",
  close: "closed",
  complete: "completed",
  cancel: "cancelled",
};

/**
 * The changes of status the service accepts: COMPLETED and CANCELLED are final, and COMPLETED
 * only after the last day; registration opens from PLANNED and closes back to it.
 */
function actionsFor(visit: Visit, ended: boolean): Action[] {
  if (visit.status === "PLANNED")
    return ["open", ...(ended ? ["complete" as const] : []), "cancel"];
  if (visit.status === "OPEN_FOR_REGISTRATION") {
    return ["close", ...(ended ? ["complete" as const] : []), "cancel"];
  }
  return [];
}

function statusSection(context: PageContext, visit: Visit) {
  const section = el("section", { class: "manage-section", "aria-labelledby": "visit-status" });
  section.append(el("h2", { id: "visit-status" }, w("statusTitle")));
  section.append(
    el(
      "p",
      { class: "visit-status" },
      w("statusNow", {
        status: statusName(visit.status),
        taken: formatNumber(visit.registeredCount),
        capacity: formatNumber(visit.capacity),
        waitlist: formatNumber(visit.waitlistCount),
      }),
    ),
  );
  const ended = visit.endDate < organiserToday();
  const actions = actionsFor(visit, ended);
  if (actions.length === 0) {
    section.append(el("p", {}, w("final")));
    return section;
  }
  if (!ended) {
    section.append(el("p", {}, w("notEnded", { date: formatDate(addDays(visit.endDate, 1)) })));
  }
  const form = section.appendChild(formElement({ class: "status-form" }));
  const row = form.appendChild(el("div", { class: "manage-actions" }));
  const change = (action: Action, button: HTMLButtonElement) =>
    submitting(form, button, async () => {
      await graphql(UPDATE, { id: visit.id, input: { status: TARGET[action] } });
      redraw(context, w(DONE[action]));
    });
  for (const action of actions) {
    const button = row.appendChild(
      el("button", { type: "button", id: `visit-${action}` }, w(action)),
    );
    if (action === "open") button.classList.add("primary");
    if (action !== "cancel") {
      button.addEventListener("click", () => void change(action, button));
      continue;
    }
    const dialog = confirmDialog(visit, () => void change("cancel", button));
    section.append(dialog);
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", () => dialog.showModal());
  }
  return section;
}

function confirmDialog(visit: Visit, confirmed: () => void): HTMLDialogElement {
  const dialog = el("dialog", {
    class: "confirm",
    "aria-labelledby": "cancel-visit-title",
    "aria-describedby": "cancel-visit-text",
  });
  dialog.append(
    el("h2", { id: "cancel-visit-title" }, w("cancelTitle")),
    el(
      "p",
      { id: "cancel-visit-text" },
      w("cancelText", { n: formatNumber(visit.registeredCount + visit.waitlistCount) }),
    ),
  );
  const row = dialog.appendChild(el("div", { class: "manage-actions" }));
  const no = row.appendChild(
    el("button", { type: "button", id: "cancel-visit-no" }, w("cancelNo")),
  );
  const yes = row.appendChild(
    el("button", { type: "button", class: "danger", id: "cancel-visit-yes" }, w("cancelYes")),
  );
  no.addEventListener("click", () => dialog.close());
  yes.addEventListener("click", () => {
    dialog.close();
    confirmed();
  });
  return dialog;
}

type Run = (
  button: HTMLButtonElement,
  action: () => Promise<unknown>,
  message: string,
  focus?: string[],
) => void;

function stopItem(visit: Visit, stop: Stop, run: Run) {
  const item = el("li", { "data-stop": String(stop.order) });
  item.append(el("h3", {}, w("stop", { day: stop.day, order: stop.order, host: stop.host.name })));
  if (stop.topics.length) {
    const topics = item.appendChild(el("ul"));
    for (const topic of stop.topics) topics.append(el("li", {}, topic));
  }
  const row = item.appendChild(el("div", { class: "manage-actions" }));
  const button = (action: "up" | "down" | "remove") =>
    row.appendChild(
      el(
        "button",
        {
          type: "button",
          id: `stop-${stop.order}-${action}`,
          "aria-label": w(`${action}Label`, { order: stop.order, host: stop.host.name }),
        },
        w(action),
      ),
    );
  // A stop moves among the stops of its day (moveVisitStop keeps its day).
  const sameDay = (order: number) => visit.stops.find((s) => s.order === order)?.day === stop.day;
  for (const [action, to] of [
    ["up", stop.order - 1],
    ["down", stop.order + 1],
  ] as const) {
    if (!sameDay(to)) continue;
    const move = button(action);
    move.addEventListener("click", () =>
      run(
        move,
        () => graphql(MOVE_STOP, { visitId: visit.id, order: stop.order, toOrder: to }),
        w("moved", { host: stop.host.name, order: to }),
        [`stop-${to}-${action}`, `stop-${to}-${action === "up" ? "down" : "up"}`],
      ),
    );
  }
  const remove = button("remove");
  remove.addEventListener("click", () =>
    run(
      remove,
      () => graphql(REMOVE_STOP, { visitId: visit.id, order: stop.order }),
      w("removed"),
      ["stop-add"],
    ),
  );
  return item;
}

async function programmeSection(context: PageContext, visit: Visit) {
  const section = el("section", { class: "manage-section", "aria-labelledby": "programme-title" });
  section.append(el("h2", { id: "programme-title" }, w("programmeTitle")));
  const listForm = section.appendChild(formElement({ class: "programme-form" }));
  const run: Run = (button, action, message, focus) =>
    void submitting(listForm, button, async () => {
      await action();
      redraw(context, message, focus);
    });
  if (visit.stops.length === 0) listForm.append(el("p", {}, w("noStops")));
  else {
    const list = listForm.appendChild(el("ol", { class: "programme" }));
    for (const stop of visit.stops) list.append(stopItem(visit, stop, run));
  }
  section.append(el("h3", { id: "add-stop" }, w("addStop")));
  const hostList = await hosts();
  if (hostList.length === 0) {
    section.append(
      el("p", {}, w("noHosts")),
      el(
        "a",
        { href: urlOf({ ...context.view, page: "hosts", id: undefined, options: {} }) },
        w("addHost"),
      ),
    );
    return section;
  }
  const form = section.appendChild(
    formElement({ class: "stop-form", "aria-labelledby": "add-stop" }),
  );
  const days = visitDays(visit);
  form.append(
    field("stop", {
      name: "day",
      label: w("day"),
      type: "select",
      required: true,
      value: String(visit.stops.at(-1)?.day ?? 1),
      choices: Array.from({ length: days }, (_, i) => ({
        value: String(i + 1),
        label: w("dayChoice", { n: i + 1, date: formatDate(addDays(visit.startDate, i)) }),
      })),
    }),
    field("stop", {
      name: "hostId",
      label: w("host"),
      type: "select",
      required: true,
      value: "",
      choices: [
        { value: "", label: w("choose") },
        ...hostList.map((host) => ({ value: host.id, label: host.name })),
      ],
    }),
    field("stop", {
      name: "topics",
      label: w("topics"),
      type: "textarea",
      hint: w("topicsHint"),
    }),
  );
  const button = form.appendChild(submitButton(w("add"), "stop-add"));
  onSubmit(
    form,
    button,
    async (values) => {
      const input = {
        day: Number(values["day"]),
        hostId: values["hostId"],
        topics: lines(values["topics"]),
      };
      await graphql(ADD_STOP, { visitId: visit.id, input });
      redraw(context, w("added"), ["stop-add"]);
    },
    { messages: { day: w("dayRefused") } },
  );
  return section;
}

const page: Page = async (context) => {
  const { view, main } = context;
  const creating = view.id === "new";
  const [regions, visit] = await Promise.all([
    subregions(),
    creating ? null : graphql<{ visit: Visit }>(VISIT, { id: view.id }).then((d) => d.visit),
  ]);
  main.append(manageNav(view, "manage"));
  if (visit) main.append(visitNav(view, visit.id, "manage-visit"));
  main.append(el("h1", {}, visit ? visit.title : w("newTitle")));
  if (visit) {
    const region = regions.find((s) => s.code === visit.subregion.code);
    const where = region ? ` · ${w("inSubregion", { name: subregionLabel(region) })}` : "";
    main.append(
      el("p", { class: "visit-of" }, `${formatDates(visit.startDate, visit.endDate)}${where}`),
    );
  }
  main.append(savedLine());
  if (!visit) {
    main.append(detailsForm(context, regions, null));
    return;
  }
  main.append(statusSection(context, visit), await programmeSection(context, visit));
  main.append(detailsForm(context, regions, visit));
};

export default page;
