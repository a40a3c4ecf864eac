// The one form kit of the coordinator and public pages: labelled fields with a hint and an error
// slot, an error summary that names each wrong field and links to it (GOV.UK pattern), the
// service's error codes in the page's language, and a submit that shows it is busy.
import "./forms.css";

import { ApiError } from "./api";
import { el } from "./dom";
import { words } from "./i18n";

const w = words(
  {
    required: "(wymagane)",
    summary: "Popraw {n} pole(-a) formularza:",
    missing: "Uzupełnij to pole.",
    unchecked: "Zaznacz to pole, aby kontynuować.",
    choose: "Wybierz jedną z odpowiedzi.",
    rejected: "Serwis nie przyjął tej wartości. Sprawdź ją.",
    NETWORK: "Brak połączenia z serwerem. Spróbuj ponownie.",
    UNAUTHENTICATED: "Sesja wygasła. Zaloguj się ponownie.",
    FORBIDDEN: "Twoja rola nie pozwala na to działanie.",
    NOT_FOUND: "Nie ma już tego, czego szukasz — mogło zostać usunięte.",
    TOO_MANY_REQUESTS: "Zbyt wiele prób. Spróbuj ponownie za {s} s.",
    SERVICE_UNAVAILABLE: "Serwis jest chwilowo niedostępny. Spróbuj ponownie za chwilę.",
    CONFLICT: "Tego nie można teraz zrobić: stan zmienił się w międzyczasie. Odśwież stronę.",
    FULL: "Brak wolnych miejsc.",
    DUPLICATE: "Taki wpis już istnieje.",
    ALREADY_USED: "Ten link został już wykorzystany.",
    ALREADY_CANCELLED: "To już zostało anulowane.",
    REGISTRATION_CLOSED: "Zapisy na tę wizytę są zamknięte.",
    VISIT_CANCELLED: "Ta wizyta została odwołana.",
    VISIT_NOT_STARTED: "Wizyta jeszcze się nie zaczęła; można to zrobić od jej pierwszego dnia.",
    VISIT_NOT_ENDED: "Wizytę można oznaczyć jako zrealizowaną dopiero po jej ostatnim dniu.",
    INVALID_TRANSITION: "Wizyta ma już status końcowy; nie można go zmienić. Odśwież stronę.",
    CONCURRENT_UPDATE:
      "Ktoś inny zmienił to w tym samym czasie. Odśwież stronę i spróbuj ponownie.",
    LAST_ADMIN:
      "To ostatni aktywny administrator: najpierw nadaj rolę administratora komuś innemu.",
    other: "Nie udało się ({code}). Spróbuj ponownie.",
  },
  {
    required: "(required)",
    summary: "Correct {n} field(s) of the form:",
    missing: "Fill in this field.",
    unchecked: "Tick this box to continue.",
    choose: "Choose one of the answers.",
    rejected: "The service did not accept this value. Check it.",
    NETWORK: "No connection to the server. Try again.",
    UNAUTHENTICATED: "Your session has expired. Sign in again.",
    FORBIDDEN: "Your role does not allow this.",
    NOT_FOUND: "What you are looking for is gone — it may have been removed.",
    TOO_MANY_REQUESTS: "Too many attempts. Try again in {s} s.",
    SERVICE_UNAVAILABLE: "The service is unavailable for a moment. Try again shortly.",
    CONFLICT: "This cannot be done now: something changed meanwhile. Reload the page.",
    FULL: "No seats are left.",
    DUPLICATE: "Such an entry already exists.",
    ALREADY_USED: "This link has already been used.",
    ALREADY_CANCELLED: "This has already been cancelled.",
    REGISTRATION_CLOSED: "Registration for this visit is closed.",
    VISIT_CANCELLED: "This visit was cancelled.",
    VISIT_NOT_STARTED: "The visit has not started yet; this can be done from its first day.",
    VISIT_NOT_ENDED: "A visit can be marked completed only after its last day.",
    INVALID_TRANSITION: "The visit's status is already final and cannot change. Reload the page.",
    CONCURRENT_UPDATE: "Someone else changed this at the same time. Reload the page and try again.",
    LAST_ADMIN: "This is the last active administrator: make someone else an administrator first.",
    other: "That did not work ({code}). Try again.",
  },
);

type Reason = Parameters<typeof w>[0];
const REASONS = new Set<string>([
  "FULL",
  "DUPLICATE",
  "ALREADY_USED",
  "ALREADY_CANCELLED",
  "REGISTRATION_CLOSED",
  "VISIT_CANCELLED",
  "VISIT_NOT_STARTED",
  "VISIT_NOT_ENDED",
  "INVALID_TRANSITION",
  "CONCURRENT_UPDATE",
  "LAST_ADMIN",
]);
const CODES = new Set<string>([
  "NETWORK",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "TOO_MANY_REQUESTS",
  "SERVICE_UNAVAILABLE",
  "CONFLICT",
]);

/** What went wrong, in the page's language: a CONFLICT by its reason, any other code by itself. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return w("NETWORK");
  const reason = String(error.extensions.reason ?? "");
  if (error.code === "CONFLICT" && REASONS.has(reason)) return w(reason as Reason);
  if (error.code === "TOO_MANY_REQUESTS") {
    return w("TOO_MANY_REQUESTS", { s: Number(error.extensions.retryAfter ?? 60) });
  }
  if (CODES.has(error.code)) return w(error.code as Reason);
  if (error.code === "BAD_USER_INPUT") return w("rejected");
  return w("other", { code: error.code });
}

export interface FieldOptions {
  /** The form control's name, also the key of its error. */
  name: string;
  label: string;
  /** An input type ("checkbox" puts the box before its label), or "textarea" / "select". */
  type?: string;
  value?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  /** For "select". */
  choices?: { value: string; label: string }[];
  /** Extra attributes of the control (min, max, maxlength, inputmode…). */
  attrs?: Record<string, string>;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A label, an optional hint, the control and its (empty) error line, tied by ids. */
export function field(idPrefix: string, options: FieldOptions): HTMLElement {
  const id = `${idPrefix}-${options.name.replace(/[^\w-]/g, "-")}`;
  const type = options.type ?? "text";
  const wrap = el("div", {
    class: type === "checkbox" ? "field form-field check-field" : "field form-field",
    "data-field": options.name,
  });
  const label = el("label", { for: id }, options.label);
  if (options.required) label.append(" ", el("span", { class: "required" }, w("required")));
  wrap.append(label);
  const described: string[] = [];
  if (options.hint) {
    wrap.append(el("p", { class: "hint", id: `${id}-hint` }, options.hint));
    described.push(`${id}-hint`);
  }
  let control: Control;
  if (type === "textarea") control = el("textarea", { rows: "4" });
  else if (type === "select") {
    control = el("select");
    for (const choice of options.choices ?? []) {
      control.append(el("option", { value: choice.value }, choice.label));
    }
  } else control = el("input", { type });
  control.id = id;
  control.name = options.name;
  if (options.required) control.required = true;
  if (options.autocomplete) control.setAttribute("autocomplete", options.autocomplete);
  for (const [name, value] of Object.entries(options.attrs ?? {}))
    control.setAttribute(name, value);
  if (options.value !== undefined) control.value = options.value;
  described.push(`${id}-error`);
  control.setAttribute("aria-describedby", described.join(" "));
  if (type === "checkbox") label.before(control);
  else wrap.append(control);
  wrap.append(el("p", { class: "field-error", id: `${id}-error` }));
  return wrap;
}

/** A form that checks nothing natively (the kit shows its own messages), with an error summary. */
export function formElement(attrs: Record<string, string> = {}): HTMLFormElement {
  const form = el("form", { novalidate: "", ...attrs });
  form.append(el("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: "" }));
  return form;
}

function controlOf(form: HTMLFormElement, name: string): Control | undefined {
  const wrap = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
  return wrap?.querySelector<Control>("input, select, textarea") ?? undefined;
}

export function clearErrors(form: HTMLFormElement): void {
  const summary = form.querySelector<HTMLElement>(".error-summary")!;
  summary.hidden = true;
  summary.replaceChildren();
  for (const wrap of form.querySelectorAll<HTMLElement>("[data-field]")) {
    wrap.classList.remove("invalid");
    wrap.querySelector(".field-error")!.textContent = "";
    wrap.querySelector("input, select, textarea")?.removeAttribute("aria-invalid");
  }
}

/**
 * Marks each named field with its message and lists them at the top, linked to the fields; the
 * summary takes focus so a screen reader reads it. Unknown names go into the summary only.
 * A form of one question group per screen (the feedback form) has no summary: the first wrong
 * field takes the focus, its message beside it.
 */
export function showErrors(
  form: HTMLFormElement,
  errors: Record<string, string>,
  { summary: listed = true }: { summary?: boolean } = {},
): void {
  clearErrors(form);
  const entries = Object.entries(errors);
  if (entries.length === 0) return;
  if (!listed) {
    const controls = entries.flatMap(([name, message]) => {
      const control = controlOf(form, name);
      if (control) markField(control, message);
      return control ? [control] : [];
    });
    controls[0]?.focus();
    return;
  }
  const summary = form.querySelector<HTMLElement>(".error-summary")!;
  summary.append(el("p", {}, w("summary", { n: entries.length })));
  const list = summary.appendChild(el("ul"));
  for (const [name, message] of entries) {
    const control = controlOf(form, name);
    const item = list.appendChild(el("li"));
    if (!control) {
      item.textContent = message;
      continue;
    }
    const wrap = markField(control, message);
    const label = wrap.querySelector("legend, label")?.firstChild?.textContent ?? name;
    const link = item.appendChild(el("a", { href: `#${control.id}` }, `${label}: ${message}`));
    link.addEventListener("click", (event) => {
      event.preventDefault();
      control.focus();
    });
  }
  summary.hidden = false;
  summary.focus();
}

function markField(control: Control, message: string): HTMLElement {
  const wrap = control.closest<HTMLElement>("[data-field]")!;
  wrap.classList.add("invalid");
  wrap.querySelector(".field-error")!.textContent = message;
  // A radio group is marked on its fieldset (its message is the fieldset's description).
  if (control.type !== "radio") control.setAttribute("aria-invalid", "true");
  return wrap;
}

/**
 * The required fields left empty (a box left unticked, a radio group with nothing chosen), each
 * with its message.
 */
export function missingFields(form: HTMLFormElement): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const control of form.querySelectorAll<Control>("[required]")) {
    if (control instanceof HTMLInputElement && control.type === "checkbox") {
      if (!control.checked) errors[control.name] = w("unchecked");
    } else if (control.type === "radio") {
      const chosen = form.querySelector(`[name="${CSS.escape(control.name)}"]:checked`);
      if (!chosen) errors[control.name] = w("choose");
    } else if (!control.value.trim()) errors[control.name] = w("missing");
  }
  return errors;
}

/**
 * Runs `action` with the button busy; a BAD_USER_INPUT naming a field (`input.title` → `title`,
 * `input.needs[2]` → `needs`) marks that field, with the page's own message for it in `messages`
 * if it has one; any other failure goes into the summary in the page's language.
 */
export async function submitting(
  form: HTMLFormElement,
  button: HTMLButtonElement,
  action: () => Promise<void>,
  messages: Record<string, string> = {},
): Promise<boolean> {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    await action();
    clearErrors(form);
    return true;
  } catch (error) {
    const path = error instanceof ApiError ? String(error.extensions.field ?? "") : "";
    let name = path.replace(/^input\./, "");
    // An entry of a list field (`actions[0].needs[2]`) marks the field holding the list.
    while (!controlOf(form, name) && /(\[\d+\]|\.\d+)$/.test(name)) {
      name = name.replace(/(\[\d+\]|\.\d+)$/, "");
    }
    if (error instanceof ApiError && error.code === "BAD_USER_INPUT" && controlOf(form, name)) {
      showErrors(form, { [name]: messages[name] ?? w("rejected") });
    } else showErrors(form, { "": errorText(error) });
    return false;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

export interface SubmitOptions {
  /** The page's own checks before asking the service: messages by field name. */
  check?: (values: Record<string, string>) => Record<string, string>;
  /** What to say of a field the service refuses, by field name (else "not accepted"). */
  messages?: Record<string, string>;
}

/**
 * Handles the form's submit: the empty required fields and what `check` finds wrong are shown
 * without asking the service; otherwise `action` runs with the values, as `submitting` runs it.
 */
export function onSubmit(
  form: HTMLFormElement,
  button: HTMLButtonElement,
  action: (values: Record<string, string>) => Promise<void>,
  { check = () => ({}), messages }: SubmitOptions = {},
): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = valuesOf(form);
    const errors = missingFields(form);
    for (const [name, message] of Object.entries(check(values))) errors[name] ??= message;
    if (Object.keys(errors).length) return showErrors(form, errors);
    void submitting(form, button, () => action(values), messages);
  });
}

/** The form's values by name: strings, trimmed, except passwords (a space may be part of one). */
export function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    const control = form.elements.namedItem(name);
    const secret = control instanceof HTMLInputElement && control.type === "password";
    values[name] = secret ? String(value) : String(value).trim();
  }
  return values;
}

/** A polite live region for "saved", "sent" and the like. */
export function statusLine(): HTMLElement {
  return el("p", { class: "status-line", role: "status" });
}
