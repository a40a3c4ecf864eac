// Host organisations (`/manage/hosts`): the list with a search by name, a form to add one, and
// the same form to edit one (`?edit=<id>`).
import "./manage.css";

import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { field, formElement, onSubmit, valuesOf } from "../../forms";
import { formatNumber, words } from "../../i18n";
import { hostTypeName } from "../../labels";
import type { Page, PageContext } from "../../page";
import { urlOf, type View } from "../../state";
import {
  countyLabel,
  type Host,
  HOST_FIELDS,
  hosts,
  orNull,
  redraw,
  savedLine,
  type Subregion,
  subregionLabel,
  subregions,
} from "./common";
import { manageNav } from "./nav";

const w = words(
  {
    title: "Organizacje goszczące",
    searchLabel: "Szukaj po nazwie",
    search: "Szukaj",
    showAll: "Pokaż wszystkie",
    count: "Organizacji: {n}",
    countFor: "Organizacji z „{q}” w nazwie: {n}",
    none: "Nie ma takich organizacji.",
    name: "Nazwa",
    type: "Rodzaj",
    operator: "Prowadzący",
    operatorHint: "Gdy prowadzi ją inny podmiot, np. Caritas Diecezji Siedleckiej.",
    county: "Powiat",
    noCounty: "— bez powiatu —",
    description: "Opis",
    edit: "Edytuj",
    editLabel: "Edytuj: {name}",
    add: "Dodaj organizację",
    addTitle: "Nowa organizacja goszcząca",
    editTitle: "Edycja: {name}",
    save: "Zapisz zmiany",
    back: "Wróć do listy",
    added: "Dodano organizację „{name}”.",
    saved: "Zapisano zmiany organizacji „{name}”.",
    choose: "— wybierz —",
  },
  {
    title: "Host organisations",
    searchLabel: "Search by name",
    search: "Search",
    showAll: "Show all",
    count: "Organisations: {n}",
    countFor: "Organisations with “{q}” in the name: {n}",
    none: "There are no such organisations.",
    name: "Name",
    type: "Kind",
    operator: "Run by",
    operatorHint: "When another body runs it, e.g. Caritas Diecezji Siedleckiej.",
    county: "County",
    noCounty: "— no county —",
    description: "Description",
    edit: "Edit",
    editLabel: "Edit: {name}",
    add: "Add the organisation",
    addTitle: "New host organisation",
    editTitle: "Editing: {name}",
    save: "Save changes",
    back: "Back to the list",
    added: "The organisation “{name}” was added.",
    saved: "The changes of “{name}” were saved.",
    choose: "— choose —",
  },
);

const TYPES = [
  "SOCIAL_COOPERATIVE",
  "ZAZ",
  "WTZ",
  "CIS",
  "KIS",
  "PRISON",
  "OWES",
  "WUP",
  "PUP",
  "LOCAL_GOVERNMENT",
  "NGO",
  "BUSINESS",
  "OTHER",
];

const HOST = /* GraphQL */ `
  query ManageHost($id: ID!) {
    organization(id: $id) {
      ...ManageHost
    }
  }
  ${HOST_FIELDS}
`;

const CREATE = /* GraphQL */ `
  mutation CreateOrganization($input: OrganizationInput!) {
    createOrganization(input: $input) {
      id
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation UpdateOrganization($id: ID!, $input: OrganizationUpdateInput!) {
    updateOrganization(id: $id, input: $input) {
      id
    }
  }
`;

const listView = (context: PageContext, search?: string): View => ({
  ...context.view,
  options: search ? { search } : {},
});

function hostForm(context: PageContext, regions: Subregion[], host: Host | null) {
  const prefix = host ? "host-edit" : "host-new";
  const form = formElement({ class: "host-form", "aria-labelledby": `${prefix}-title` });
  const counties = regions.flatMap((s) =>
    s.counties.map((c) => ({ value: c.teryt, label: `${countyLabel(c)} (${subregionLabel(s)})` })),
  );
  form.append(
    field(prefix, {
      name: "name",
      label: w("name"),
      required: true,
      value: host?.name,
      attrs: { maxlength: "200" },
    }),
    field(prefix, {
      name: "type",
      label: w("type"),
      type: "select",
      required: true,
      value: host?.type ?? "",
      choices: [
        { value: "", label: w("choose") },
        ...TYPES.map((type) => ({ value: type, label: hostTypeName(type) })),
      ],
    }),
    field(prefix, {
      name: "operator",
      label: w("operator"),
      hint: w("operatorHint"),
      value: host?.operator ?? "",
      attrs: { maxlength: "200" },
    }),
    field(prefix, {
      name: "countyTeryt",
      label: w("county"),
      type: "select",
      value: host?.county?.teryt ?? "",
      choices: [{ value: "", label: w("noCounty") }, ...counties],
    }),
    field(prefix, {
      name: "description",
      label: w("description"),
      type: "textarea",
      value: host?.description ?? "",
      attrs: { maxlength: "5000" },
    }),
  );
  const button = form.appendChild(
    el(
      "button",
      { type: "submit", class: "primary", id: `${prefix}-submit` },
      host ? w("save") : w("add"),
    ),
  );
  onSubmit(form, button, async (values) => {
    const input = {
      name: values["name"],
      type: values["type"],
      operator: orNull(values["operator"]),
      countyTeryt: orNull(values["countyTeryt"]),
      description: orNull(values["description"]),
    };
    if (host) await graphql(UPDATE, { id: host.id, input });
    else await graphql(CREATE, { input });
    const message = w(host ? "saved" : "added", { name: input.name! });
    redraw({ go: context.go, view: listView(context, context.view.options["search"]) }, message);
  });
  return form;
}

function searchForm(context: PageContext, search: string) {
  const form = formElement({ class: "host-search", role: "search" });
  form.append(
    field("hosts", { name: "search", label: w("searchLabel"), type: "search", value: search }),
  );
  const row = form.appendChild(el("div", { class: "manage-actions" }));
  row.append(el("button", { type: "submit", id: "hosts-search-submit" }, w("search")));
  if (search) {
    row.append(el("a", { href: urlOf(listView(context)) }, w("showAll")));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.go(listView(context, valuesOf(form)["search"]));
  });
  return form;
}

function hostTable(context: PageContext, list: Host[]) {
  const columns = [w("name"), w("type"), w("county"), w("operator"), w("edit")];
  const { wrap, body } = dataTable(w("title"), columns, { className: "host-list" });
  for (const host of list) {
    const tr = body.appendChild(el("tr", { "data-host": host.id }));
    tr.append(
      el("th", { scope: "row" }, host.name),
      el("td", {}, hostTypeName(host.type)),
      el("td", {}, host.county?.name ?? "—"),
      el("td", {}, host.operator ?? "—"),
    );
    const options = { ...context.view.options, edit: host.id };
    tr.appendChild(el("td")).append(
      el(
        "a",
        {
          class: "cell-link",
          href: urlOf({ ...context.view, options }),
          "aria-label": w("editLabel", { name: host.name }),
        },
        w("edit"),
      ),
    );
  }
  return wrap;
}

const page: Page = async (context) => {
  const { view, main } = context;
  const search = view.options["search"] ?? "";
  const editing = view.options["edit"];
  const [regions, list, host] = await Promise.all([
    subregions(),
    hosts(search),
    editing
      ? graphql<{ organization: Host | null }>(HOST, { id: editing }).then((d) => d.organization)
      : null,
  ]);
  main.append(manageNav(view, "hosts"), el("h1", {}, w("title")), savedLine());
  if (host) {
    const section = main.appendChild(el("section", { class: "manage-section" }));
    const back = el("p");
    back.append(el("a", { href: urlOf(listView(context, search)) }, w("back")));
    section.append(
      el("h2", { id: "host-edit-title" }, w("editTitle", { name: host.name })),
      hostForm(context, regions, host),
      back,
    );
  }
  // The form to add one is below the list: a link that takes the focus there.
  const toAdd = el("a", { class: "button", href: "#host-new-name" }, w("addTitle"));
  toAdd.addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("host-new-name")?.focus();
  });
  main.appendChild(el("p", { class: "manage-actions" })).append(toAdd);
  main.append(searchForm(context, search));
  const n = formatNumber(list.length);
  main.append(
    el("p", { role: "status" }, search ? w("countFor", { q: search, n }) : w("count", { n })),
  );
  if (list.length) main.append(hostTable(context, list));
  else main.append(el("p", {}, w("none")));
  const add = main.appendChild(el("section", { class: "manage-section" }));
  add.append(el("h2", { id: "host-new-title" }, w("addTitle")), hostForm(context, regions, null));
};

export default page;
