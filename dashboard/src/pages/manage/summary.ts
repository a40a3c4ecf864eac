// The summary of a visit's closing discussion (`/manage/visits/<id>/summary`): what each sector
// said it needs and proposed, and the actions agreed, each with an owner and a due date. Saving
// replaces the stored summary, so the form opens with what was saved last.
import "./manage.css";

import { graphql } from "../../api";
import { el } from "../../dom";
import { field, formElement, onSubmit, valuesOf } from "../../forms";
import { formatDate, formatDates, lang, words } from "../../i18n";
import type { Page, PageContext } from "../../page";
import { SECTORS } from "../../reference";
import { lines, orNull, redraw, savedLine } from "./common";
import { manageNav, visitNav } from "./nav";

const w = words(
  {
    title: "Podsumowanie dyskusji",
    recorded: "Zapisane {date} przez {who}. Zapisanie formularza zastąpi to podsumowanie.",
    notRecorded: "Podsumowanie nie zostało jeszcze zapisane.",
    heldOn: "Dzień dyskusji",
    sectorsTitle: "Co mówiły sektory",
    sectorsHint: "Dalsze potrzeby i propozycje wsparcia uczestników z każdego sektora.",
    sectorRow: "Sektor {n}",
    sector: "Sektor",
    choose: "— wybierz —",
    needs: "Dalsze potrzeby",
    proposals: "Propozycje wsparcia",
    linesHint: "Jedna pozycja w wierszu.",
    notes: "Uwagi",
    removeSector: "Usuń sektor {n}",
    addSector: "Dodaj sektor",
    noSectors: "Nie dodano żadnego sektora.",
    actionsTitle: "Uzgodnione działania",
    actionRow: "Działanie {n}",
    description: "Działanie",
    owner: "Odpowiedzialny",
    ownerHint: "Instytucja lub rola, np. MCPS, OWES Siedlce.",
    dueDate: "Termin",
    actionSector: "Dotyczy sektora",
    anySector: "— wszystkich —",
    removeAction: "Usuń działanie {n}",
    addAction: "Dodaj działanie",
    noActions: "Nie dodano żadnego działania.",
    save: "Zapisz podsumowanie",
    saved: "Zapisano podsumowanie dyskusji.",
    twice: "Ten sektor jest już w podsumowaniu.",
    early: "Termin nie może być przed dniem dyskusji.",
  },
  {
    title: "Discussion summary",
    recorded: "Saved on {date} by {who}. Saving the form replaces this summary.",
    notRecorded: "No summary has been saved yet.",
    heldOn: "Day of the discussion",
    sectorsTitle: "What the sectors said",
    sectorsHint: "Further needs and support proposals of the participants from each sector.",
    sectorRow: "Sector {n}",
    sector: "Sector",
    choose: "— choose —",
    needs: "Further needs",
    proposals: "Support proposals",
    linesHint: "One item a line.",
    notes: "Notes",
    removeSector: "Remove sector {n}",
    addSector: "Add a sector",
    noSectors: "No sector has been added.",
    actionsTitle: "Agreed actions",
    actionRow: "Action {n}",
    description: "Action",
    owner: "Owner",
    ownerHint: "An institution or a role, e.g. MCPS, OWES Siedlce.",
    dueDate: "Due date",
    actionSector: "For the sector",
    anySector: "— all —",
    removeAction: "Remove action {n}",
    addAction: "Add an action",
    noActions: "No action has been added.",
    save: "Save the summary",
    saved: "The discussion summary was saved.",
    twice: "This sector is already in the summary.",
    early: "The due date cannot be before the discussion.",
  },
);

const SUMMARY = /* GraphQL */ `
  query ManageSummary($id: ID!) {
    visit(id: $id) {
      id
      title
      startDate
      endDate
      discussionSummary {
        heldOn
        perSector {
          sector
          needs
          supportProposals
          notes
        }
        actions {
          description
          owner
          dueDate
          sector
        }
        recordedBy
        updatedAt
      }
    }
  }
`;

const RECORD = /* GraphQL */ `
  mutation RecordDiscussionSummary($visitId: ID!, $input: DiscussionSummaryInput!) {
    recordDiscussionSummary(visitId: $visitId, input: $input) {
      id
    }
  }
`;

interface Summary {
  heldOn: string;
  perSector: {
    sector: string;
    needs: string[];
    supportProposals: string[];
    notes: string | null;
  }[];
  actions: { description: string; owner: string; dueDate: string; sector: string | null }[];
  recordedBy: string | null;
  updatedAt: string;
}

interface SummaryData {
  visit: { id: string; title: string; startDate: string; endDate: string } & {
    discussionSummary: Summary | null;
  };
}

/** A row of the form as its controls hold it: every value a string. */
type Row = Record<string, string>;
const SECTOR_KEYS = ["sector", "needs", "supportProposals", "notes"];
const ACTION_KEYS = ["description", "owner", "dueDate", "sector"];

const sectorChoices = (empty: string) => [
  { value: "", label: empty },
  ...SECTORS.map((s) => ({ value: s.code, label: lang() === "pl" ? s.pl : s.en })),
];

function sectorFields(i: number, row: Row): HTMLElement[] {
  const name = (key: string) => `perSector[${i}].${key}`;
  return [
    field("summary", {
      name: name("sector"),
      label: w("sector"),
      type: "select",
      required: true,
      value: row["sector"] ?? "",
      choices: sectorChoices(w("choose")),
    }),
    field("summary", {
      name: name("needs"),
      label: w("needs"),
      type: "textarea",
      hint: w("linesHint"),
      value: row["needs"] ?? "",
    }),
    field("summary", {
      name: name("supportProposals"),
      label: w("proposals"),
      type: "textarea",
      hint: w("linesHint"),
      value: row["supportProposals"] ?? "",
    }),
    field("summary", {
      name: name("notes"),
      label: w("notes"),
      type: "textarea",
      value: row["notes"] ?? "",
      attrs: { maxlength: "4000" },
    }),
  ];
}

function actionFields(i: number, row: Row): HTMLElement[] {
  const name = (key: string) => `actions[${i}].${key}`;
  return [
    field("summary", {
      name: name("description"),
      label: w("description"),
      required: true,
      value: row["description"] ?? "",
      attrs: { maxlength: "500" },
    }),
    field("summary", {
      name: name("owner"),
      label: w("owner"),
      hint: w("ownerHint"),
      required: true,
      value: row["owner"] ?? "",
      attrs: { maxlength: "200" },
    }),
    field("summary", {
      name: name("dueDate"),
      label: w("dueDate"),
      type: "date",
      required: true,
      value: row["dueDate"] ?? "",
    }),
    field("summary", {
      name: name("sector"),
      label: w("actionSector"),
      type: "select",
      value: row["sector"] ?? "",
      choices: sectorChoices(w("anySector")),
    }),
  ];
}

interface RowList {
  /** The `perSector` or `actions` prefix of the controls' names. */
  prefix: string;
  keys: string[];
  legend: "sectorRow" | "actionRow";
  remove: "removeSector" | "removeAction";
  add: "addSector" | "addAction";
  empty: "noSectors" | "noActions";
  fields: (i: number, row: Row) => HTMLElement[];
}

/**
 * A list of fieldsets that grows and shrinks. The rows are drawn again from their values after
 * each change, so the controls' names stay `prefix[i].key` in order, as the service names errors.
 */
function rowList(form: HTMLFormElement, spec: RowList, initial: Row[]) {
  const box = el("div", { class: "rows" });
  const add = el("button", { type: "button", id: `${spec.prefix}-add` }, w(spec.add));
  const read = (): Row[] => {
    const values = valuesOf(form);
    return [...box.querySelectorAll("fieldset")].map((_, i) =>
      Object.fromEntries(
        spec.keys.map((key) => [key, values[`${spec.prefix}[${i}].${key}`] ?? ""]),
      ),
    );
  };
  const draw = (rows: Row[], focus?: number) => {
    box.replaceChildren();
    if (rows.length === 0) box.append(el("p", {}, w(spec.empty)));
    rows.forEach((row, i) => {
      const set = box.appendChild(el("fieldset", { class: "manage-row", "data-row": String(i) }));
      set.append(el("legend", {}, w(spec.legend, { n: i + 1 })), ...spec.fields(i, row));
      const remove = set.appendChild(
        el(
          "button",
          { type: "button", id: `${spec.prefix}-${i}-remove` },
          w(spec.remove, { n: i + 1 }),
        ),
      );
      remove.addEventListener("click", () => {
        const next = read();
        next.splice(i, 1);
        draw(next);
        add.focus();
      });
    });
    const row = focus === undefined ? undefined : box.querySelectorAll("fieldset")[focus];
    row?.querySelector<HTMLElement>("input, select, textarea")?.focus();
  };
  add.addEventListener("click", () => {
    const next = [...read(), {}];
    draw(next, next.length - 1);
  });
  draw(initial);
  return { box, add, read };
}

function summaryForm(context: PageContext, data: SummaryData["visit"]) {
  const stored = data.discussionSummary;
  const form = formElement({ class: "summary-form" });
  form.append(
    field("summary", {
      name: "heldOn",
      label: w("heldOn"),
      type: "date",
      required: true,
      value: stored?.heldOn ?? data.endDate,
    }),
  );
  const sectors = rowList(
    form,
    {
      prefix: "perSector",
      keys: SECTOR_KEYS,
      legend: "sectorRow",
      remove: "removeSector",
      add: "addSector",
      empty: "noSectors",
      fields: sectorFields,
    },
    (stored?.perSector ?? []).map((s) => ({
      sector: s.sector,
      needs: s.needs.join("\n"),
      supportProposals: s.supportProposals.join("\n"),
      notes: s.notes ?? "",
    })),
  );
  const actions = rowList(
    form,
    {
      prefix: "actions",
      keys: ACTION_KEYS,
      legend: "actionRow",
      remove: "removeAction",
      add: "addAction",
      empty: "noActions",
      fields: actionFields,
    },
    (stored?.actions ?? []).map((a) => ({ ...a, sector: a.sector ?? "" })),
  );
  const group = (id: string, title: string, hint: string | null, list: typeof sectors) => {
    const section = el("section", { class: "manage-section", "aria-labelledby": id });
    section.append(el("h2", { id }, title));
    if (hint) section.append(el("p", {}, hint));
    section.append(list.box, list.add);
    return section;
  };
  form.append(
    group("summary-sectors", w("sectorsTitle"), w("sectorsHint"), sectors),
    group("summary-actions", w("actionsTitle"), null, actions),
  );
  const button = form.appendChild(
    el("button", { type: "submit", class: "primary", id: "summary-save" }, w("save")),
  );
  const check = (values: Record<string, string>) => {
    const errors: Record<string, string> = {};
    const perSector = sectors.read();
    perSector.forEach((row, i) => {
      const first = perSector.findIndex((other) => other["sector"] === row["sector"]);
      if (first !== i) errors[`perSector[${i}].sector`] = w("twice");
    });
    actions.read().forEach((row, i) => {
      if (values["heldOn"] && row["dueDate"]! < values["heldOn"]) {
        errors[`actions[${i}].dueDate`] = w("early");
      }
    });
    return errors;
  };
  onSubmit(
    form,
    button,
    async (values) => {
      const input = {
        heldOn: values["heldOn"],
        perSector: sectors.read().map((row) => ({
          sector: row["sector"],
          needs: lines(row["needs"]),
          supportProposals: lines(row["supportProposals"]),
          notes: orNull(row["notes"]),
        })),
        actions: actions.read().map((row) => ({
          description: row["description"],
          owner: row["owner"],
          dueDate: row["dueDate"],
          sector: orNull(row["sector"]),
        })),
      };
      await graphql(RECORD, { visitId: data.id, input });
      redraw(context, w("saved"));
    },
    { check },
  );
  return form;
}

const page: Page = async (context) => {
  const { view, main } = context;
  const { visit } = await graphql<SummaryData>(SUMMARY, { id: view.id });
  main.append(manageNav(view, "manage"), visitNav(view, visit.id, "summary"));
  main.append(
    el("h1", {}, w("title")),
    el(
      "p",
      { class: "visit-of" },
      `${visit.title} · ${formatDates(visit.startDate, visit.endDate)}`,
    ),
    savedLine(),
  );
  const stored = visit.discussionSummary;
  main.append(
    el(
      "p",
      {},
      stored
        ? w("recorded", { date: formatDate(stored.updatedAt), who: stored.recordedBy ?? "—" })
        : w("notRecorded"),
    ),
    summaryForm(context, visit),
  );
};

export default page;
