// The upcoming editions open for registration, each with its programme and a link to register.
import { el } from "../../dom";
import { organiserToday, words } from "../../i18n";
import type { Page } from "../../page";
import { urlOf } from "../../state";
import { ask, programme, PUBLIC_VISIT_FIELDS, type PublicVisit, visitFacts } from "./common";

const w = words(
  {
    title: "Najbliższe wizyty studyjne — zapisy otwarte",
    intro:
      "Wizyty studyjne pokazują w praktyce, jak działa ekonomia społeczna w podregionach Mazowsza. Udział jest bezpłatny; zapis nie wymaga konta.",
    none: "Teraz nie ma wizyt z otwartymi zapisami. Zajrzyj tu później.",
    programme: "Program",
    open: "Program i zapis",
  },
  {
    title: "Upcoming study visits — registration open",
    intro:
      "Study visits show in practice how the social economy works in Mazovia's subregions. Taking part is free; registering needs no account.",
    none: "No visits are open for registration now. Check back later.",
    programme: "Programme",
    open: "Programme and registration",
  },
);

// Newest first, 20 a page (a whole visit with its programme is costly, see LIMITS.cost): every
// page is read, as the soonest editions come last.
const EDITIONS = /* GraphQL */ `
  query PublicEditions($filter: VisitFilter!, $after: String) {
    visits(first: 20, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ${PUBLIC_VISIT_FIELDS}
        }
      }
    }
  }
`;

interface EditionsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: PublicVisit }[];
}

async function openEditions(): Promise<PublicVisit[]> {
  const filter = { status: "OPEN_FOR_REGISTRATION", from: organiserToday() };
  const visits: PublicVisit[] = [];
  let after: string | null = null;
  do {
    const { visits: page }: { visits: EditionsPage } = await ask(EDITIONS, { filter, after });
    visits.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return visits;
}

const page: Page = async ({ view, main }) => {
  const visits = (await openEditions()).sort(
    (a, b) => a.startDate.localeCompare(b.startDate) || a.title.localeCompare(b.title),
  );
  const wrap = main.appendChild(el("div", { class: "public-page" }));
  wrap.append(el("h1", {}, w("title")), el("p", {}, w("intro")));
  if (visits.length === 0) {
    wrap.append(el("p", { class: "notice" }, w("none")));
    return;
  }
  const list = wrap.appendChild(el("ul", { class: "editions" }));
  for (const visit of visits) {
    const card = list.appendChild(el("li")).appendChild(el("article", { class: "edition-card" }));
    const href = urlOf({ ...view, page: "edition", id: visit.id, options: {} });
    const heading = card.appendChild(el("h2"));
    heading.append(el("a", { href }, visit.title));
    card.append(visitFacts(visit));
    if (visit.description) card.append(el("p", {}, visit.description));
    card.append(el("h3", {}, w("programme")), programme(visit, 3));
    const link = el("a", { class: "button primary", href }, w("open"));
    link.append(el("span", { class: "visually-hidden" }, `: ${visit.title}`));
    card.appendChild(el("p", { class: "actions" })).append(link);
  }
};

export default page;
