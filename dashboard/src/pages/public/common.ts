// What the public pages (editions, an edition, one's registration) share: anonymous API calls,
// a visit's dates, seats and programme.
import "./public.css";

import { graphql } from "../../api";
import { el } from "../../dom";
import { formatDates, formatNumber, lang, words } from "../../i18n";

const w = words(
  {
    when: "Termin",
    where: "Podregion",
    seats: "Miejsca",
    seatsLeft: "wolne: {left} z {capacity}",
    full: "brak wolnych miejsc (z {capacity}) — zapis na listę rezerwową",
    waitlist: "osób na liście rezerwowej: {n}",
    day: "Dzień {n}",
    topics: "Tematy",
    noStops: "Program zostanie podany wkrótce.",
  },
  {
    when: "Dates",
    where: "Subregion",
    seats: "Seats",
    seatsLeft: "{left} of {capacity} free",
    full: "no seats left (of {capacity}) — registration joins the waitlist",
    waitlist: "on the waitlist: {n}",
    day: "Day {n}",
    topics: "Topics",
    noStops: "The programme will be announced soon.",
  },
);

/** The public pages send no staff token: a stored (even expired) session must not matter. */
export function ask<T>(query: string, variables: object = {}): Promise<T> {
  return graphql<T>(query, variables, { anonymous: true });
}

export interface PublicVisit {
  id: string;
  title: string;
  status: string;
  startDate: string;
  endDate: string;
  capacity: number;
  seatsLeft: number;
  waitlistCount: number;
  description: string | null;
  subregion: { code: string; name: string; nameEn: string };
  stops: { order: number; day: number; host: { name: string }; topics: string[] }[];
}

/** The fields of StudyVisit that the public pages show. */
export const PUBLIC_VISIT_FIELDS = /* GraphQL */ `
  id
  title
  status
  startDate
  endDate
  capacity
  seatsLeft
  waitlistCount
  description
  subregion {
    code
    name
    nameEn
  }
  stops {
    order
    day
    host {
      name
    }
    topics
  }
`;

/** Dates, subregion, seats left and the waitlist, as a description list. */
export function visitFacts(visit: PublicVisit): HTMLElement {
  const list = el("dl", { class: "facts" });
  const seats =
    visit.seatsLeft > 0
      ? w("seatsLeft", {
          left: formatNumber(visit.seatsLeft),
          capacity: formatNumber(visit.capacity),
        })
      : w("full", { capacity: formatNumber(visit.capacity) });
  const waitlist =
    visit.waitlistCount > 0 ? `; ${w("waitlist", { n: formatNumber(visit.waitlistCount) })}` : "";
  const rows: [string, string][] = [
    [w("when"), formatDates(visit.startDate, visit.endDate)],
    [w("where"), lang() === "pl" ? visit.subregion.name : visit.subregion.nameEn],
    [w("seats"), seats + waitlist],
  ];
  for (const [term, detail] of rows) {
    list.appendChild(el("div")).append(el("dt", {}, term), el("dd", {}, detail));
  }
  return list;
}

/** The stops day by day, under headings one level below `level`. */
export function programme(visit: PublicVisit, level: 2 | 3): HTMLElement {
  const box = el("div", { class: "programme" });
  if (visit.stops.length === 0) {
    box.append(el("p", {}, w("noStops")));
    return box;
  }
  const days = [...new Set(visit.stops.map((stop) => stop.day))].sort((a, b) => a - b);
  for (const day of days) {
    box.append(el(level === 2 ? "h3" : "h4", {}, w("day", { n: day })));
    const list = box.appendChild(el("ol", { class: "stops" }));
    for (const stop of visit.stops.filter((s) => s.day === day)) {
      const item = list.appendChild(el("li"));
      item.append(el("strong", {}, stop.host.name));
      if (stop.topics.length) {
        item.append(el("br"), `${w("topics")}: ${stop.topics.join("; ")}`);
      }
    }
  }
  return box;
}
