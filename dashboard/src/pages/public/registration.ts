// One's own registration, opened with the personal link `/registration/<id>#<cancelToken>`: the
// status and place in line (checked again on demand and whenever the page comes back into view),
// and cancelling, with a confirmation step.
import { ApiError } from "../../api";
import { el } from "../../dom";
import { errorText, formElement, statusLine, submitting } from "../../forms";
import { formatDate, formatDates, lang, words } from "../../i18n";
import type { Page } from "../../page";
import { urlOf, type View } from "../../state";
import { ask } from "./common";

const w = words(
  {
    title: "Twoje zgłoszenie",
    back: "Wszystkie wizyty z otwartymi zapisami",
    noToken:
      "Ten link jest niepełny: brakuje w nim kodu po znaku #. Otwórz link dokładnie w takiej postaci, w jakiej dostałeś(-aś) go po zapisie.",
    notFound:
      "Nie znaleźliśmy zgłoszenia dla tego linku. Sprawdź, czy link został skopiowany w całości, razem z kodem po znaku #.",
    visit: "Wizyta",
    name: "Zgłoszenie na nazwisko",
    REGISTERED: "Masz miejsce",
    REGISTEREDText: "Twoje miejsce na wizycie jest potwierdzone.",
    WAITLISTED: "Jesteś na liście rezerwowej, miejsce {n}",
    WAITLISTEDText:
      "Gdy ktoś przed Tobą zrezygnuje, przesuniesz się w górę; gdy zwolni się miejsce, dostaniesz je automatycznie i zobaczysz to tutaj.",
    CANCELLED: "Zgłoszenie anulowane",
    CANCELLEDText: "Zrezygnowano {date}. Możesz zapisać się ponownie, jeśli zapisy są otwarte.",
    visitCancelled: "Wizyta została odwołana przez organizatorów; wszystkie zgłoszenia anulowano.",
    ATTENDED: "Udział potwierdzony",
    ATTENDEDText: "Organizatorzy odnotowali Twoją obecność.",
    NO_SHOW: "Nieobecność",
    NO_SHOWText: "Organizatorzy odnotowali, że nie było Cię na wizycie.",
    refresh: "Odśwież status",
    checked: "Sprawdzono o {time}: {status}.",
    cancel: "Zrezygnuj z udziału",
    confirmTitle: "Na pewno chcesz zrezygnować?",
    confirmText:
      "Twoje miejsce (albo miejsce w kolejce) przejdzie na następną osobę. Tego nie można cofnąć; ponowny zapis trafi na koniec kolejki, jeśli nie będzie wolnych miejsc.",
    confirm: "Tak, rezygnuję",
    keep: "Nie, zostaję",
    cancelled: "Zrezygnowano z udziału.",
  },
  {
    title: "Your registration",
    back: "All visits open for registration",
    noToken:
      "This link is incomplete: the code after the # sign is missing. Open the link exactly as you received it when you registered.",
    notFound:
      "We found no registration for this link. Check that the whole link was copied, including the code after the # sign.",
    visit: "Visit",
    name: "Registered name",
    REGISTERED: "You have a seat",
    REGISTEREDText: "Your seat at the visit is confirmed.",
    WAITLISTED: "You are on the waitlist, place {n}",
    WAITLISTEDText:
      "When someone ahead of you cancels, you move up; when a seat comes free, you get it automatically and see it here.",
    CANCELLED: "Registration cancelled",
    CANCELLEDText: "Cancelled on {date}. You may register again if registration is open.",
    visitCancelled: "The organisers cancelled the visit; every registration was cancelled.",
    ATTENDED: "Attendance confirmed",
    ATTENDEDText: "The organisers recorded that you attended.",
    NO_SHOW: "Did not attend",
    NO_SHOWText: "The organisers recorded that you did not attend.",
    refresh: "Refresh status",
    checked: "Checked at {time}: {status}.",
    cancel: "Cancel my registration",
    confirmTitle: "Do you really want to cancel?",
    confirmText:
      "Your seat (or place in line) goes to the next person. This cannot be undone; registering again joins the end of the line if no seats are free.",
    confirm: "Yes, cancel",
    keep: "No, keep it",
    cancelled: "Your registration is cancelled.",
  },
);

const FIELDS = /* GraphQL */ `
  id
  status
  waitlistPosition
  cancelledAt
  participant {
    name
  }
  visit {
    id
    title
    status
    startDate
    endDate
  }
`;

const STATUS = /* GraphQL */ `
  query MyRegistration($id: ID!, $token: String!) {
    registrationStatus(id: $id, cancelToken: $token) {
      ${FIELDS}
    }
  }
`;

const CANCEL = /* GraphQL */ `
  mutation CancelMyRegistration($id: ID!, $token: String!) {
    cancelRegistration(id: $id, cancelToken: $token) {
      ${FIELDS}
    }
  }
`;

const PUBLIC_STATUSES = new Set(["OPEN_FOR_REGISTRATION", "COMPLETED"]);

type Status = "REGISTERED" | "WAITLISTED" | "CANCELLED" | "ATTENDED" | "NO_SHOW";

interface Mine {
  id: string;
  status: Status;
  waitlistPosition: number | null;
  cancelledAt: string | null;
  participant: { name: string };
  visit: { id: string; title: string; status: string; startDate: string; endDate: string };
}

/**
 * Tokens seen in this tab: a view drawn by the in-app navigation (the language switch) has no
 * fragment, so the token is put back into the address from here.
 */
const tokens = new Map<string, string>();

function tokenFor(id: string): string | undefined {
  const fragment = decodeURIComponent(location.hash.slice(1));
  if (fragment) tokens.set(id, fragment);
  const token = tokens.get(id);
  if (token && !fragment) {
    history.replaceState(history.state, "", `${location.pathname}${location.search}#${token}`);
  }
  return token;
}

function headline(mine: Mine): string {
  return mine.status === "WAITLISTED"
    ? w("WAITLISTED", { n: mine.waitlistPosition ?? "?" })
    : w(mine.status);
}

const page: Page = async ({ view, main }) => {
  const wrap = main.appendChild(el("div", { class: "public-page" }));
  const back = el("a", { href: urlOf({ ...view, page: "editions", id: undefined }) }, w("back"));
  wrap.appendChild(el("p")).append(back);
  wrap.append(el("h1", {}, w("title")));
  const id = view.id ?? "";
  const token = tokenFor(id);
  if (!token) {
    wrap.append(el("p", { class: "notice", id: "registration-problem" }, w("noToken")));
    return;
  }
  let mine: Mine;
  try {
    mine = (await ask<{ registrationStatus: Mine }>(STATUS, { id, token })).registrationStatus;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "NOT_FOUND")) throw error;
    wrap.append(el("p", { class: "notice", id: "registration-problem" }, w("notFound")));
    return;
  }
  showRegistration(view, wrap, mine, token);
};

function showRegistration(view: View, wrap: HTMLElement, first: Mine, token: string): void {
  const facts = wrap.appendChild(el("dl", { class: "facts" }));
  // Only a public visit has a public page to link to.
  const visitLink = PUBLIC_STATUSES.has(first.visit.status)
    ? el(
        "a",
        { href: urlOf({ ...view, page: "edition", id: first.visit.id, options: {} }) },
        first.visit.title,
      )
    : first.visit.title;
  const visitRow = facts.appendChild(el("div"));
  visitRow.append(el("dt", {}, w("visit")));
  visitRow
    .appendChild(el("dd"))
    .append(visitLink, ` (${formatDates(first.visit.startDate, first.visit.endDate)})`);
  facts
    .appendChild(el("div"))
    .append(el("dt", {}, w("name")), el("dd", {}, first.participant.name));

  const box = wrap.appendChild(el("div", { class: "outcome", id: "registration-status" }));
  const live = wrap.appendChild(statusLine());
  const problem = wrap.appendChild(el("p", { class: "error", role: "alert" }));
  const actions = wrap.appendChild(el("div", { class: "actions" }));
  const refresh = el("button", { type: "button", id: "refresh-status" }, w("refresh"));
  const cancel = el("button", { type: "button", id: "cancel-start" }, w("cancel"));
  cancel.setAttribute("aria-expanded", "false");
  cancel.setAttribute("aria-controls", "cancel-confirm");
  actions.append(refresh, cancel);
  const confirm = wrap.appendChild(cancelConfirmation());

  const draw = (mine: Mine) => {
    const kind = mine.status === "WAITLISTED" ? "waitlisted" : mine.status.toLowerCase();
    box.className = `outcome ${mine.status === "REGISTERED" ? "seat" : kind}`;
    box.dataset.status = mine.status;
    const heading = el("h2", { tabindex: "-1", id: "status-heading" }, headline(mine));
    const text =
      mine.status === "CANCELLED" && mine.visit.status === "CANCELLED"
        ? w("visitCancelled")
        : w(`${mine.status}Text`, { date: mine.cancelledAt ? formatDate(mine.cancelledAt) : "" });
    box.replaceChildren(heading, el("p", {}, text));
    const active = mine.status === "REGISTERED" || mine.status === "WAITLISTED";
    cancel.hidden = !active;
    if (!active) closeConfirmation(false);
  };

  let busy = false;
  const check = async () => {
    if (busy || !wrap.isConnected) return;
    busy = true;
    refresh.setAttribute("aria-busy", "true");
    try {
      const mine = (await ask<{ registrationStatus: Mine }>(STATUS, { id: first.id, token }))
        .registrationStatus;
      draw(mine);
      problem.textContent = "";
      const time = new Date().toLocaleTimeString(lang() === "pl" ? "pl-PL" : "en-GB");
      live.textContent = w("checked", { time, status: headline(mine) });
    } catch (error) {
      problem.textContent = errorText(error);
    } finally {
      busy = false;
      refresh.removeAttribute("aria-busy");
    }
  };
  refresh.addEventListener("click", () => void check());
  // Back on the tab or the window: the place in line may have moved meanwhile.
  const onReturn = () => {
    if (!wrap.isConnected) {
      window.removeEventListener("focus", onReturn);
      document.removeEventListener("visibilitychange", onReturn);
    } else if (document.visibilityState === "visible") void check();
  };
  window.addEventListener("focus", onReturn);
  document.addEventListener("visibilitychange", onReturn);

  function closeConfirmation(returnFocus: boolean) {
    confirm.hidden = true;
    cancel.setAttribute("aria-expanded", "false");
    if (returnFocus) cancel.focus();
  }
  cancel.addEventListener("click", () => {
    confirm.hidden = false;
    cancel.setAttribute("aria-expanded", "true");
    confirm.querySelector<HTMLElement>("h2")!.focus();
  });
  confirm.querySelector("button[type=button]")!.addEventListener("click", () => {
    closeConfirmation(true);
  });
  const yes = confirm.querySelector<HTMLButtonElement>("button[type=submit]")!;
  confirm.addEventListener("submit", (event) => {
    event.preventDefault();
    let after: Mine | undefined;
    void submitting(confirm, yes, async () => {
      after = (await ask<{ cancelRegistration: Mine }>(CANCEL, { id: first.id, token }))
        .cancelRegistration;
    }).then((ok) => {
      if (!ok || !after) return;
      draw(after);
      live.textContent = w("cancelled");
      box.querySelector<HTMLElement>("h2")!.focus();
    });
  });
  draw(first);
}

/** The confirmation step of cancelling, hidden until asked for. */
function cancelConfirmation(): HTMLFormElement {
  const form = formElement({
    class: "confirm-box",
    id: "cancel-confirm",
    "aria-labelledby": "confirm-heading",
  });
  form.hidden = true;
  form.append(
    el("h2", { id: "confirm-heading", tabindex: "-1" }, w("confirmTitle")),
    el("p", {}, w("confirmText")),
  );
  const buttons = form.appendChild(el("div", { class: "actions" }));
  buttons.append(
    el("button", { type: "submit", class: "primary", id: "cancel-confirm-yes" }, w("confirm")),
    el("button", { type: "button", id: "cancel-confirm-no" }, w("keep")),
  );
  return form;
}

export default page;
