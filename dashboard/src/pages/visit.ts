// One visit: its programme (stops, hosts, topics), the feedback summary with per-stop usefulness,
// and the summary of the closing discussion.
import { graphql } from "../api";
import { type Cell, CELL_FRAGMENT, countText, shareText } from "../cells";
import { type Cooperation, COOPERATION_FRAGMENT, cooperationFigure } from "../charts/cooperation";
import { npsFigure, type Recommend, RECOMMEND_FRAGMENT } from "../charts/nps-groups";
import { type Rating, RATING_FRAGMENT, ratingFigure } from "../charts/rating-distribution";
import { type StopRating, stopUsefulnessFigure } from "../charts/stop-usefulness";
import { dataTable, el } from "../dom";
import { figure, setMinGroup } from "../figure";
import { formatDate, formatDates, lang, t } from "../i18n";
import { hostTypeName, statusName } from "../labels";
import type { Page } from "../page";
import { sectorName } from "../reference";
import { urlOf } from "../state";

const VISIT = /* GraphQL */ `
  query Visit($id: ID!) {
    analyticsMinGroup
    visit(id: $id) {
      id
      title
      edition
      programme
      organiser
      startDate
      endDate
      status
      capacity
      description
      subregion {
        code
        name
        nameEn
      }
      stops {
        order
        day
        topics
        host {
          name
          type
        }
      }
      feedbackSummary {
        responses {
          ...C
        }
        invitationsIssued {
          ...C
        }
        responseRate {
          ...C
        }
        ratings {
          ...Rating
        }
        stops {
          order
          mean {
            ...C
          }
          distribution {
            value
            count {
              ...C
            }
          }
        }
        recommend {
          ...Recommend
        }
        cooperation {
          ...Cooperation
        }
        discussion {
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
        }
      }
    }
  }
  ${CELL_FRAGMENT}
  ${RATING_FRAGMENT}
  ${RECOMMEND_FRAGMENT}
  ${COOPERATION_FRAGMENT}
`;

interface VisitData {
  analyticsMinGroup: number;
  visit: {
    id: string;
    title: string;
    edition: number;
    programme: string;
    organiser: string;
    startDate: string;
    endDate: string;
    status: string;
    capacity: number;
    description: string | null;
    subregion: { code: string; name: string; nameEn: string };
    stops: { order: number; day: number; topics: string[]; host: { name: string; type: string } }[];
    feedbackSummary: {
      responses: Cell;
      invitationsIssued: Cell;
      responseRate: Cell;
      ratings: Rating[];
      stops: { order: number; mean: Cell; distribution: { value: number; count: Cell }[] }[];
      recommend: Recommend;
      cooperation: Cooperation;
      discussion: {
        heldOn: string;
        perSector: {
          sector: string;
          needs: string[];
          supportProposals: string[];
          notes: string | null;
        }[];
        actions: { description: string; owner: string; dueDate: string; sector: string | null }[];
      } | null;
    } | null;
  };
}

function list(items: string[]): HTMLElement {
  const ul = el("ul");
  for (const item of items) ul.append(el("li", {}, item));
  return ul;
}

const visitPage: Page = async ({ view, main }) => {
  const data = await graphql<VisitData>(VISIT, { id: view.id });
  setMinGroup(data.analyticsMinGroup);
  const visit = data.visit;
  const summary = visit.feedbackSummary;
  main
    .appendChild(el("p"))
    .append(
      el(
        "a",
        { href: urlOf({ ...view, page: "visits", id: undefined, options: {} }) },
        `← ${t("backToVisits")}`,
      ),
    );
  main.append(el("h1", {}, visit.title));
  const facts = el("dl", { class: "tiles" });
  const fact = (name: string, value: string) => {
    const box = facts.appendChild(el("div", { class: "tile" }));
    box.append(el("dt", {}, name), el("dd", {}, value));
  };
  fact(t("dates"), formatDates(visit.startDate, visit.endDate));
  fact(t("subregion"), lang() === "pl" ? visit.subregion.name : visit.subregion.nameEn);
  fact(t("status"), statusName(visit.status));
  fact(t("programme"), visit.programme);
  fact(t("organiser"), visit.organiser);
  if (summary) {
    fact(
      t("responses"),
      `${countText(summary.responses)} / ${countText(summary.invitationsIssued)} (${shareText(summary.responseRate)})`,
    );
  }
  main.append(facts);
  const filterLink = el(
    "a",
    {
      class: "button",
      href: urlOf({
        ...view,
        page: "overview",
        id: undefined,
        options: {},
        filters: { subregions: [], sectors: [], visit: visit.id },
      }),
    },
    t("filterByVisit"),
  );
  main.appendChild(el("p")).append(filterLink);
  if (visit.description) main.append(el("p", {}, visit.description));

  const programme = el("section", { "aria-labelledby": "programme-title" });
  programme.append(el("h2", { id: "programme-title" }, t("programmeOfVisit")));
  const stops = programme.appendChild(el("ol", { class: "stops" }));
  for (const stop of visit.stops) {
    const li = stops.appendChild(el("li"));
    li.append(
      el("strong", {}, stop.host.name),
      ` — ${hostTypeName(stop.host.type)}, ${t("day").toLowerCase()} ${stop.day}`,
    );
    if (stop.topics.length) li.append(list(stop.topics));
  }
  main.append(programme);

  if (summary) {
    const grid = el("div", { class: "figures" });
    const stopRatings: StopRating[] = visit.stops.map((stop) => {
      const rated = summary.stops.find((s) => s.order === stop.order);
      return {
        order: stop.order,
        name: stop.host.name,
        mean: rated?.mean ?? { value: null, suppressed: true },
        distribution: rated?.distribution ?? [],
      };
    });
    if (stopRatings.length) grid.append(figure(stopUsefulnessFigure(stopRatings)));
    grid.append(
      ...summary.ratings.map((rating) =>
        figure(ratingFigure(`visit-rating-${rating.question.toLowerCase()}`, rating)),
      ),
      figure(npsFigure("visit-nps", summary.recommend, summary.responses)),
      figure(cooperationFigure("visit-cooperation", summary.cooperation, summary.responses)),
    );
    main.append(grid);
  }

  const discussion = el("section", { "aria-labelledby": "discussion-title" });
  discussion.append(el("h2", { id: "discussion-title" }, t("discussionTitle")));
  const held = summary?.discussion;
  if (!held) discussion.append(el("p", {}, t("noDiscussion")));
  else {
    discussion.append(el("p", {}, t("discussionHeld", { date: formatDate(held.heldOn) })));
    for (const part of held.perSector) {
      const box = discussion.appendChild(el("div", { class: "discussion-sector" }));
      box.append(el("h3", {}, sectorName(part.sector)));
      if (part.needs.length) box.append(el("h4", {}, t("needs")), list(part.needs));
      if (part.supportProposals.length)
        box.append(el("h4", {}, t("proposals")), list(part.supportProposals));
      if (part.notes) box.append(el("h4", {}, t("notes")), el("p", {}, part.notes));
    }
    if (held.actions.length) {
      discussion.append(el("h3", {}, t("actions")));
      const { wrap, body } = dataTable(t("actions"), [
        t("actions"),
        t("owner"),
        t("dueDate"),
        t("sector"),
      ]);
      discussion.append(wrap);
      for (const action of held.actions) {
        const tr = body.appendChild(el("tr"));
        tr.append(
          el("td", {}, action.description),
          el("td", {}, action.owner),
          el("td", {}, formatDate(action.dueDate)),
          el("td", {}, action.sector ? sectorName(action.sector) : "—"),
        );
      }
    }
  }
  main.append(discussion);
};

export default visitPage;
