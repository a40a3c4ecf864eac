// One edition: its programme and the registration form; after registering, a seat or a waitlist
// place and the personal link (the cancel token in the fragment, so it never reaches a server log).
import { ApiError } from "../../api";
import { el } from "../../dom";
import { field, formElement, missingFields, showErrors, submitting, valuesOf } from "../../forms";
import { words } from "../../i18n";
import type { Page } from "../../page";
import { sectorName, SECTORS } from "../../reference";
import { urlOf, type View } from "../../state";
import { ask, programme, PUBLIC_VISIT_FIELDS, type PublicVisit, visitFacts } from "./common";

const w = words(
  {
    back: "Wszystkie wizyty z otwartymi zapisami",
    missing: "Nie ma takiej wizyty albo nie jest ona publiczna.",
    programme: "Program",
    register: "Zapisz się",
    closed: "Zapisy na tę wizytę są zamknięte.",
    full: "Wolnych miejsc już nie ma: zapis trafi na listę rezerwową. Gdy ktoś zrezygnuje, pierwsza osoba z listy dostaje miejsce automatycznie.",
    name: "Imię i nazwisko",
    email: "E-mail",
    emailHint: "Nie pokazujemy go publicznie.",
    badEmail: "Podaj adres e-mail w postaci nazwa@domena.pl.",
    institution: "Instytucja, którą reprezentujesz",
    sector: "Sektor",
    choose: "— wybierz —",
    gender: "Płeć (nieobowiązkowo)",
    genderHint: "Do sprawozdań EFS+; podawane tylko łącznie.",
    notGiven: "nie podaję",
    WOMAN: "kobieta",
    MAN: "mężczyzna",
    NON_BINARY: "osoba niebinarna",
    UNDISCLOSED: "wolę nie mówić",
    consent: "Wyrażam zgodę na przetwarzanie moich danych osobowych w celu udziału w wizycie.",
    submit: "Zapisz się",
    duplicate: "Ten adres e-mail jest już zapisany na tę wizytę.",
    seat: "Masz miejsce",
    seatText: "Jesteś zapisany(-a) na wizytę „{title}”.",
    waitlisted: "Jesteś na liście rezerwowej, miejsce {n}",
    waitlistedText:
      "Gdy ktoś przed Tobą zrezygnuje, przesuniesz się w górę; gdy zwolni się miejsce, dostaniesz je automatycznie.",
    keep: "Zachowaj ten link (zapisz go lub dodaj do zakładek). Tylko pod nim sprawdzisz swój status i miejsce w kolejce oraz zrezygnujesz z udziału — bez logowania:",
    copy: "Kopiuj link",
    copied: "Skopiowano link.",
    open: "Otwórz mój status",
  },
  {
    back: "All visits open for registration",
    missing: "There is no such visit, or it is not public.",
    programme: "Programme",
    register: "Register",
    closed: "Registration for this visit is closed.",
    full: "No seats are left: you will join the waitlist. When someone cancels, the first on the waitlist gets the seat automatically.",
    name: "First name and surname",
    email: "E-mail",
    emailHint: "It is never shown publicly.",
    badEmail: "Enter an e-mail address such as name@example.com.",
    institution: "The institution you represent",
    sector: "Sector",
    choose: "— choose —",
    gender: "Gender (optional)",
    genderHint: "For ESF+ reports; only ever reported in totals.",
    notGiven: "not given",
    WOMAN: "woman",
    MAN: "man",
    NON_BINARY: "non-binary person",
    UNDISCLOSED: "prefer not to say",
    consent: "I consent to the processing of my personal data for taking part in the visit.",
    submit: "Register",
    duplicate: "This e-mail address is already registered for this visit.",
    seat: "You have a seat",
    seatText: "You are registered for the visit “{title}”.",
    waitlisted: "You are on the waitlist, place {n}",
    waitlistedText:
      "When someone ahead of you cancels, you move up; when a seat comes free, you get it automatically.",
    keep: "Keep this link (save or bookmark it). Only with it can you see your status and place in line and cancel — without signing in:",
    copy: "Copy link",
    copied: "Link copied.",
    open: "Open my status",
  },
);

const EDITION = /* GraphQL */ `
  query PublicEdition($id: ID!) {
    visit(id: $id) {
      ${PUBLIC_VISIT_FIELDS}
    }
    registrationConsent {
      version
      text
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation PublicRegister($input: RegistrationInput!) {
    registerForVisit(input: $input) {
      cancelToken
      registration {
        id
        status
        waitlistPosition
      }
    }
  }
`;

interface Registered {
  cancelToken: string;
  registration: { id: string; status: string; waitlistPosition: number | null };
}

const GENDERS = ["WOMAN", "MAN", "NON_BINARY", "UNDISCLOSED"] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const page: Page = async ({ view, main }) => {
  const wrap = main.appendChild(el("div", { class: "public-page" }));
  const back = el("a", { href: urlOf({ ...view, page: "editions", id: undefined }) }, w("back"));
  wrap.appendChild(el("p")).append(back);
  let data: { visit: PublicVisit; registrationConsent: { text: string } };
  try {
    data = await ask(EDITION, { id: view.id });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "NOT_FOUND")) throw error;
    wrap.append(el("h1", {}, w("missing")));
    return;
  }
  const { visit } = data;
  wrap.append(el("h1", {}, visit.title), visitFacts(visit));
  if (visit.description) wrap.append(el("p", {}, visit.description));
  wrap.append(el("h2", {}, w("programme")), programme(visit, 2));
  const section = wrap.appendChild(el("section", { "aria-labelledby": "register-heading" }));
  section.append(el("h2", { id: "register-heading" }, w("register")));
  if (visit.status !== "OPEN_FOR_REGISTRATION") {
    section.append(el("p", { class: "notice" }, w("closed")));
    return;
  }
  if (visit.seatsLeft === 0) section.append(el("p", { class: "notice" }, w("full")));
  section.append(registrationForm(view, visit, data.registrationConsent.text, section));
};

function registrationForm(
  view: View,
  visit: PublicVisit,
  consentText: string,
  section: HTMLElement,
): HTMLFormElement {
  const form = formElement({ class: "registration-form", "aria-labelledby": "register-heading" });
  const id = "reg";
  form.append(
    field(id, { name: "name", label: w("name"), required: true, autocomplete: "name" }),
    field(id, {
      name: "email",
      label: w("email"),
      type: "email",
      required: true,
      autocomplete: "email",
      hint: w("emailHint"),
      attrs: { spellcheck: "false" },
    }),
    field(id, {
      name: "institution",
      label: w("institution"),
      required: true,
      autocomplete: "organization",
    }),
    field(id, {
      name: "sector",
      label: w("sector"),
      type: "select",
      required: true,
      choices: [
        { value: "", label: w("choose") },
        ...SECTORS.map((s) => ({ value: s.code, label: sectorName(s.code) })),
      ],
    }),
    field(id, {
      name: "gender",
      label: w("gender"),
      type: "select",
      hint: w("genderHint"),
      choices: [
        { value: "", label: w("notGiven") },
        ...GENDERS.map((g) => ({ value: g, label: w(g) })),
      ],
    }),
    field(id, {
      name: "consent",
      label: w("consent"),
      type: "checkbox",
      required: true,
      hint: consentText,
    }),
  );
  const button = el("button", { type: "submit", class: "primary" }, w("submit"));
  form.append(button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = valuesOf(form);
    const errors = missingFields(form);
    if (values.email && !EMAIL.test(values.email)) errors.email = w("badEmail");
    if (Object.keys(errors).length) return showErrors(form, errors);
    let result: Registered | undefined;
    let failure: unknown;
    void submitting(form, button, async () => {
      try {
        const answer = await ask<{ registerForVisit: Registered }>(REGISTER, {
          input: {
            visitId: visit.id,
            name: values.name,
            email: values.email,
            institution: values.institution,
            sector: values.sector,
            gender: values.gender || null,
            consent: values.consent === "on",
          },
        });
        result = answer.registerForVisit;
      } catch (error) {
        failure = error;
        throw error;
      }
    }).then((ok) => {
      if (ok && result) return showOutcome(view, visit, result, section);
      if (failure instanceof ApiError && failure.extensions.reason === "DUPLICATE") {
        showErrors(form, { email: w("duplicate") });
      }
    });
  });
  return form;
}

/** The seat or waitlist place, and the personal link to keep. */
function showOutcome(view: View, visit: PublicVisit, result: Registered, section: HTMLElement) {
  const { registration, cancelToken } = result;
  const seated = registration.status !== "WAITLISTED";
  const box = el("div", { class: seated ? "outcome seat" : "outcome waitlisted" });
  const heading = el(
    "h2",
    { tabindex: "-1", id: "outcome-heading" },
    seated ? w("seat") : w("waitlisted", { n: registration.waitlistPosition ?? "?" }),
  );
  box.append(
    heading,
    el("p", {}, seated ? w("seatText", { title: visit.title }) : w("waitlistedText")),
    el("p", {}, w("keep")),
  );
  const path = urlOf({ ...view, page: "registration", id: registration.id, options: {} });
  const href = `${location.origin}${path}#${encodeURIComponent(cancelToken)}`;
  box.append(loadsFully(el("a", { class: "personal-link", href, id: "personal-link" }, href)));
  const actions = box.appendChild(el("p", { class: "actions" }));
  const done = el("p", { role: "status", class: "copy-status" });
  if (navigator.clipboard) {
    const copy = el("button", { type: "button" }, w("copy"));
    copy.addEventListener("click", () => {
      void navigator.clipboard.writeText(href).then(() => (done.textContent = w("copied")));
    });
    actions.append(copy);
  }
  actions.append(loadsFully(el("a", { class: "button primary", href }, w("open"))));
  box.append(done);
  section.replaceChildren(box);
  heading.focus();
}

/** A full load, not the in-app navigation, which would drop the fragment with the token. */
function loadsFully(link: HTMLAnchorElement): HTMLAnchorElement {
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    location.assign(link.href);
  });
  return link;
}

export default page;
