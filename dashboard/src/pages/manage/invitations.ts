// Feedback invitations of a visit: issue them to the attendees, follow which were e-mailed, which
// failed and which were used, renew the unused links, and print the sheet of QR cards for the
// closing discussion. Links exist only in the answer that made them, so the sheet is shown then.
import "./invitations.css";

import { graphql } from "../../api";
import { dataTable, el } from "../../dom";
import { formElement, statusLine, submitting } from "../../forms";
import { formatDate, formatDates, formatNumber, organiserToday, words } from "../../i18n";
import type { Page } from "../../page";
import {
  byName,
  confirmDialog,
  formatWhen,
  type Person,
  type VisitDay,
  visitDay,
  visitTop,
} from "./visit-day";

const w = words(
  {
    heading: "Ankiety i kody QR",
    tooEarly: "Zaproszenia do ankiety można wydać od pierwszego dnia wizyty, {date}.",
    cancelled: "Wizyta została odwołana; zaproszeń się nie wydaje.",
    issueTitle: "Wydaj zaproszenia",
    issueText:
      "Każda osoba oznaczona jako obecna, która nie ma jeszcze zaproszenia, dostanie jednorazowy link do anonimowej ankiety (także e-mailem, jeśli serwer poczty jest ustawiony). Linki są pokazywane tylko raz: od razu wydrukuj arkusz kodów QR.",
    issue: "Wydaj zaproszenia",
    issued: "Wydano zaproszeń: {n}. Zaproszenie miało już wcześniej: {m}.",
    nobodyNew: "Nie ma obecnych osób bez zaproszenia.",
    renewTitle: "Odnów linki",
    renewText:
      "Gdy arkusz zginął albo trzeba go wydrukować ponownie: niewykorzystane zaproszenia dostaną nowe linki, a dotychczasowe przestaną działać. Nowe linki zostaną też wysłane e-mailem.",
    renew: "Odnów linki niewykorzystanych zaproszeń",
    renewConfirmTitle: "Odnowić linki?",
    renewConfirm:
      "Dotychczasowe linki {n} niewykorzystanych zaproszeń przestaną działać, także te już wydrukowane i wysłane e-mailem.",
    renewYes: "Tak, odnów linki",
    renewNo: "Nie",
    renewed: "Odnowiono linki: {n}.",
    listTitle: "Zaproszenia",
    attendees: "Obecni: {n}; z zaproszeniem: {invited}; ankiet wypełnionych: {used}.",
    notInvited: "Obecni bez zaproszenia: {n}.",
    none: "Nie wydano jeszcze zaproszeń.",
    card: "Karta",
    name: "Imię i nazwisko",
    mail: "E-mail",
    used: "Ankieta",
    createdAt: "Wydano",
    SENT: "Wysłano",
    FAILED: "Nie doręczono — wręcz kartę",
    NOT_SENT: "Nie wysyłano",
    yes: "Wypełniona",
    no: "Jeszcze nie",
    renewedOn: "odnowiono {date}",
    unknownPerson: "(osoba nie jest już na liście obecnych)",
    sheetTitle: "Arkusz kodów QR do wydruku",
    sheetText:
      "Te linki są pokazane tylko teraz. Wydrukuj arkusz (A4, 8 kart na stronie) i rozetnij wzdłuż linii przerywanych. Na kartach są tylko numery; kto ma który numer, pokazuje tabela zaproszeń.",
    print: "Drukuj arkusz",
    cardNo: "Karta nr {n}",
    cardPrompt: "Ankieta po wizycie — zeskanuj kod lub wpisz adres:",
    qrAlt: "Kod QR z linkiem do ankiety, karta nr {n}",
  },
  {
    heading: "Feedback and QR codes",
    tooEarly: "Feedback invitations can be issued from the visit's first day, {date}.",
    cancelled: "The visit was cancelled; no invitations are issued.",
    issueTitle: "Issue invitations",
    issueText:
      "Everyone recorded as present who has no invitation yet gets a one-time link to the anonymous feedback form (also by e-mail when a mail server is set up). Links are shown only once: print the QR sheet straight away.",
    issue: "Issue invitations",
    issued: "Invitations issued: {n}. Already invited before: {m}.",
    nobodyNew: "Nobody present is without an invitation.",
    renewTitle: "Renew the links",
    renewText:
      "When the sheet is lost or must be printed again: unused invitations get new links and the old ones stop working. The new links are e-mailed as well.",
    renew: "Renew the links of unused invitations",
    renewConfirmTitle: "Renew the links?",
    renewConfirm:
      "The current links of {n} unused invitations will stop working, printed and e-mailed ones included.",
    renewYes: "Yes, renew the links",
    renewNo: "No",
    renewed: "Links renewed: {n}.",
    listTitle: "Invitations",
    attendees: "Present: {n}; invited: {invited}; forms filled in: {used}.",
    notInvited: "Present without an invitation: {n}.",
    none: "No invitations have been issued yet.",
    card: "Card",
    name: "Name",
    mail: "E-mail",
    used: "Feedback",
    createdAt: "Issued",
    SENT: "Sent",
    FAILED: "Not delivered — hand the card over",
    NOT_SENT: "Not e-mailed",
    yes: "Filled in",
    no: "Not yet",
    renewedOn: "renewed {date}",
    unknownPerson: "(no longer on the list of those present)",
    sheetTitle: "Sheet of QR codes to print",
    sheetText:
      "These links are shown only now. Print the sheet (A4, 8 cards a page) and cut along the dashed lines. The cards carry numbers only; the invitations table shows who has which number.",
    print: "Print the sheet",
    cardNo: "Card no. {n}",
    cardPrompt: "Feedback on the visit — scan the code or type the address:",
    qrAlt: "QR code with the link to the feedback form, card no. {n}",
  },
);

interface InvitationState {
  registrationId: string;
  mailStatus: "SENT" | "FAILED" | "NOT_SENT";
  used: boolean;
  createdAt: string;
  renewedAt: string | null;
}

interface IssuedLink {
  registrationId: string;
  link: string;
  qrCodeSvg: string;
}

const INVITATIONS = /* GraphQL */ `
  query VisitInvitations($id: ID!) {
    visit(id: $id) {
      id
      invitations {
        registrationId
        mailStatus
        used
        createdAt
        renewedAt
      }
    }
  }
`;

// The links as the sheet needs them; the name and e-mail stay out of the page.
const LINK = /* GraphQL */ `
  fragment IssuedLink on IssuedInvitation {
    registrationId
    link
    qrCodeSvg
  }
`;

const ISSUE = /* GraphQL */ `
  mutation IssueInvitations($visitId: ID!) {
    issueInvitations(visitId: $visitId) {
      issued
      alreadyInvited
      invitations {
        ...IssuedLink
      }
    }
  }
  ${LINK}
`;

const RENEW = /* GraphQL */ `
  mutation RenewInvitationLinks($visitId: ID!) {
    renewInvitationLinks(visitId: $visitId) {
      ...IssuedLink
    }
  }
  ${LINK}
`;

const CARDS_PER_PAGE = 8;

/** The link as people type it: no scheme, a break allowed after each slash. */
const shortLink = (link: string) => link.replace(/^https?:\/\//, "");

const page: Page = async ({ view, main }) => {
  const id = view.id!;
  const visit = await visitDay(id);
  main.append(...visitTop(view, visit, "invitations", w("heading")));
  const started = visit.startDate <= organiserToday();
  if (visit.status === "CANCELLED") main.append(el("p", { class: "notice" }, w("cancelled")));
  else if (!started) {
    main.append(el("p", { class: "notice" }, w("tooEarly", { date: formatDate(visit.startDate) })));
  }

  const status = statusLine();
  const sheet = el("section", { class: "qr-sheet-section", "aria-labelledby": "qr-sheet-title" });
  sheet.hidden = true;
  const list = el("section", { class: "invitation-list", "aria-labelledby": "invitations-title" });
  const renewDialog = confirmDialog("renew", {
    title: w("renewConfirmTitle"),
    yes: w("renewYes"),
    no: w("renewNo"),
  });
  /** Card numbers by registration: the invitations in alphabetical order of names. */
  let cards = new Map<string, number>();
  let unused = 0;

  async function drawList(): Promise<void> {
    const fresh = await visitDay(id);
    const invitations =
      (await graphql<{ visit: { invitations: InvitationState[] } }>(INVITATIONS, { id })).visit
        .invitations ?? [];
    const people = new Map(fresh.registrations.map((r) => [r.id, r]));
    const sorted = [...invitations].sort((a, b) => {
      const [pa, pb] = [people.get(a.registrationId), people.get(b.registrationId)];
      return pa && pb ? byName(pa, pb) : pa ? -1 : pb ? 1 : 0;
    });
    cards = new Map(sorted.map((invitation, i) => [invitation.registrationId, i + 1]));
    unused = invitations.filter((i) => !i.used).length;
    const present = fresh.registrations.filter((r) => r.status === "ATTENDED");
    const invited = new Set(invitations.map((i) => i.registrationId));
    list.replaceChildren(el("h2", { id: "invitations-title" }, w("listTitle")));
    list.append(
      el(
        "p",
        {},
        w("attendees", {
          n: present.length,
          invited: invitations.length,
          used: invitations.filter((i) => i.used).length,
        }),
      ),
    );
    const missing = present.filter((p) => !invited.has(p.id)).length;
    if (missing) list.append(el("p", { class: "notice" }, w("notInvited", { n: missing })));
    if (!sorted.length) {
      list.append(el("p", {}, w("none")));
      return;
    }
    list.append(invitationTable(sorted, people));
    renewButton.disabled = unused === 0;
  }

  function invitationTable(sorted: InvitationState[], people: Map<string, Person>): HTMLElement {
    const { wrap, body } = dataTable(
      w("listTitle"),
      (["card", "name", "mail", "used", "createdAt"] as const).map((key) => w(key)),
      { className: "invitations", hideCaption: true },
    );
    for (const invitation of sorted) {
      const person = people.get(invitation.registrationId);
      const row = body.appendChild(el("tr", { "data-registration": invitation.registrationId }));
      row.append(
        el("td", { class: "num" }, formatNumber(cards.get(invitation.registrationId)!)),
        el("th", { scope: "row" }, person?.participant.name ?? w("unknownPerson")),
        el("td", { class: `mail-${invitation.mailStatus}` }, w(invitation.mailStatus)),
        el("td", {}, invitation.used ? w("yes") : w("no")),
        el(
          "td",
          {},
          formatWhen(invitation.createdAt) +
            (invitation.renewedAt
              ? ` (${w("renewedOn", { date: formatWhen(invitation.renewedAt) })})`
              : ""),
        ),
      );
    }
    return wrap;
  }

  function drawSheet(links: IssuedLink[]): void {
    const numbered = links
      .map((link) => ({ ...link, card: cards.get(link.registrationId) ?? 0 }))
      .sort((a, b) => a.card - b.card);
    const print = el("button", { type: "button", class: "primary" }, w("print"));
    print.addEventListener("click", () => window.print());
    const intro = el("div", { class: "qr-sheet-intro" });
    intro.append(
      el("h2", { id: "qr-sheet-title", tabindex: "-1" }, w("sheetTitle")),
      el("p", {}, w("sheetText")),
      print,
    );
    const pages = el("div", { class: "qr-sheet" });
    for (let i = 0; i < numbered.length; i += CARDS_PER_PAGE) {
      const sheetPage = pages.appendChild(el("div", { class: "qr-page" }));
      for (const link of numbered.slice(i, i + CARDS_PER_PAGE)) {
        sheetPage.append(card(visit, link));
      }
    }
    sheet.replaceChildren(intro, pages);
    sheet.hidden = numbered.length === 0;
    // The links are shown only now: the sheet takes the focus, so that nobody misses it.
    if (!sheet.hidden) sheet.querySelector<HTMLElement>("h2")!.focus();
  }

  const issueForm = formElement({ class: "invitation-action" });
  const issueButton = el("button", { type: "submit", class: "primary" }, w("issue"));
  issueForm.append(el("h2", {}, w("issueTitle")), el("p", {}, w("issueText")), issueButton);
  issueForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void submitting(issueForm, issueButton, async () => {
      const { issueInvitations: result } = await graphql<{
        issueInvitations: { issued: number; alreadyInvited: number; invitations: IssuedLink[] };
      }>(ISSUE, { visitId: id });
      await drawList();
      drawSheet(result.invitations);
      status.textContent = result.issued
        ? w("issued", { n: result.issued, m: result.alreadyInvited })
        : w("nobodyNew");
    });
  });

  const renewForm = formElement({ class: "invitation-action" });
  const renewButton = el("button", { type: "submit" }, w("renew"));
  renewForm.append(el("h2", {}, w("renewTitle")), el("p", {}, w("renewText")), renewButton);
  renewForm.addEventListener("submit", (event) => {
    event.preventDefault();
    renewDialog.ask(w("renewConfirm", { n: unused }), renewButton, async () => {
      const { renewInvitationLinks: links } = await graphql<{
        renewInvitationLinks: IssuedLink[];
      }>(RENEW, { visitId: id });
      await drawList();
      drawSheet(links);
      status.textContent = w("renewed", { n: links.length });
    });
  });

  await drawList();
  const actions = el("div", { class: "invitation-actions no-print" });
  if (visit.status !== "CANCELLED" && started) actions.append(issueForm, renewForm);
  main.append(status, actions, sheet, list, renewDialog.element);
};

/** One cut-out card: the visit, its dates, the card's number, the QR code and the link. */
function card(visit: VisitDay, link: IssuedLink & { card: number }): HTMLElement {
  const box = el("article", { class: "qr-card", "data-registration": link.registrationId });
  box.setAttribute("aria-label", w("cardNo", { n: link.card }));
  const text = el("div", { class: "qr-card-text" });
  text.append(
    el("p", { class: "qr-card-title" }, visit.title),
    el("p", { class: "qr-card-dates" }, formatDates(visit.startDate, visit.endDate)),
    el("p", { class: "qr-card-number" }, w("cardNo", { n: link.card })),
    el("p", { class: "qr-card-prompt" }, w("cardPrompt")),
    el("p", { class: "qr-card-link" }, shortLink(link.link)),
  );
  const image = el("img", {
    class: "qr-card-code",
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrCodeSvg)}`,
    alt: w("qrAlt", { n: link.card }),
  });
  box.append(image, text);
  return box;
}

export default page;
