// Visits: the list, newest first, filtered by period, subregions and programme.
import { graphql } from "../api";
import { dataTable, el } from "../dom";
import { formatDates, formatNumber, lang, t } from "../i18n";
import { statusName } from "../labels";
import type { Page } from "../page";
import { urlOf, visitFilter } from "../state";

const VISITS = /* GraphQL */ `
  query Visits($filter: VisitFilter, $after: String) {
    visits(first: 50, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          edition
          startDate
          endDate
          status
          programme
          subregion {
            code
            name
            nameEn
          }
        }
      }
    }
  }
`;

interface VisitRow {
  id: string;
  title: string;
  edition: number;
  startDate: string;
  endDate: string;
  status: string;
  programme: string;
  subregion: { code: string; name: string; nameEn: string };
}

interface VisitsData {
  visits: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: VisitRow }[];
  };
}

const visits: Page = async ({ view, main }) => {
  const filter = visitFilter(view.filters);
  const data = await graphql<VisitsData>(VISITS, { filter });
  main.append(el("h1", {}, t("visitsTitle")));
  main.append(
    el("p", { role: "status" }, t("visitsCount", { n: formatNumber(data.visits.totalCount) })),
  );
  const { wrap, body } = dataTable(
    t("visitsTitle"),
    [t("title"), t("dates"), t("subregion"), t("status"), t("programme")],
    { className: "visit-list" },
  );
  const addRows = (rows: VisitRow[]) => {
    for (const visit of rows) {
      const tr = body.appendChild(el("tr"));
      const link = el(
        "a",
        { href: urlOf({ ...view, page: "visit", id: visit.id, options: {} }) },
        visit.title,
      );
      tr.appendChild(el("th", { scope: "row" })).append(link);
      const dates = formatDates(visit.startDate, visit.endDate);
      tr.append(
        el("td", {}, dates),
        el("td", {}, lang() === "pl" ? visit.subregion.name : visit.subregion.nameEn),
        el("td", {}, statusName(visit.status)),
        el("td", {}, visit.programme),
      );
    }
  };
  addRows(data.visits.edges.map((e) => e.node));
  main.append(wrap);
  let cursor = data.visits.pageInfo.hasNextPage ? data.visits.pageInfo.endCursor : null;
  if (cursor) {
    const more = el("button", { type: "button", id: "visits-more" }, t("more"));
    more.addEventListener("click", () => {
      more.disabled = true;
      void graphql<VisitsData>(VISITS, { filter, after: cursor }).then((next) => {
        addRows(next.visits.edges.map((e) => e.node));
        cursor = next.visits.pageInfo.hasNextPage ? next.visits.pageInfo.endCursor : null;
        more.disabled = false;
        if (!cursor) more.remove();
      });
    });
    main.append(more);
  }
};

export default visits;
