// The participant's feedback form at /feedback/<token>, opened from an invitation link or QR
// code on a phone, often where coverage is weak. Built by the dashboard's Vite build as its own
// small entry (feedback.html), so it shares the form kit, the API client and the page-language
// strings with the other public pages instead of keeping a second copy of each; it imports
// nothing else. A service worker (sw.ts) keeps its shell, IndexedDB (store.ts) its data.
import "./feedback.css";

import { ApiError, graphql } from "../api";
import { el } from "../dom";
import { errorText, formElement, missingFields, showErrors, statusLine } from "../forms";
import { formatDate, type Lang, lang, setLang, words } from "../i18n";
import { enqueue, send } from "./outbox";
import { FORM_QUERY, type FormView } from "./queries";
import { answersOf, readInto, restore, type Step, stepsOf } from "./steps";
import { type Draft, forget, read, type Values, write } from "./store";

const w = words(
  {
    title: "Ankieta po wizycie studyjnej",
    loading: "Wczytywanie ankiety…",
    switchTo: "English",
    switchLabel: "Switch to English",
    anonymous: "Ankieta jest anonimowa: odpowiedzi nie są łączone z Twoim nazwiskiem.",
    progress: "Krok {n} z {of}",
    back: "Wstecz",
    next: "Dalej",
    submit: "Wyślij odpowiedzi",
    invalid: "Ten link do ankiety jest nieprawidłowy.",
    used: "Ankieta została już wysłana",
    usedText: "Odpowiedzi z tego linku już do nas dotarły. Dziękujemy!",
    queued: "Zapisano na urządzeniu — wyślemy, gdy wróci połączenie.",
    queuedHint: "Możesz zamknąć stronę: wyślemy odpowiedzi, gdy otworzysz ją ponownie z siecią.",
    sending: "Wysyłanie…",
    sentText: "Odpowiedzi dotarły do organizatora. Możesz zamknąć stronę.",
    sent: "Wysłano. Dziękujemy!",
    retry: "Wyślij teraz",
    offline: "Brak połączenia: ankieta wczytana z pamięci urządzenia.",
    dates: "{from} – {to}",
  },
  {
    title: "Study visit feedback",
    loading: "Loading the form…",
    switchTo: "Polski",
    switchLabel: "Przełącz na polski",
    anonymous: "The form is anonymous: answers are not linked to your name.",
    progress: "Step {n} of {of}",
    back: "Back",
    next: "Next",
    submit: "Send answers",
    invalid: "This feedback link is not valid.",
    used: "This form has already been sent",
    usedText: "The answers from this link have reached us already. Thank you!",
    queued: "Saved on this device — we will send it when the connection is back.",
    queuedHint: "You may close the page: the answers go out when you open it again online.",
    sending: "Sending…",
    sentText: "The answers have reached the organiser. You may close the page.",
    sent: "Sent. Thank you!",
    retry: "Send now",
    offline: "No connection: the form was loaded from this device.",
    dates: "{from} – {to}",
  },
);

type Screen =
  | { kind: "loading" | "invalid" | "used" | "queued" | "sending" | "sent" }
  | { kind: "error"; message: string }
  | { kind: "form"; step: number; error?: string };

const token = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const app = document.getElementById("app")!;
// The visit on top, then the state of the answers (a live region that stays in place, so that a
// screen reader hears each change), then the screen itself.
const top = el("div");
const status = statusLine();
const body = el("div");
app.replaceChildren(top, status, body);
let screen: Screen = { kind: "loading" };
let view: FormView | undefined;
let steps: Step[] = [];
let values: Values = {};
let fromDevice = false;

function heading(text: string): HTMLHeadingElement {
  return el("h2", { tabindex: "-1" }, text);
}

function visitHeader(): HTMLElement[] {
  if (!view?.visit) return [el("h1", {}, w("title"))];
  const { title, startDate, endDate } = view.visit;
  const dates =
    startDate === endDate
      ? formatDate(startDate)
      : w("dates", { from: formatDate(startDate), to: formatDate(endDate) });
  return [el("h1", {}, title), el("p", { class: "dates" }, dates)];
}

function formScreen(current: Extract<Screen, { kind: "form" }>): HTMLElement[] {
  const form = formElement({ class: "step" });
  const last = current.step === steps.length - 1;
  // Back sits above the question (GOV.UK's back link), so the order on screen is the order of
  // the Tab key, and Next is the only submit button: Enter in a field means Next.
  if (current.step > 0) {
    const back = form.appendChild(el("button", { type: "button", class: "back" }, w("back")));
    back.addEventListener("click", () => {
      readInto(values, form);
      void saveDraft(current.step - 1);
      show({ kind: "form", step: current.step - 1 });
    });
  }
  form.append(
    el("p", { class: "progress" }, w("progress", { n: current.step + 1, of: steps.length })),
    ...steps[current.step]!(),
  );
  if (current.error) form.append(el("p", { class: "form-error", role: "alert" }, current.error));
  form.append(el("button", { type: "submit", class: "primary" }, w(last ? "submit" : "next")));
  restore(values, form);
  form.addEventListener("input", () => {
    readInto(values, form);
    void saveDraft(current.step);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    readInto(values, form);
    const missing = missingFields(form);
    if (Object.keys(missing).length) {
      showErrors(form, missing, { summary: false });
      return;
    }
    if (!last) {
      void saveDraft(current.step + 1);
      show({ kind: "form", step: current.step + 1 });
    } else void submit();
  });
  const intro = current.step === 0 ? [el("p", { class: "intro" }, w("anonymous"))] : [];
  const note = fromDevice ? [el("p", { class: "note" }, w("offline"))] : [];
  return [...intro, ...note, form];
}

function statusScreen(kind: Screen["kind"]): HTMLElement[] {
  switch (kind) {
    case "loading":
      return [el("p", {}, w("loading"))];
    case "invalid":
      return [el("p", { class: "form-error", role: "alert" }, w("invalid"))];
    case "used":
      return [heading(w("used")), el("p", {}, w("usedText"))];
    case "sent":
      return [el("p", {}, w("sentText"))];
    case "sending":
    case "queued": {
      const retry = el("button", { type: "button" }, w("retry"));
      retry.addEventListener("click", () => void flush());
      if (kind === "sending") retry.disabled = true;
      return [el("p", {}, w("queuedHint")), retry];
    }
    default:
      return [];
  }
}

function render(): void {
  document.title = w("title");
  const content =
    screen.kind === "form"
      ? formScreen(screen)
      : screen.kind === "error"
        ? [el("p", { class: "form-error", role: "alert" }, screen.message)]
        : statusScreen(screen.kind);
  const texts: Partial<Record<Screen["kind"], string>> = {
    queued: w("queued"),
    sending: w("sending"),
    sent: w("sent"),
  };
  status.textContent = texts[screen.kind] ?? "";
  top.replaceChildren(...visitHeader());
  body.replaceChildren(...content);
  renderSwitch();
}

// "Sending…" and "saved on the device" are one screen whose line changes: a retry in the
// background must not move the focus.
const family = (kind: Screen["kind"]) => (kind === "sending" ? "queued" : kind);

/** Shows another screen and moves the focus to its beginning (or its first question). */
function show(next: Screen): void {
  const moved = family(next.kind) !== family(screen.kind) || next.kind === "form";
  screen = next;
  render();
  if (!moved) return;
  // The state line, when it has something to say, else the screen's progress or heading.
  const target = status.textContent
    ? status
    : app.querySelector<HTMLElement>(".step .progress, h2");
  if (target) {
    target.tabIndex = -1;
    target.focus();
  }
}

function renderSwitch(): void {
  const button = document.getElementById("lang") as HTMLButtonElement;
  button.textContent = w("switchTo");
  button.lang = lang() === "pl" ? "en" : "pl";
  button.setAttribute("aria-label", w("switchLabel"));
}

function switchLang(): void {
  const next: Lang = lang() === "pl" ? "en" : "pl";
  setLang(next);
  const url = new URL(location.href);
  if (next === "en") url.searchParams.set("lang", "en");
  else url.searchParams.delete("lang");
  history.replaceState(null, "", url);
  const form = app.querySelector("form");
  if (form) readInto(values, form);
  render();
}

async function saveDraft(step: number): Promise<void> {
  const draft: Draft = { token, values, step };
  await write("drafts", draft).catch(() => undefined);
}

let sending = false;
let timer: ReturnType<typeof setInterval> | undefined;

/** Sends what the outbox holds for this link; kept there and retried when it does not go. */
async function flush(): Promise<void> {
  if (sending) return;
  const entry = await read("outbox", token).catch(() => undefined);
  if (!entry) return;
  sending = true;
  show({ kind: "sending" });
  const outcome = await send(entry);
  sending = false;
  if (outcome.kind === "queued") {
    show({ kind: "queued" });
    timer ??= setInterval(() => void flush(), 15_000);
    return;
  }
  clearInterval(timer);
  timer = undefined;
  if (outcome.kind === "refused") {
    const error = errorText(outcome.error);
    // Back to the last screen with the answers, unless the form itself is gone from the device.
    show(
      steps.length
        ? { kind: "form", step: steps.length - 1, error }
        : { kind: "error", message: error },
    );
  } else show({ kind: outcome.kind });
}

async function submit(): Promise<void> {
  await enqueue(token, answersOf(view!, values));
  await flush();
}

async function loadView(): Promise<FormView | undefined> {
  try {
    const data = await graphql<{ feedbackForm: FormView }>(
      FORM_QUERY,
      { token },
      { anonymous: true },
    );
    await write("forms", { token, view: data.feedbackForm }).catch(() => undefined);
    fromDevice = false;
    return data.feedbackForm;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") {
      show({ kind: "invalid" });
      return undefined;
    }
    const kept = await read("forms", token).catch(() => undefined);
    if (kept) {
      fromDevice = true;
      return kept.view;
    }
    show({ kind: "error", message: errorText(error) });
    return undefined;
  }
}

async function start(): Promise<void> {
  setLang(new URLSearchParams(location.search).get("lang") === "en" ? "en" : "pl");
  document.getElementById("lang")!.addEventListener("click", switchLang);
  render();
  if ("serviceWorker" in navigator && isSecureContext) {
    navigator.serviceWorker.register("/feedback/sw.js", { scope: "/feedback/" }).catch(() => {});
  }
  if (!token) return show({ kind: "invalid" });
  addEventListener("online", () => void flush());
  view = (await read("forms", token).catch(() => undefined))?.view;
  if (await read("outbox", token).catch(() => undefined)) {
    steps = view ? stepsOf(view) : [];
    return flush();
  }
  view = await loadView();
  if (!view) return;
  if (view.alreadySubmitted) {
    await forget(token).catch(() => undefined);
    return show({ kind: "used" });
  }
  steps = stepsOf(view);
  const draft = await read("drafts", token).catch(() => undefined);
  values = draft?.values ?? {};
  screen = { kind: "form", step: Math.min(draft?.step ?? 0, steps.length - 1) };
  render();
  // The first question can be answered from here on: `npm run bench -- dashboard` reads this.
  performance.mark("wizyty:form-ready");
}

void start();
