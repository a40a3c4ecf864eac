// The participant's feedback form: opened from an invitation link or QR code on a phone.
// Plain DOM code without a build step; every text from the API goes in through textContent.

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");
const app = document.getElementById("app");
let lang = localStorage.getItem("wizyty.lang") === "en" ? "en" : "pl";

const FORM_QUERY = `query FeedbackForm($token: String!) {
  feedbackForm(token: $token) {
    alreadySubmitted
    stopOrders
    visit { title startDate endDate stops { order host { name } } }
    form {
      version
      questions {
        overall { labelPl labelEn min max }
        organisation { labelPl labelEn min max }
        stopUsefulness { labelPl labelEn min max }
        recommend { labelPl labelEn min max }
        cooperationIntention { labelPl labelEn choices { value labelPl labelEn } }
        themes { theme labelPl labelEn options { code labelPl labelEn } otherLabelPl otherLabelEn otherMaxLength }
        comment { labelPl labelEn maxLength }
      }
    }
  }
}`;

const SUBMIT = `mutation SubmitFeedback($token: String!, $input: FeedbackAnswersInput!, $submissionId: String!) {
  submitFeedback(token: $token, input: $input, submissionId: $submissionId) { accepted receivedOn formVersion }
}`;

const TEXT = {
  notFound: ["Ten link do ankiety jest nieprawidłowy.", "This feedback link is not valid."],
  used: [
    "Ta ankieta została już wypełniona. Dziękujemy!",
    "This form has already been filled in. Thank you!",
  ],
  failed: [
    "Nie udało się połączyć. Spróbuj ponownie za chwilę.",
    "Could not connect. Please try again in a moment.",
  ],
  thanks: ["Dziękujemy! Odpowiedzi zostały zapisane.", "Thank you! Your answers have been saved."],
  submit: ["Wyślij odpowiedzi", "Send answers"],
  required: ["Odpowiedz na to pytanie.", "Please answer this question."],
  anonymous: [
    "Ankieta jest anonimowa: odpowiedzi nie są łączone z Twoim nazwiskiem.",
    "The form is anonymous: answers are not linked to your name.",
  ],
  stop: ["Przystanek", "Stop"],
};

const t = (pair) => pair[lang === "pl" ? 0 : 1];
const label = (item) => (lang === "pl" ? item.labelPl : item.labelEn);

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false)
      node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

function message(text, className) {
  app.replaceChildren(
    el("p", { class: className, role: className === "error" ? "alert" : "status" }, text),
  );
}

let state = { view: undefined, error: undefined, done: undefined };

function scale(name, question, legendText) {
  const options = [];
  for (let value = question.min; value <= question.max; value++) {
    options.push(
      el(
        "label",
        {},
        el("input", { type: "radio", name, value, required: true }),
        el("span", {}, String(value)),
      ),
    );
  }
  return el(
    "fieldset",
    { "data-field": name },
    el("legend", {}, legendText ?? label(question)),
    el("div", { class: "scale" }, ...options),
  );
}

function render() {
  document.documentElement.lang = lang;
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  if (state.done) return message(t(TEXT.thanks), "done");
  if (!state.view) return;
  const { view } = state;
  if (view.alreadySubmitted) return message(t(TEXT.used), "done");
  const previous = app.querySelector("form");
  const kept = previous ? new FormData(previous) : undefined;
  const q = view.form.questions;
  const stops = new Map((view.visit?.stops ?? []).map((s) => [s.order, s.host?.name ?? ""]));
  const form = el("form", { novalidate: true });
  form.append(
    el("h1", {}, view.visit?.title ?? ""),
    el("p", {}, t(TEXT.anonymous)),
    scale("overall", q.overall),
    scale("organisation", q.organisation),
    ...view.stopOrders.map((order) =>
      scale(
        `stop-${order}`,
        q.stopUsefulness,
        `${label(q.stopUsefulness)} — ${t(TEXT.stop)} ${order}: ${stops.get(order) ?? ""}`,
      ),
    ),
    scale("recommend", q.recommend),
    el(
      "fieldset",
      { "data-field": "cooperationIntention" },
      el("legend", {}, label(q.cooperationIntention)),
      ...q.cooperationIntention.choices.map((choice) =>
        el(
          "label",
          { class: "option" },
          el("input", {
            type: "radio",
            name: "cooperationIntention",
            value: choice.value,
            required: true,
          }),
          ` ${label(choice)}`,
        ),
      ),
    ),
    ...q.themes.map((theme) =>
      el(
        "fieldset",
        { "data-field": `theme-${theme.theme}` },
        el("legend", {}, label(theme)),
        ...theme.options.map((option) =>
          el(
            "label",
            { class: "option" },
            el("input", { type: "checkbox", name: `theme-${theme.theme}`, value: option.code }),
            ` ${label(option)}`,
          ),
        ),
        el(
          "label",
          { class: "option" },
          lang === "pl" ? theme.otherLabelPl : theme.otherLabelEn,
          el("input", {
            type: "text",
            name: `other-${theme.theme}`,
            maxlength: theme.otherMaxLength,
          }),
        ),
      ),
    ),
    el(
      "fieldset",
      { "data-field": "comment" },
      el("legend", {}, label(q.comment)),
      el("textarea", {
        name: "comment",
        rows: 4,
        maxlength: q.comment.maxLength,
        "aria-label": label(q.comment),
      }),
    ),
  );
  if (state.error) form.append(el("p", { class: "error", role: "alert" }, state.error));
  form.append(el("button", { type: "submit" }, t(TEXT.submit)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(form, view);
  });
  if (kept) restore(form, kept);
  app.replaceChildren(form);
}

// Switching the language rebuilds the form; what was already answered stays answered.
function restore(form, data) {
  for (const input of form.querySelectorAll("input, textarea")) {
    if (input.type === "radio" || input.type === "checkbox") {
      input.checked = data.getAll(input.name).includes(input.value);
    } else if (data.has(input.name)) {
      input.value = String(data.get(input.name));
    }
  }
}

function answers(form, view) {
  const data = new FormData(form);
  const int = (name) => (data.get(name) === null ? null : Number(data.get(name)));
  return {
    ratings: { overall: int("overall"), organisation: int("organisation") },
    stopRatings: view.stopOrders.map((order) => ({ order, rating: int(`stop-${order}`) })),
    recommend: int("recommend"),
    cooperationIntention: data.get("cooperationIntention"),
    themes: view.form.questions.themes.map((theme) => ({
      theme: theme.theme,
      optionCodes: data.getAll(`theme-${theme.theme}`),
      otherText: String(data.get(`other-${theme.theme}`) ?? "").trim() || null,
    })),
    comment: String(data.get("comment") ?? "").trim() || null,
  };
}

// The same id for every retry of this token's submission, so a resend after a lost answer is
// recognised as the same submission instead of being refused.
function submissionId() {
  const key = `wizyty.submission.${token}`;
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = uuidV4();
    sessionStorage.setItem(key, id);
  }
  return id;
}

// crypto.randomUUID exists only in secure contexts (https, localhost); the form must also work
// when opened over plain HTTP at any address. getRandomValues exists everywhere.
function uuidV4() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function submit(form, view) {
  const firstMissing = [...form.querySelectorAll("fieldset")].find((set) => {
    const required = set.querySelector("input[required]");
    return required && !set.querySelector("input:checked");
  });
  if (firstMissing) {
    state.error = `${firstMissing.querySelector("legend").textContent}: ${t(TEXT.required)}`;
    render();
    document.querySelector(`[data-field="${firstMissing.dataset.field}"] input`)?.focus();
    return;
  }
  const input = answers(form, view);
  form.querySelector("button[type=submit]").disabled = true;
  try {
    const result = await graphql(SUBMIT, { token, input, submissionId: submissionId() });
    const error = result.errors?.[0];
    if (error?.extensions?.reason === "ALREADY_USED") {
      state.view = { ...view, alreadySubmitted: true };
    } else if (error) {
      state.error = error.message;
    } else {
      state.done = result.data.submitFeedback;
    }
  } catch {
    state.error = t(TEXT.failed);
  }
  render();
}

async function load() {
  try {
    const result = await graphql(FORM_QUERY, { token });
    if (result.errors?.length) {
      const notFound = result.errors[0].extensions?.code === "NOT_FOUND";
      return message(notFound ? t(TEXT.notFound) : result.errors[0].message, "error");
    }
    state.view = result.data.feedbackForm;
    render();
  } catch {
    message(t(TEXT.failed), "error");
  }
}

for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => {
    lang = button.dataset.lang;
    localStorage.setItem("wizyty.lang", lang);
    if (state.view || state.done) render();
    else void load();
  });
}

void load();
