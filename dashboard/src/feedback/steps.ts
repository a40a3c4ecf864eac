// The form's screens, one question group each (GOV.UK "one thing per page"), and the answers
// they add up to. Every control is a native radio, checkbox or text field inside a fieldset with
// its legend, so the form works from the keyboard and reads well in a screen reader.
import { el } from "../dom";
import { field } from "../forms";
import { label, lang, words } from "../i18n";
import type { FormView, Labelled, Scale } from "./queries";
import type { Values } from "./store";

const w = words(
  {
    bad: "bardzo źle",
    good: "bardzo dobrze",
    useless: "zupełnie nieprzydatny",
    useful: "bardzo przydatny",
    never: "na pewno nie",
    surely: "na pewno tak",
    skip: "Nie brałem/brałam udziału w tym punkcie programu",
    stop: "Punkt programu {n} z {of}: {host}",
    themeHint: "Zaznacz wszystkie pasujące odpowiedzi albo żadnej.",
    optional: "(nieobowiązkowe)",
  },
  {
    bad: "very poor",
    good: "very good",
    useless: "not useful at all",
    useful: "very useful",
    never: "certainly not",
    surely: "certainly yes",
    skip: "I did not take part in this stop of the programme",
    stop: "Programme stop {n} of {of}: {host}",
    themeHint: "Tick every answer that fits, or none.",
    optional: "(optional)",
  },
);

export const SKIP = "skip";

/** One screen: its fieldsets, built afresh in the page's language whenever it is shown. */
export type Step = () => HTMLElement[];

function question(
  name: string,
  legend: string,
  { required = true, hint = "" } = {},
): HTMLFieldSetElement {
  const described = hint ? `q-${name}-hint q-${name}-error` : `q-${name}-error`;
  const set = el("fieldset", {
    class: "question",
    "data-field": name,
    "aria-describedby": described,
  });
  const caption = el("legend", {}, legend);
  if (!required) caption.append(" ", el("span", { class: "optional" }, w("optional")));
  if (hint) set.append(caption, el("p", { class: "hint", id: `q-${name}-hint` }, hint));
  else set.append(caption);
  set.append(el("p", { class: "field-error", id: `q-${name}-error` }));
  return set;
}

function radio(name: string, value: string, text: string, hidden = ""): HTMLElement {
  const id = `q-${name}-${value}`;
  const choice = el("div", { class: "choice" });
  choice.append(el("input", { type: "radio", name, value, id, required: "" }));
  const caption = choice.appendChild(el("label", { for: id }, text));
  if (hidden) caption.append(el("span", { class: "visually-hidden" }, ` – ${hidden}`));
  return choice;
}

/** A row of numbers whose two ends say what they mean, also to a screen reader. */
function scale(name: string, legend: string, range: Scale, ends: [string, string]) {
  const set = question(name, legend);
  set.style.setProperty("--n", String(range.max - range.min + 1));
  const row = el("div", { class: range.max - range.min > 5 ? "scale long" : "scale" });
  for (let v = range.min; v <= range.max; v++) {
    const end = v === range.min ? ends[0] : v === range.max ? ends[1] : "";
    row.append(radio(name, String(v), String(v), end));
  }
  const legendOfEnds = el("p", { class: "ends", "aria-hidden": "true" });
  legendOfEnds.append(
    el("span", {}, `${range.min} – ${ends[0]}`),
    el("span", {}, `${range.max} – ${ends[1]}`),
  );
  set.append(row, legendOfEnds);
  return set;
}

function choices(name: string, legend: string, options: (Labelled & { value: string })[]) {
  const set = question(name, legend);
  const list = set.appendChild(el("div", { class: "options" }));
  for (const option of options) list.append(radio(name, option.value, label(option)));
  return set;
}

/** The screens of one form: the visit, each stop, recommending, cooperation, each theme, a comment. */
export function stepsOf(view: FormView): Step[] {
  const q = view.form.questions;
  const hosts = new Map(view.visit?.stops.map((s) => [s.order, s.host?.name ?? ""]) ?? []);
  const rating = (): [string, string] => [w("bad"), w("good")];
  const steps: Step[] = [
    () => [
      scale("overall", label(q.overall), q.overall, rating()),
      scale("organisation", label(q.organisation), q.organisation, rating()),
    ],
    ...view.stopOrders.map((order, i): Step => () => {
      const name = `stop-${order}`;
      const of = view.stopOrders.length;
      const set = scale(
        name,
        `${w("stop", { n: i + 1, of, host: hosts.get(order) ?? "" })}. ${label(q.stopUsefulness)}`,
        q.stopUsefulness,
        [w("useless"), w("useful")],
      );
      set.appendChild(el("div", { class: "options skip" })).append(radio(name, SKIP, w("skip")));
      return [set];
    }),
    () => [scale("recommend", label(q.recommend), q.recommend, [w("never"), w("surely")])],
    () => [
      choices(
        "cooperationIntention",
        label(q.cooperationIntention),
        q.cooperationIntention.choices,
      ),
    ],
    ...q.themes.map((theme): Step => () => {
      const name = `theme-${theme.theme}`;
      const set = question(name, label(theme), { required: false, hint: w("themeHint") });
      const list = set.appendChild(el("div", { class: "options" }));
      for (const option of theme.options) {
        const id = `q-${name}-${option.code}`;
        const choice = list.appendChild(el("div", { class: "choice" }));
        choice.append(
          el("input", { type: "checkbox", name, value: option.code, id }),
          el("label", { for: id }, label(option)),
        );
      }
      set.append(
        field("q", {
          name: `other-${theme.theme}`,
          label: lang() === "pl" ? theme.otherLabelPl : theme.otherLabelEn,
          attrs: { maxlength: String(theme.otherMaxLength) },
        }),
      );
      return [set];
    }),
    () => [
      field("q", {
        name: "comment",
        type: "textarea",
        label: `${label(q.comment)} ${w("optional")}`,
        attrs: { maxlength: String(q.comment.maxLength) },
      }),
    ],
  ];
  return steps;
}

/** Copies what the controls of a screen hold into `values`. */
export function readInto(values: Values, form: HTMLFormElement): void {
  const controls = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    "input[name], textarea[name]",
  );
  const names = new Set([...controls].map((c) => c.name));
  const data = new FormData(form);
  for (const name of names) {
    const kind = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!.type;
    const all = data.getAll(name).map(String);
    if (kind === "checkbox") values[name] = all;
    else if (all[0]) values[name] = all[0];
    else delete values[name];
  }
}

/** Puts `values` back into the controls of a screen (after Back, a reload, a language switch). */
export function restore(values: Values, form: HTMLFormElement): void {
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    "input[name], textarea[name]",
  )) {
    const value = values[control.name];
    if (control instanceof HTMLInputElement && /^(radio|checkbox)$/.test(control.type)) {
      control.checked = [value].flat().includes(control.value);
    } else if (typeof value === "string") control.value = value;
  }
}

/** The answers to send; a stop the participant did not take part in is left out. */
export function answersOf(view: FormView, values: Values) {
  const one = (name: string) => (typeof values[name] === "string" ? values[name] : "");
  const text = (name: string) => one(name).trim() || null;
  return {
    ratings: { overall: Number(one("overall")), organisation: Number(one("organisation")) },
    stopRatings: view.stopOrders
      .filter((order) => one(`stop-${order}`) && one(`stop-${order}`) !== SKIP)
      .map((order) => ({ order, rating: Number(one(`stop-${order}`)) })),
    recommend: Number(one("recommend")),
    cooperationIntention: one("cooperationIntention"),
    themes: view.form.questions.themes.map((theme) => ({
      theme: theme.theme,
      optionCodes: [values[`theme-${theme.theme}`] ?? []].flat(),
      otherText: text(`other-${theme.theme}`),
    })),
    comment: text("comment"),
  };
}
