// Overview: participation (ESF+), response, ratings, NPS and intention to cooperate.
import { graphql } from "../api";
import {
  type Cell,
  CELL_FRAGMENT,
  countText,
  intervalText,
  shareInterval,
  shareText,
} from "../cells";
import { type Cooperation, COOPERATION_FRAGMENT, cooperationFigure } from "../charts/cooperation";
import { type GroupCount, groupCountsFigure } from "../charts/group-counts";
import { npsFigure, type Recommend, RECOMMEND_FRAGMENT } from "../charts/nps-groups";
import { type Rating, RATING_FRAGMENT, ratingFigure } from "../charts/rating-distribution";
import { el } from "../dom";
import { figure, setMinGroup } from "../figure";
import { t } from "../i18n";
import type { Page } from "../page";
import { apiFilter } from "../state";

const OVERVIEW = /* GraphQL */ `
  query Overview($filter: AnalyticsFilter) {
    analyticsMinGroup
    analyticsOverview(filter: $filter) {
      visitsHeld {
        ...C
      }
      registrations {
        ...C
      }
      attended {
        ...C
      }
      noShows {
        ...C
      }
      attendanceRate {
        ...C
      }
      invitationsIssued {
        ...C
      }
      responses {
        ...C
      }
      responseRate {
        ...C
      }
      participantsBySector {
        group
        labelPl
        labelEn
        count {
          ...C
        }
      }
      participantsByGender {
        group
        labelPl
        labelEn
        count {
          ...C
        }
      }
      ratings {
        ...Rating
      }
      recommend {
        ...Recommend
      }
      cooperation {
        ...Cooperation
      }
    }
  }
  ${CELL_FRAGMENT}
  ${RATING_FRAGMENT}
  ${RECOMMEND_FRAGMENT}
  ${COOPERATION_FRAGMENT}
`;

interface OverviewData {
  analyticsMinGroup: number;
  analyticsOverview: {
    visitsHeld: Cell;
    registrations: Cell;
    attended: Cell;
    noShows: Cell;
    attendanceRate: Cell;
    invitationsIssued: Cell;
    responses: Cell;
    responseRate: Cell;
    participantsBySector: GroupCount[];
    participantsByGender: GroupCount[];
    ratings: Rating[];
    recommend: Recommend;
    cooperation: Cooperation;
  };
}

function tile(labelText: string, value: string, detail?: string): HTMLElement {
  const box = el("div", { class: "tile" });
  box.append(el("dt", {}, labelText), el("dd", { class: "tile-value" }, value));
  if (detail) box.append(el("dd", { class: "tile-detail" }, detail));
  return box;
}

const overview: Page = async ({ view, main }) => {
  const data = await graphql<OverviewData>(OVERVIEW, { filter: apiFilter(view.filters) });
  setMinGroup(data.analyticsMinGroup);
  const o = data.analyticsOverview;
  main.append(el("h1", {}, t("overviewTitle")));

  const attendance = shareInterval(o.attended, sumCells(o.attended, o.noShows));
  const response = shareInterval(o.responses, o.invitationsIssued);
  const section = el("section", { class: "key-figures", "aria-labelledby": "key-figures-title" });
  section.append(el("h2", { id: "key-figures-title" }, t("keyFigures")));
  const tiles = section.appendChild(el("dl", { class: "tiles" }));
  tiles.append(
    tile(t("visitsHeld"), countText(o.visitsHeld)),
    tile(t("registrations"), countText(o.registrations)),
    tile(
      t("attendanceRate"),
      shareText(o.attendanceRate),
      `${t("ofRegistered", { attended: countText(o.attended), noShows: countText(o.noShows) })}; ${t("interval")}: ${intervalText(attendance, true)}`,
    ),
    tile(
      t("responseRate"),
      shareText(o.responseRate),
      `${t("ofInvited", { responses: countText(o.responses), invited: countText(o.invitationsIssued) })}; ${t("interval")}: ${intervalText(response, true)}`,
    ),
  );
  main.append(section);

  const grid = el("div", { class: "figures" });
  grid.append(
    figure(groupCountsFigure("participants-by-sector", "bySector", o.participantsBySector)),
    figure(groupCountsFigure("participants-by-gender", "byGender", o.participantsByGender)),
    ...o.ratings.map((rating) =>
      figure(ratingFigure(`rating-${rating.question.toLowerCase()}`, rating)),
    ),
    figure(npsFigure("nps", o.recommend, o.responses)),
    figure(cooperationFigure("cooperation", o.cooperation, o.responses)),
  );
  main.append(grid);
};

/** The sum of two published counts, or a hidden cell when either is hidden. */
function sumCells(a: Cell, b: Cell): Cell {
  return a.suppressed || b.suppressed || a.value === null || b.value === null
    ? { value: null, suppressed: true }
    : { value: a.value + b.value, suppressed: false };
}

export default overview;
