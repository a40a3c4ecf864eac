// The coordinator's list of visits, every status: where each stands (seats, waitlist) and the
// way to each step of running it.
import "./manage.css";

import { dataTable, el } from "../../dom";
import { field, formElement, valuesOf } from "../../forms";
import { formatNumber, words } from "../../i18n";
import { statusName } from "../../labels";
import type { Page, PageContext } from "../../page";
import { urlOf } from "../../state";
import { allNodes, shortDates } from "./common";
import { manageNav, visitStepLinks } from "./nav";

const w = words(
  {
    title: "Wizyty",
    count: "Wizyt: {n}",
    add: "Nowa wizyta",
    visit: "Wizyta",
    edition: "Edycja",
    dates: "Termin",
    status: "Status",
    seats: "Zajęte miejsca",
    seatsValue: "{taken} z {capacity}",
    waitlist: "Lista rezerwowa",
    steps: "Etapy",
    none: "Nie ma jeszcze żadnej wizyty.",
    noneWith: "Żadna wizyta nie ma tego statusu.",
    statusFilter: "Pokaż wizyty o statusie",
    anyStatus: "wszystkie",
    show: "Pokaż",
  },
  {
    title: "Visits",
    count: "Visits: {n}",
    add: "New visit",
    visit: "Visit",
    edition: "Edition",
    dates: "Dates",
    status: "Status",
    seats: "Seats taken",
    seatsValue: "{taken} of {capacity}",
    waitlist: "Waitlist",
    steps: "Steps",
    none: "There are no visits yet.",
    noneWith: "No visit has this status.",
    statusFilter: "Show visits with the status",
    anyStatus: "all",
    show: "Show",
  },
);

const VISITS = /* GraphQL */ `
  query ManageVisits($after: String, $filter: VisitFilter) {
    visits(first: 100, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          edition
          startDate
          endDate
          status
          capacity
          registeredCount
          waitlistCount
        }
      }
    }
  }
`;

interface VisitRow {
  id: string;
  title: string;
  edition: number;
  startDate: string;
  endDate: string;
  status: string;
  capacity: number;
  registeredCount: number;
  waitlistCount: number;
}

const STATUSES = ["PLANNED", "OPEN_FOR_REGISTRATION", "COMPLETED", "CANCELLED"];

function statusForm({ view, go }: PageContext, status: string) {
  const form = formElement({ class: "visit-status-filter", "aria-label": w("statusFilter") });
  form.append(
    field("manage-visits", {
      name: "status",
      label: w("statusFilter"),
      type: "select",
      value: status,
      choices: [
        { value: "", label: w("anyStatus") },
        ...STATUSES.map((s) => ({ value: s, label: statusName(s) })),
      ],
    }),
    el("button", { type: "submit", id: "manage-visits-show" }, w("show")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = valuesOf(form)["status"];
    go({ ...view, options: chosen ? { status: chosen } : {} });
  });
  return form;
}

const page: Page = async (context) => {
  const { view, main } = context;
  const status = STATUSES.includes(view.options["status"] ?? "") ? view.options["status"]! : "";
  // Every visit: a coordinator needs them all, and there are a few hundred at most.
  const visits = await allNodes<VisitRow>(VISITS, "visits", {
    filter: status ? { status } : null,
  });
  main.append(manageNav(view, "manage"), el("h1", {}, w("title")));
  const actions = main.appendChild(el("p", { class: "manage-actions" }));
  actions.append(
    el(
      "a",
      { class: "button", href: urlOf({ ...view, page: "manage-visit", id: "new", options: {} }) },
      w("add"),
    ),
  );
  main.append(
    statusForm(context, status),
    el("p", { role: "status" }, w("count", { n: formatNumber(visits.length) })),
  );
  if (visits.length === 0) {
    main.append(el("p", {}, status ? w("noneWith") : w("none")));
    return;
  }
  const { wrap, body } = dataTable(
    w("title"),
    [
      { text: w("visit") },
      { text: w("edition"), num: true },
      { text: w("dates") },
      { text: w("status") },
      { text: w("seats"), num: true },
      { text: w("waitlist"), num: true },
      { text: w("steps") },
    ],
    { className: "visit-list manage-visits" },
  );
  main.append(wrap);
  for (const visit of visits) {
    const tr = body.appendChild(el("tr", { "data-visit": visit.id }));
    tr.appendChild(el("th", { scope: "row" })).append(
      el(
        "a",
        { href: urlOf({ ...view, page: "manage-visit", id: visit.id, options: {} }) },
        visit.title,
      ),
    );
    tr.append(
      el("td", { class: "num" }, String(visit.edition)),
      el("td", {}, shortDates(visit)),
      el("td", {}, statusName(visit.status)),
      el(
        "td",
        { class: "num" },
        w("seatsValue", {
          taken: formatNumber(visit.registeredCount),
          capacity: formatNumber(visit.capacity),
        }),
      ),
      el("td", { class: "num" }, formatNumber(visit.waitlistCount)),
    );
    tr.appendChild(el("td")).append(visitStepLinks(view, visit.id));
  }
};

export default page;
