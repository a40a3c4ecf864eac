// The audit log (ADMIN only): every change and every staff read of personal data, newest first,
// filtered by user, kind and dates, a page at a time. The filters and the page live in the URL.
import "./manage.css";

import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { field, formElement, onSubmit } from "../../forms";
import { formatNumber, lang, words } from "../../i18n";
import type { Page } from "../../page";
import { storedSession } from "../../session";
import { urlOf, type View } from "../../state";
import { manageNav } from "./nav";

const w = words(
  {
    title: "Dziennik zdarzeń",
    adminsOnly: "Tę stronę widzą tylko administratorzy.",
    intro:
      "Każda zmiana danych (także zgłoszenia i ankiety uczestników) i każde odczytanie danych osobowych przez pracowników. Dziennik zawiera tylko identyfikatory, bez imion, nazwisk i adresów e-mail uczestników.",
    filters: "Filtry dziennika",
    user: "Użytkownik",
    anyUser: "Każdy",
    anonymous: "Anonimowy (publiczny)",
    kind: "Rodzaj",
    anyKind: "Każdy",
    CHANGE: "Zmiana",
    PERSONAL_DATA_ACCESS: "Odczyt danych osobowych",
    since: "Od dnia",
    until: "Do dnia (włącznie)",
    badRange: "Data końcowa nie może być wcześniejsza niż początkowa.",
    show: "Pokaż",
    count: "Zdarzeń pasujących do filtrów: {n}.",
    none: "Brak zdarzeń pasujących do filtrów.",
    list: "Zdarzenia, od najnowszych",
    at: "Kiedy",
    who: "Kto",
    what: "Co",
    ids: "Identyfikatory",
    personal: "Dane osobowe",
    from: "Skąd",
    outcome: "Wynik",
    OK: "OK",
    PENDING: "W toku lub przerwane",
    next: "Następna strona",
    first: "Pierwsza strona",
    pages: "Strony dziennika",
    ADMIN: "administrator",
    COORDINATOR: "koordynator",
    ANALYST: "analityk",
  },
  {
    title: "Audit log",
    adminsOnly: "Only administrators can see this page.",
    intro:
      "Every change of data (participants' registrations and feedback included) and every staff read of personal data. The log holds ids only, never participants' names or e-mails.",
    filters: "Audit log filters",
    user: "User",
    anyUser: "Anyone",
    anonymous: "Anonymous (public)",
    kind: "Kind",
    anyKind: "Any",
    CHANGE: "Change",
    PERSONAL_DATA_ACCESS: "Personal data read",
    since: "From",
    until: "To (inclusive)",
    badRange: "The end date cannot be before the start date.",
    show: "Show",
    count: "Events matching the filters: {n}.",
    none: "No events match the filters.",
    list: "Events, newest first",
    at: "When",
    who: "Who",
    what: "What",
    ids: "Ids",
    personal: "Personal data",
    from: "From where",
    outcome: "Outcome",
    OK: "OK",
    PENDING: "Running or interrupted",
    next: "Next page",
    first: "First page",
    pages: "Audit log pages",
    ADMIN: "administrator",
    COORDINATOR: "coordinator",
    ANALYST: "analyst",
  },
);

const AUDIT = /* GraphQL */ `
  query AuditPage($filter: AuditFilter, $after: String) {
    auditLog(first: 25, after: $after, filter: $filter) {
      edges {
        node {
          id
          at
          kind
          userId
          role
          operationName
          fields
          entityIds
          personalData
          clientAddress
          outcome
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
    users {
      id
      email
    }
  }
`;

interface AuditRow {
  id: string;
  at: string;
  kind: "CHANGE" | "PERSONAL_DATA_ACCESS";
  userId: string;
  role: "ADMIN" | "COORDINATOR" | "ANALYST" | null;
  operationName: string | null;
  fields: string[];
  entityIds: string[];
  personalData: string[];
  clientAddress: string;
  outcome: string;
}

interface AuditData {
  auditLog: {
    edges: { node: AuditRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
  users: { id: string; email: string }[];
}

const KINDS = ["CHANGE", "PERSONAL_DATA_ACCESS"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The URL's choices, each checked; `since` and `until` are days in the browser's time zone. */
function choicesOf(view: View) {
  const { user = "", kind = "", since = "", until = "", after = "" } = view.options;
  return {
    user,
    kind: (KINDS as readonly string[]).includes(kind) ? kind : "",
    since: DAY.test(since) ? since : "",
    until: DAY.test(until) ? until : "",
    after,
  };
}

function apiFilter(choices: ReturnType<typeof choicesOf>): Record<string, unknown> {
  const midnight = (day: string, plusDays = 0) => {
    const date = new Date(`${day}T00:00:00`);
    date.setDate(date.getDate() + plusDays);
    return date.toISOString();
  };
  return {
    ...(choices.user ? { userId: choices.user } : {}),
    ...(choices.kind ? { kind: choices.kind } : {}),
    ...(choices.since ? { from: midnight(choices.since) } : {}),
    ...(choices.until ? { to: midnight(choices.until, 1) } : {}),
  };
}

const when = (iso: string) =>
  new Date(iso).toLocaleString(lang() === "en" ? "en-GB" : "pl-PL", {
    dateStyle: "short",
    timeStyle: "medium",
  });

const page: Page = async ({ view, main, go }) => {
  main.append(manageNav(view, "audit"), el("h1", {}, w("title")));
  if (storedSession()?.role !== "ADMIN") {
    main.append(el("p", {}, w("adminsOnly")));
    return;
  }
  const choices = choicesOf(view);
  const { auditLog, users } = await graphql<AuditData>(AUDIT, {
    filter: apiFilter(choices),
    after: choices.after || null,
  });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  main.append(el("p", {}, w("intro")));

  const form = formElement({ class: "visit-status-filter", "aria-label": w("filters") });
  const button = el("button", { type: "submit" }, w("show"));
  form.append(
    field("audit", {
      name: "user",
      label: w("user"),
      type: "select",
      value: choices.user,
      choices: [
        { value: "", label: w("anyUser") },
        { value: "anonymous", label: w("anonymous") },
        ...users.map((user) => ({ value: user.id, label: user.email })),
      ],
    }),
    field("audit", {
      name: "kind",
      label: w("kind"),
      type: "select",
      value: choices.kind,
      choices: [
        { value: "", label: w("anyKind") },
        ...KINDS.map((kind) => ({ value: kind, label: w(kind) })),
      ],
    }),
    field("audit", { name: "since", label: w("since"), type: "date", value: choices.since }),
    field("audit", { name: "until", label: w("until"), type: "date", value: choices.until }),
    button,
  );
  onSubmit(
    form,
    button,
    async (values) => {
      const options = Object.fromEntries(
        ["user", "kind", "since", "until"].flatMap((key) =>
          values[key] ? [[key, values[key]]] : [],
        ),
      ) as Record<string, string>;
      go({ ...view, options });
    },
    {
      check: (values): Record<string, string> =>
        values.since && values.until && values.until < values.since ? { until: w("badRange") } : {},
    },
  );
  main.append(
    form,
    el("p", { role: "status" }, w("count", { n: formatNumber(auditLog.totalCount) })),
  );
  if (auditLog.edges.length === 0) {
    main.append(el("p", {}, w("none")));
    return;
  }

  const { wrap, body } = dataTable(w("list"), [
    w("at"),
    w("who"),
    w("what"),
    w("ids"),
    w("personal"),
    w("from"),
    w("outcome"),
  ]);
  for (const { node: event } of auditLog.edges) {
    const who =
      event.userId === "anonymous"
        ? w("anonymous")
        : `${emails.get(event.userId) ?? event.userId}${event.role ? ` (${w(event.role)})` : ""}`;
    const what = [w(event.kind), event.operationName, event.fields.join(", ")].filter(Boolean);
    const outcome =
      event.outcome === "OK" || event.outcome === "PENDING" ? w(event.outcome) : event.outcome;
    body
      .appendChild(el("tr", { "data-event": event.id }))
      .append(
        el("td", {}, when(event.at)),
        el("td", {}, who),
        el("td", {}, what.join(" · ")),
        el("td", { class: "audit-ids" }, event.entityIds.join(", ")),
        el("td", {}, event.personalData.join(", ")),
        el("td", {}, event.clientAddress),
        el("td", {}, outcome),
      );
  }
  main.append(wrap);

  const nav = main.appendChild(el("nav", { class: "manage-actions", "aria-label": w("pages") }));
  const { after: _after, ...rest } = view.options;
  if (choices.after) nav.append(el("a", { href: urlOf({ ...view, options: rest }) }, w("first")));
  if (auditLog.pageInfo.hasNextPage && auditLog.pageInfo.endCursor) {
    const next = { ...rest, after: auditLog.pageInfo.endCursor };
    nav.append(el("a", { href: urlOf({ ...view, options: next }), rel: "next" }, w("next")));
  }
};

export default page;
