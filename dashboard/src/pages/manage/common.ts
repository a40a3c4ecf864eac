// What the coordinator pages share: every page of a list, the subregions with their counties,
// the host organisations, and the "saved" line shown after a change redraws the page.
import { graphql } from "../../api";
import { statusLine } from "../../forms";
import { lang } from "../../i18n";
import { type PageContext, SHOWN_EVENT } from "../../page";

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** Every node of a connection, page by page; `query` takes `$after` and answers `{ [key]: … }`. */
export async function allNodes<T>(
  query: string,
  key: string,
  variables: Record<string, unknown> = {},
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const data: Record<string, Connection<T>> = await graphql(query, { ...variables, after });
    const page = data[key]!;
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

export interface County {
  teryt: string;
  name: string;
  cityCounty: boolean;
}

export interface Subregion {
  code: string;
  name: string;
  nameEn: string;
  counties: County[];
}

const SUBREGIONS = /* GraphQL */ `
  query ManageSubregions {
    subregions {
      code
      name
      nameEn
      counties {
        teryt
        name
        cityCounty
      }
    }
  }
`;

export async function subregions(): Promise<Subregion[]> {
  return (await graphql<{ subregions: Subregion[] }>(SUBREGIONS)).subregions;
}

export function subregionLabel(subregion: { name: string; nameEn: string }): string {
  return lang() === "pl" ? subregion.name : subregion.nameEn;
}

/** "powiat siedlecki" / "Siedlce (city county)": the county as its people call it. */
export function countyLabel(county: County): string {
  if (county.cityCounty)
    return lang() === "pl" ? `${county.name} (miasto)` : `${county.name} (city)`;
  return lang() === "pl" ? `powiat ${county.name}` : `${county.name} county`;
}

export interface Host {
  id: string;
  name: string;
  type: string;
  operator: string | null;
  description: string | null;
  county: { teryt: string; name: string } | null;
}

export const HOST_FIELDS = /* GraphQL */ `
  fragment ManageHost on Organization {
    id
    name
    type
    operator
    description
    county {
      teryt
      name
    }
  }
`;

// 25 a page: 50 with the county on each are over the API's cost limit (5000).
const HOSTS = /* GraphQL */ `
  query ManageHosts($after: String, $search: String) {
    organizations(first: 25, after: $after, filter: { search: $search }) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ManageHost
        }
      }
    }
  }
  ${HOST_FIELDS}
`;

/** The host organisations by name; `search` narrows them to names holding it. */
export function hosts(search?: string): Promise<Host[]> {
  return allNodes<Host>(HOSTS, "organizations", { search: search || null });
}

let pending: { message: string; focus: string[] } | undefined;

/**
 * Draws the view again (the service's answer is the truth) and then says `message`; `focus`
 * names the elements to give the focus to, the first one found, when the change moved things.
 */
export function redraw(
  { go, view }: Pick<PageContext, "go" | "view">,
  message: string,
  focus: string[] = [],
): void {
  pending = { message, focus };
  go(view, true);
}

/** A polite status line that says what the last redraw was for. */
export function savedLine(): HTMLElement {
  const line = statusLine();
  const last = pending;
  pending = undefined;
  // Once the page is on screen (so that screen readers announce the line) and the app has put
  // the focus where it goes by default: then the focus goes where the change moved things.
  if (last) {
    addEventListener(
      SHOWN_EVENT,
      () => {
        line.textContent = last.message;
        const target = last.focus.map((id) => document.getElementById(id)).find(Boolean);
        target?.focus();
      },
      { once: true },
    );
  }
  return line;
}

/** `null` for an empty optional text, so that the service clears it. */
export const orNull = (value: string | undefined): string | null => (value ? value : null);

/** One entry a line, blank lines left out. */
export const lines = (value: string | undefined): string[] =>
  (value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** "20–21 lis 2027", short enough for a table's column. */
export function shortDates(visit: { startDate: string; endDate: string }): string {
  const format = new Intl.DateTimeFormat(lang() === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const [start, end] = [visit.startDate, visit.endDate].map((d) => new Date(`${d}T00:00:00Z`));
  return format.formatRange(start!, end!);
}
