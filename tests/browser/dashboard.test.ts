// The analyst dashboard end to end: the product started as users start it (`npm start` on an
// empty DATA_DIR, which seeds the demo data), an analyst created with the CLI, Debian's Chromium.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  axeViolations,
  chartLabels,
  downloaded,
  focusedElement,
  formatViolations,
  gotoView,
  inkAtLeftEdge,
  parseCsv,
  pngSize,
  type Product,
  settle,
  shoot,
  signIn,
  startProduct,
  submitSignIn,
  subtitleN,
  tableOf,
} from "../support/dashboard.js";

const HOOK_MS = 120_000;
const SESSION_KEY = "wizyty.session";
const SECTOR_FIGURE = "participants-by-sector";
const RATING_FIGURE = "rating-overall";

const CELL = "value suppressed";
/** What a hidden (suppressed) value reads in Polish. */
const HIDDEN = "ukryte";
/** Words of the dashboard's Polish text ("Wizyty" is the name); place names stay Polish. */
const POLISH_WORDS = new RegExp(
  `(^|[^\\p{L}])(${[
    "Pokaż",
    "Pobierz",
    "Wykres",
    "Mapa",
    "osób",
    "respondentów",
    "wszystkie",
    "przedział",
    "Liczba",
    "Odsetek",
    "Średnia",
    "Ocena",
    "Razem",
    "ukryte",
    "Podregiony?",
    "Sektory?",
    "Tak",
    "Nie wiem",
    "Zastosuj",
    "Wyczyść",
    "Miesiąc",
    "Kwartał",
    "Rok",
    "Wizyta",
    "Przegląd",
    "Trendy",
    "Potrzeby",
  ].join("|")})(?=$|[^\\p{L}])`,
  "iu",
);

interface VisitNode {
  id: string;
  title: string;
  startDate: string;
  status: string;
  subregion: { code: string };
}

/** Every visit, through the API's pages. */
async function allVisits(product: Product): Promise<VisitNode[]> {
  const visits: VisitNode[] = [];
  let after: string | null = null;
  do {
    const data: {
      visits: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: VisitNode }[];
      };
    } = await product.gql(
      /* GraphQL */ `
        query ($after: String) {
          visits(first: 100, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              node {
                id
                title
                startDate
                status
                subregion {
                  code
                }
              }
            }
          }
        }
      `,
      { after },
    );
    visits.push(...data.visits.edges.map((e) => e.node));
    after = data.visits.pageInfo.hasNextPage ? data.visits.pageInfo.endCursor : null;
  } while (after);
  return visits;
}

interface SectorCounts {
  responses: { value: number | null; suppressed: boolean };
  participantsBySector: {
    group: string;
    labelPl: string;
    count: { value: number | null; suppressed: boolean };
  }[];
}

/**
 * A completed visit whose participants by sector hold both published and suppressed counts
 * (1 to K−1 people), and whose responses are published: the page to test suppression on.
 */
async function visitWithSmallGroup(
  product: Product,
  visits: VisitNode[],
): Promise<{ visit: VisitNode; overview: SectorCounts }> {
  for (const visit of visits.filter((v) => v.status === "COMPLETED")) {
    const { analyticsOverview } = await product.gql<{ analyticsOverview: SectorCounts }>(
      /* GraphQL */ `
        query ($filter: AnalyticsFilter) {
          analyticsOverview(filter: $filter) {
            responses { ${CELL} }
            participantsBySector { group labelPl count { ${CELL} } }
          }
        }
      `,
      { filter: { visitId: visit.id } },
    );
    const counts = analyticsOverview.participantsBySector.map((g) => g.count);
    if (
      !analyticsOverview.responses.suppressed &&
      counts.some((c) => c.suppressed) &&
      counts.some((c) => !c.suppressed && (c.value ?? 0) > 0)
    ) {
      return { visit, overview: analyticsOverview };
    }
  }
  throw new Error("no completed visit with a suppressed sector group in the demo data");
}

/** A completed visit whose cooperation answers are partly hidden while its responses are not. */
async function visitWithHiddenCooperation(
  product: Product,
  visits: VisitNode[],
): Promise<{ visit: VisitNode; responses: number }> {
  for (const visit of visits.filter((v) => v.status === "COMPLETED")) {
    const data = await product.gql<{
      visit: {
        feedbackSummary: {
          responses: { value: number | null; suppressed: boolean };
          cooperation: Record<"yes" | "no" | "undecided", { suppressed: boolean }>;
        } | null;
      };
    }>(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            feedbackSummary {
              responses { ${CELL} }
              cooperation { yes { ${CELL} } no { ${CELL} } undecided { ${CELL} } }
            }
          }
        }
      `,
      { id: visit.id },
    );
    const summary = data.visit.feedbackSummary;
    if (
      summary &&
      !summary.responses.suppressed &&
      (summary.responses.value ?? 0) > 0 &&
      Object.values(summary.cooperation).some((c) => c.suppressed)
    ) {
      return { visit, responses: summary.responses.value! };
    }
  }
  throw new Error("no completed visit with a hidden cooperation answer in the demo data");
}

describe.skipIf(!hasChromium && !process.env.CI)("analyst dashboard", { timeout: 60_000 }, () => {
  let product: Product;
  let browser: Browser;
  /** Signed in once; tests open their own pages in this context. */
  let signedIn: BrowserContext;
  let visits: VisitNode[];
  let small: Awaited<ReturnType<typeof visitWithSmallGroup>>;

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    signedIn = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await signedIn.newPage();
    await gotoView(page, url("/signin"));
    await signIn(page, product.email, product.password);
    await page.close();
    visits = await allVisits(product);
    small = await visitWithSmallGroup(product, visits);
  }, HOOK_MS);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  }, HOOK_MS);

  function url(pathAndQuery: string): string {
    return `${product.baseUrl}${pathAndQuery}`;
  }

  async function openSignedIn(pathAndQuery: string): Promise<Page> {
    const page = await signedIn.newPage();
    await gotoView(page, url(pathAndQuery));
    // A page that failed to load says so here rather than as a missing element later.
    const error = page.locator(".error-box, main.signin h1");
    if (await error.count()) throw new Error(`${pathAndQuery}: ${await error.first().innerText()}`);
    return page;
  }

  const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
  const applyFilters = (page: Page) =>
    settle(page, () => page.locator("form.filters button[type=submit]").click());
  const openGroup = (page: Page, name: "subregion" | "sector") =>
    page.locator(`form.filters details:has(input[name=${name}]) > summary`).click();
  const checkbox = (page: Page, name: string, value: string) =>
    page.locator(`input[name=${name}][value=${value}]`);
  const showTable = (page: Page, figureId: string) =>
    page.locator(`figure[data-figure="${figureId}"] button.table-toggle`).click();

  describe("sign-in", () => {
    it("signs an analyst in and lands on the overview with its charts drawn", async () => {
      // Arrange
      const context = await browser.newContext();
      const page = await context.newPage();
      await gotoView(page, url("/"));
      const before = await page.evaluate(`localStorage.getItem("${SESSION_KEY}")`);
      const heading = await page.locator("main h1").textContent();

      // Act
      await signIn(page, product.email, product.password);

      // Assert
      expect(before).toBeNull();
      expect(heading).toBe("Logowanie dla pracowników");
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await page.locator("main h1").textContent()).toBe("Przegląd");
      const session = JSON.parse(
        (await page.evaluate(`localStorage.getItem("${SESSION_KEY}")`)) as string,
      ) as { token: string; expiresAt: string; email: string; role: string };
      expect(session).toMatchObject({ email: product.email, role: "ANALYST" });
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      expect(
        await page.evaluate(`performance.getEntriesByName("wizyty:drawn", "mark").length`),
      ).toBeGreaterThan(0);
      const labels = await chartLabels(page);
      expect(labels.length).toBeGreaterThanOrEqual(5);
      for (const label of labels) expect(label).toMatch(/^Wykres słupkowy\. .+: .+/);
      expect(labels.join(" ")).toContain("Jednostka samorządu terytorialnego");
      const tiles = await page.locator(".key-figures .tile dt").allTextContents();
      expect(tiles).toEqual([
        "Zrealizowane wizyty",
        "Zgłoszenia",
        "Frekwencja",
        "Odsetek odpowiedzi",
      ]);
      const values = await page.locator(".key-figures .tile-value").allTextContents();
      expect(Number(values[0]!.replace(/\s/g, ""))).toBeGreaterThan(50);
      expect(values[2]).toMatch(/^\d+%$/);
      expect(await subtitleN(page, SECTOR_FIGURE)).toBeGreaterThan(100);
      await context.close();
    });

    it("refuses a wrong password with an alert and keeps no session", async () => {
      // Arrange
      const context = await browser.newContext();
      const page = await context.newPage();
      await gotoView(page, url("/signin"));

      // Act
      await page.locator("#signin-email").fill(product.email);
      await page.locator("#signin-password").fill("not-the-password-at-all");
      await page.locator("form.signin-form button[type=submit]").click();

      // Assert
      await expect
        .poll(() => page.getByRole("alert").textContent(), { timeout: 15_000 })
        .toBe("Nieprawidłowy e-mail lub hasło.");
      expect(await page.evaluate(`localStorage.getItem("${SESSION_KEY}")`)).toBeNull();
      expect(await page.locator("main h1").textContent()).toBe("Logowanie dla pracowników");
      await context.close();
    });

    it("shows the expired page for an expired session and returns to the same view", async () => {
      // Arrange
      const context = await browser.newContext();
      const page = await context.newPage();
      await gotoView(page, url("/signin"));
      await page.evaluate(
        `localStorage.setItem("${SESSION_KEY}", JSON.stringify({ token: "expired.token.value", expiresAt: "2020-01-01T00:00:00.000Z", email: "${product.email}", role: "ANALYST" }))`,
      );
      const view = "/needs?from=2023-01&sector=NGO";

      // Act
      await gotoView(page, url(view));
      const expiredHeading = await page.locator("main h1").textContent();
      const notice = await page.locator("main .notice").textContent();
      const logins: string[] = [];
      page.on("request", (request) => {
        if (request.postData()?.includes("login(")) logins.push(request.url());
      });
      const error = await submitSignIn(page, product.email, product.password);

      // Assert
      expect(expiredHeading).toBe("Sesja wygasła");
      // The expired session is still stored on this page; the login must go out all the same
      // (it once did not, and the right password got "Nieprawidłowy e-mail lub hasło.").
      expect({ error, loginRequests: logins.length }).toEqual({ error: "", loginRequests: 1 });
      expect(notice).toContain("Zaloguj się ponownie");
      const landed = new URL(page.url());
      expect(landed.pathname + landed.search).toBe(view);
      expect(await page.locator("main h1").textContent()).toBe("Potrzeby i wsparcie");
      expect(await checkbox(page, "sector", "NGO").isChecked()).toBe(true);
      expect(await page.locator("#filter-from").inputValue()).toBe("2023-01");
      await context.close();
    });
  });

  describe("sign-out", () => {
    it("signs out: the session is gone, the page says so and a page asks to sign in", async () => {
      // Arrange
      const context = await browser.newContext();
      const page = await context.newPage();
      await gotoView(page, url("/signin"));
      await signIn(page, product.email, product.password);

      // Act
      await settle(page, () =>
        page.locator("header .tools").getByRole("button", { name: "Wyloguj" }).click(),
      );
      const status = await page.locator("main [role=status]").textContent();
      const stored = await page.evaluate(`localStorage.getItem("${SESSION_KEY}")`);
      await gotoView(page, url("/trends"));

      // Assert
      expect(status).toBe("Wylogowano.");
      expect(stored).toBeNull();
      expect(await page.locator("main h1").textContent()).toBe("Logowanie dla pracowników");
      await context.close();
    });
  });

  describe("overview", () => {
    it("shows every figure with a title, n, a described chart and its actions", async () => {
      // Arrange
      const page = await openSignedIn("/");

      // Act
      const figures = await page.locator("figure.figure").all();

      // Assert
      expect(figures.length).toBeGreaterThanOrEqual(5);
      for (const figure of figures) {
        expect(await figure.locator("h2").textContent()).toBeTruthy();
        expect(await figure.locator(".figure-subtitle").textContent()).toMatch(/n (= \d|ukryte)/);
        expect(await figure.locator("canvas[role=img]").getAttribute("aria-label")).toBeTruthy();
        expect(await figure.locator(".table-wrap").isHidden()).toBe(true);
        expect(await figure.locator("button.table-toggle").getAttribute("aria-expanded")).toBe(
          "false",
        );
        expect(await figure.locator("button.download-png").count()).toBe(1);
        expect(await figure.locator("button.download-csv").count()).toBe(1);
      }
      await page.close();
    });
  });

  describe("filters", () => {
    it("from/to narrow the figures, live in the URL and survive reload, back and forward", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const all = await subtitleN(page, SECTOR_FIGURE);

      // Act
      await page.locator("#filter-from").fill("2024-01");
      await page.locator("#filter-to").fill("2024-12");
      await applyFilters(page);
      const year = await subtitleN(page, SECTOR_FIGURE);
      const yearQuery = query(page);
      await settle(page, () => page.reload());
      const reloaded = await subtitleN(page, SECTOR_FIGURE);
      await settle(page, () => page.goBack());
      const back = await subtitleN(page, SECTOR_FIGURE);
      const backFrom = await page.locator("#filter-from").inputValue();
      await settle(page, () => page.goForward());
      const forward = await subtitleN(page, SECTOR_FIGURE);

      // Assert
      expect(yearQuery).toEqual({ from: "2024-01", to: "2024-12" });
      expect(year).toBeGreaterThan(0);
      expect(year).toBeLessThan(all);
      expect(reloaded).toBe(year);
      expect(back).toBe(all);
      expect(backFrom).toBe("");
      expect(forward).toBe(year);
      expect(await page.locator("#filter-from").inputValue()).toBe("2024-01");
      expect(await page.locator("#filter-to").inputValue()).toBe("2024-12");
      await page.close();
    });

    it("subregions narrow the figures; back and forward restore n and the checkboxes", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const all = await subtitleN(page, RATING_FIGURE);

      // Act
      await openGroup(page, "subregion");
      await checkbox(page, "subregion", "PL911").check();
      await checkbox(page, "subregion", "PL912").check();
      await applyFilters(page);
      const two = await subtitleN(page, RATING_FIGURE);
      const twoQuery = query(page);
      const summary = await page
        .locator("form.filters details:has(input[name=subregion]) > summary")
        .textContent();
      await settle(page, () => page.reload());
      const reloaded = await subtitleN(page, RATING_FIGURE);
      await settle(page, () => page.goBack());
      const back = await subtitleN(page, RATING_FIGURE);
      const backChecked = await checkbox(page, "subregion", "PL911").isChecked();
      await settle(page, () => page.goForward());

      // Assert
      expect(twoQuery).toEqual({ subregion: "PL911,PL912" });
      expect(summary).toBe("Podregiony (2)");
      expect(two).toBeGreaterThan(0);
      expect(two).toBeLessThan(all);
      expect(reloaded).toBe(two);
      expect(back).toBe(all);
      expect(backChecked).toBe(false);
      expect(await subtitleN(page, RATING_FIGURE)).toBe(two);
      expect(await checkbox(page, "subregion", "PL911").isChecked()).toBe(true);
      expect(await checkbox(page, "subregion", "PL912").isChecked()).toBe(true);
      expect(await checkbox(page, "subregion", "PL913").isChecked()).toBe(false);
      await page.close();
    });

    it("a sector narrows the participants to that sector; clearing the filters undoes it", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const all = await subtitleN(page, SECTOR_FIGURE);
      await showTable(page, SECTOR_FIGURE);
      const ngoRow = (await tableOf(page, SECTOR_FIGURE)).rows.find((r) =>
        r[0]!.startsWith("Organizacja pozarządowa"),
      );

      // Act
      await openGroup(page, "sector");
      await checkbox(page, "sector", "NGO").check();
      await applyFilters(page);
      const ngo = await subtitleN(page, SECTOR_FIGURE);
      const ngoQuery = query(page);
      await settle(page, () => page.getByRole("button", { name: "Wyczyść filtry" }).click());

      // Assert
      expect(ngoQuery).toEqual({ sector: "NGO" });
      expect(ngoRow).toBeDefined();
      expect(ngo).toBe(Number(ngoRow![1]!.replace(/\s/g, "")));
      expect(ngo).toBeLessThan(all);
      expect(query(page)).toEqual({});
      expect(await subtitleN(page, SECTOR_FIGURE)).toBe(all);
      expect(await checkbox(page, "sector", "NGO").isChecked()).toBe(false);
      await page.close();
    });

    it("the programme goes into the URL; a programme with no visits shows n = 0", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const all = await subtitleN(page, SECTOR_FIGURE);
      const programmes = await page.locator("#filter-programme option").allTextContents();

      // Act
      await page.locator("#filter-programme").selectOption({ index: 1 });
      await applyFilters(page);
      const chosen = query(page);
      const withProgramme = await subtitleN(page, SECTOR_FIGURE);
      await gotoView(page, url("/?programme=Program%20bez%20wizyt"));
      const none = await subtitleN(page, SECTOR_FIGURE);
      const selected = await page.locator("#filter-programme").inputValue();

      // Assert
      // The demo data has one programme, so choosing it keeps every visit.
      expect(programmes).toEqual([
        "Wszystkie programy",
        "Koordynacja ekonomii społecznej na Mazowszu",
      ]);
      expect(chosen).toEqual({ programme: "Koordynacja ekonomii społecznej na Mazowszu" });
      expect(withProgramme).toBe(all);
      expect(none).toBe(0);
      expect(selected).toBe("Program bez wizyt");
      await page.close();
    });

    it("navigation keeps the filters and marks the current page", async () => {
      // Arrange
      const page = await openSignedIn("/?from=2023-01&sector=NGO");

      // Act
      await settle(page, () => page.locator("header nav a", { hasText: "Trendy" }).click());

      // Assert
      expect(new URL(page.url()).pathname).toBe("/trends");
      expect(query(page)).toEqual({ from: "2023-01", sector: "NGO" });
      expect(await page.locator('header nav a[aria-current="page"]').allTextContents()).toEqual([
        "Trendy",
      ]);
      expect(await checkbox(page, "sector", "NGO").isChecked()).toBe(true);
      expect(await page.locator("main h1").textContent()).toBe("Trendy");
      await page.close();
    });

    it("page choices (trend measure and period) live in the URL next to the filters", async () => {
      // Arrange
      const page = await openSignedIn("/trends?subregion=PL911");

      // Act
      await settle(page, () => page.locator("#interval").selectOption("YEAR"));
      await settle(page, () => page.locator("#measure").selectOption("RESPONSES"));
      await settle(page, () => page.reload());

      // Assert
      expect(query(page)).toEqual({ subregion: "PL911", interval: "YEAR", measure: "RESPONSES" });
      expect(await page.locator("figure.figure").getAttribute("data-figure")).toBe(
        "trend-responses-year",
      );
      expect(await page.locator("#interval").inputValue()).toBe("YEAR");
      expect(await page.locator("#measure").inputValue()).toBe("RESPONSES");
      const [label] = await chartLabels(page);
      expect(label).toMatch(/^Wykres liniowy\. Liczba odpowiedzi/);
      await page.close();
    });

    it("the visits list shows 50 and loads the next 50 on request", async () => {
      // Arrange
      const page = await openSignedIn("/visits");
      const rows = page.locator("table.visit-list tbody tr");
      const first = await rows.count();

      // Act
      await page.locator("#visits-more").click();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(100);
      const links: string[] = [];
      for (const link of await page.locator("table.visit-list tbody th a").all()) {
        links.push((await link.getAttribute("href")) ?? "");
      }

      // Assert
      expect(first).toBe(50);
      expect(new Set(links).size).toBe(100);
      await page.close();
    });

    it("the visits list follows the subregion filter", async () => {
      // Arrange
      const page = await openSignedIn("/visits");
      const count = async () =>
        Number(((await page.locator("main p[role=status]").textContent()) ?? "").split(" ")[0]);
      const all = await count();

      // Act
      await openGroup(page, "subregion");
      await checkbox(page, "subregion", "PL911").check();
      await applyFilters(page);
      const subregions = await page
        .locator("table.visit-list tbody td:nth-child(3)")
        .allTextContents();

      // Assert
      expect(all).toBe(visits.length);
      expect(query(page)).toEqual({ subregion: "PL911" });
      expect(await count()).toBe(visits.filter((v) => v.subregion.code === "PL911").length);
      expect(subregions.length).toBeGreaterThan(0);
      expect(new Set(subregions)).toEqual(new Set(["Miasto Warszawa"]));
      await page.close();
    });

    it("a visit's page filters the analytics by that visit", async () => {
      // Arrange
      const page = await openSignedIn("/visits");
      const link = page.locator(`table.visit-list a[href^="/visits/${small.visit.id}"]`);

      // Act
      await settle(page, () => link.click());
      const visitHeading = await page.locator("main h1").textContent();
      await settle(page, () =>
        page.getByRole("link", { name: "Filtruj analizy według tej wizyty" }).click(),
      );

      // Assert
      expect(visitHeading).toBe(small.visit.title);
      expect(new URL(page.url()).pathname).toBe("/");
      expect(query(page)).toEqual({ visit: small.visit.id });
      expect(await subtitleN(page, RATING_FIGURE)).toBe(small.overview.responses.value);
      expect(await page.locator("#filter-visit").isChecked()).toBe(true);
      // Unticking the visit and applying widens the view again.
      await page.locator("#filter-visit").uncheck();
      await applyFilters(page);
      expect(query(page)).toEqual({});
      expect(await subtitleN(page, RATING_FIGURE)).toBeGreaterThan(small.overview.responses.value!);
      await page.close();
    });
  });

  describe("downloads", () => {
    it("gives the chart as a PNG and the table as a CSV with a BOM", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const figure = page.locator(`figure[data-figure="${SECTOR_FIGURE}"]`);
      await showTable(page, SECTOR_FIGURE);
      const table = await tableOf(page, SECTOR_FIGURE);

      // Act
      const png = await downloaded(page, () => figure.locator("button.download-png").click());
      const csv = await downloaded(page, () => figure.locator("button.download-csv").click());

      // Assert
      expect(png.name).toBe(`${SECTOR_FIGURE}.png`);
      expect(png.bytes.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      const decoded = await pngSize(page, png.bytes);
      expect(decoded.width).toBeGreaterThan(300);
      expect(decoded.height).toBeGreaterThan(100);
      expect(csv.name).toBe(`${SECTOR_FIGURE}.csv`);
      const text = csv.bytes.toString("utf8");
      expect(text.startsWith("\ufeff")).toBe(true);
      const records = parseCsv(text.slice(1));
      expect(records[0]).toEqual(table.head);
      const body = records.slice(1, 1 + table.rows.length);
      expect(body.map((r) => r[0])).toEqual(table.rows.map((r) => r[0]));
      // Counts as plain numbers (no thousands separators) equal to the table's.
      expect(body.map((r) => Number(r[1]))).toEqual(
        table.rows.map((r) => Number(r[1]!.replace(/\s/g, ""))),
      );
      await page.close();
    });
  });

  describe("suppression", () => {
    // Hidden cells read "ukryte" (hidden), not "< 5": a cell hidden to protect another may be 0
    // or above K (README, "Suppressed values").
    it("shows a small group as hidden in the table, the CSV and the chart's text, never as 0", async () => {
      // Arrange
      const hidden = small.overview.participantsBySector.filter((g) => g.count.suppressed);
      const page = await openSignedIn(`/?visit=${small.visit.id}`);
      const figure = page.locator(`figure[data-figure="${SECTOR_FIGURE}"]`);

      // Act
      await showTable(page, SECTOR_FIGURE);
      const table = await tableOf(page, SECTOR_FIGURE);
      const titles = await figure
        .locator("td.suppressed")
        .evaluateAll((cells) => cells.map((cell) => (cell as unknown as { title: string }).title));
      const csv = await downloaded(page, () => figure.locator("button.download-csv").click());
      const [label] = await chartLabels(page, SECTOR_FIGURE);

      // Assert
      expect(hidden.length).toBeGreaterThan(0);
      expect(table.suppressed.length).toBeGreaterThanOrEqual(hidden.length);
      for (const text of table.suppressed) expect(text).toBe(HIDDEN);
      for (const title of titles) expect(title).toContain("mniej niż 5 osób");
      const records = parseCsv(csv.bytes.toString("utf8").slice(1));
      for (const group of hidden) {
        const row = table.rows.find((r) => r[0] === group.labelPl);
        expect(row?.[1], group.labelPl).toBe(HIDDEN);
        const record = records.find((r) => r[0] === group.labelPl);
        expect(record?.[1], group.labelPl).toBe(HIDDEN);
        expect(label).toContain(`${group.labelPl}: ${HIDDEN}`);
        expect(label).not.toContain(`${group.labelPl}: 0`);
      }
      const notes = await figure.locator(".figure-notes").textContent();
      expect(notes).toContain("Pola „ukryte”");
      // Counts are perturbed, totals as cells of their own: the note says parts may not add up.
      expect(notes).toContain("części mogą nie sumować się dokładnie do sumy");
      await page.close();
    });

    it("writes no hidden value as '< 5' on a visit's page, whose hidden cells protect others", async () => {
      // Arrange
      const page = await openSignedIn(`/visits/${small.visit.id}`);

      // Act
      const shown = await page.locator("#app").innerText();
      const labels = await chartLabels(page);

      // Assert
      expect(await page.locator("td.suppressed").count()).toBeGreaterThan(0);
      expect([shown, ...labels].join("\n")).not.toMatch(/<\s*5/);
      await page.close();
    });
  });

  describe("language", () => {
    it("switches to English keeping the page and the filters, and back to Polish", async () => {
      // Arrange
      const view = "/subregions?from=2023-01&subregion=PL911";
      const page = await openSignedIn(view);

      // Act
      await settle(page, () => page.locator('header .tools a[lang="en"]').click());
      const english = {
        url: new URL(page.url()),
        lang: await page.locator("html").getAttribute("lang"),
        heading: await page.locator("main h1").textContent(),
        nav: await page.locator("header nav a").allTextContents(),
        apply: await page.locator("form.filters button[type=submit]").textContent(),
        checked: await checkbox(page, "subregion", "PL911").isChecked(),
        labels: await chartLabels(page),
      };
      await settle(page, () => page.locator('header .tools a[lang="pl"]').click());

      // Assert
      expect(english.url.pathname).toBe("/subregions");
      expect(Object.fromEntries(english.url.searchParams)).toEqual({
        from: "2023-01",
        subregion: "PL911",
        lang: "en",
      });
      expect(english.lang).toBe("en");
      expect(english.heading).toBe("Subregions");
      expect(english.nav).toEqual([
        "Overview",
        "Subregions",
        "Needs and support",
        "Trends",
        "Visits",
        "API",
      ]);
      expect(english.apply).toBe("Apply");
      expect(english.checked).toBe(true);
      expect(english.labels[0]).toMatch(/^Map of the nine subregions/);
      const back = new URL(page.url());
      expect(back.pathname + back.search).toBe(view);
      expect(await page.locator("html").getAttribute("lang")).toBe("pl");
      expect(await page.locator("main h1").textContent()).toBe("Podregiony");
      await page.close();
    });
  });

  describe("English", () => {
    it("leaves no Polish words in the English analytics pages", async () => {
      // Arrange
      const page = await signedIn.newPage();
      const polish: string[] = [];

      // Act
      for (const view of ["/", "/subregions", "/needs", "/trends"]) {
        await gotoView(page, url(`${view}?lang=en`));
        // The filters hold data (programme names), which stay as entered; the page's own text
        // is the header, the main part and the charts' text alternatives.
        const texts = [
          await page.locator("header.top").innerText(),
          await page.locator("main").innerText(),
          ...(await chartLabels(page)),
          ...(await page.locator("form.filters label, form.filters summary").allTextContents()),
        ];
        for (const line of texts.join("\n").split("\n")) {
          if (POLISH_WORDS.test(line)) {
            polish.push(`${view}: ${line.trim()}`);
          }
        }
      }
      await page.close();

      // Assert
      expect([...new Set(polish)], [...new Set(polish)].join("\n")).toEqual([]);
    });
  });

  describe("print", () => {
    it("prints a report header with the filters and the date, without navigation, with tables", async () => {
      // Arrange
      const page = await openSignedIn("/?from=2024-01&subregion=PL911");
      await page.evaluate("window.__printed = 0; window.print = () => { window.__printed++; }");

      // Act
      await page.getByRole("button", { name: "Drukuj raport" }).click();
      const printed = await page.evaluate("window.__printed");
      await page.emulateMedia({ media: "print" });
      const header = page.locator(".print-header");
      const pdf = await page.pdf({ format: "A4" });

      // Assert
      expect(printed).toBe(1);
      expect(await header.isVisible()).toBe(true);
      const text = await header.innerText();
      expect(text).toContain("Filtry: styczeń 2024 – …; Podregiony: Miasto Warszawa");
      expect(text).toMatch(/Dane z \d{1,2} \S+ \d{4}/);
      expect(await page.locator("header.top").isVisible()).toBe(false);
      expect(await page.locator("form.filters").isVisible()).toBe(false);
      for (const wrap of await page.locator("figure.figure .table-wrap").all()) {
        expect(await wrap.isVisible()).toBe(true);
      }
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(30_000);
      await page.emulateMedia({ media: "screen" });
      expect(await header.isVisible()).toBe(false);
      await page.close();
    });
  });

  describe("accessibility", () => {
    it(
      "has no WCAG 2.1 A/AA violations on any page or state (axe-core)",
      { timeout: 120_000 },
      async () => {
        // Arrange
        const anonymous = await browser.newContext();
        const signInPage = await anonymous.newPage();
        const page = await signedIn.newPage();
        const found: string[] = [];
        const check = async (where: string, target: Page = page) => {
          const violations = await axeViolations(target);
          if (violations.length) found.push(formatViolations(where, violations));
        };

        // Act
        await gotoView(signInPage, url("/signin"));
        await check("sign-in", signInPage);
        await signInPage.evaluate(
          `localStorage.setItem("${SESSION_KEY}", JSON.stringify({ token: "x", expiresAt: "2020-01-01T00:00:00Z", email: "a@example.pl", role: "ANALYST" }))`,
        );
        await gotoView(signInPage, url("/trends"));
        await check("expired", signInPage);
        for (const view of ["/", "/subregions", "/needs", "/trends", "/visits"]) {
          await gotoView(page, url(view));
          await check(view);
        }
        await gotoView(page, url(`/visits/${small.visit.id}`));
        await check("visit");
        await gotoView(page, url(`/?from=2023-01&subregion=PL911,PL912&sector=NGO`));
        await check("overview with filters");
        await gotoView(page, url(`/?visit=${small.visit.id}`));
        await showTable(page, SECTOR_FIGURE);
        await check("overview by visit, table shown");
        await openGroup(page, "subregion");
        await openGroup(page, "sector");
        await check("filter groups open");
        await gotoView(page, url("/needs?lang=en&sector=NGO"));
        await showTable(page, "option-by-sector");
        await check("needs in English, table shown");
        await gotoView(page, url(`/visits/${small.visit.id}?lang=en`));
        await check("visit in English");
        await anonymous.close();
        await page.close();

        // Assert
        expect(found, found.join("\n")).toEqual([]);
      },
    );

    it("works from the keyboard alone: skip link, nav, filters, figures, T, no trap", async () => {
      // Arrange
      const page = await openSignedIn("/");
      const tab = async (until: (f: string) => boolean, max = 200) => {
        const seen: string[] = [];
        for (let i = 0; i < max; i++) {
          await page.keyboard.press("Tab");
          const focused = await focusedElement(page);
          seen.push(focused);
          if (until(focused)) return seen;
        }
        throw new Error(`not reached in ${max} tabs:\n${seen.join("\n")}`);
      };

      // Act: once round the overview.
      const first = await tab(() => true);
      const round = await tab((f) => f.includes("skip-link"), 300);
      // Enter on a nav link.
      await tab((f) => f.startsWith("A|") && f.includes("|Podregiony|"));
      await settle(page, () => page.keyboard.press("Enter"));
      const afterNav = new URL(page.url()).pathname;
      // Open the subregion group, tick Warszawa with Space, apply with Enter.
      await tab((f) => f.startsWith("SUMMARY|") && f.includes("Podregiony"));
      await page.keyboard.press("Enter");
      await tab((f) => f.includes("#subregion-PL911|"));
      await page.keyboard.press("Space");
      const ticked = await checkbox(page, "subregion", "PL911").isChecked();
      await tab((f) => f.startsWith("BUTTON|") && f.includes("|Zastosuj|"));
      await settle(page, () => page.keyboard.press("Enter"));
      const applied = query(page);
      // T inside a figure.
      await tab((f) => f.includes("table-toggle"));
      const figureId = (await focusedElement(page)).split("|").pop()!;
      await page.keyboard.press("t");
      const toggle = page.locator(`figure[data-figure="${figureId}"] button.table-toggle`);
      const expanded = await toggle.getAttribute("aria-expanded");
      const tableShown = await page
        .locator(`figure[data-figure="${figureId}"] .table-wrap`)
        .isVisible();
      await page.keyboard.press("t");

      // Assert
      expect(first[0]).toContain("skip-link");
      const wanted = [
        "|Przegląd|",
        "|Podregiony|",
        "|Potrzeby i wsparcie|",
        "|Trendy|",
        "|Wizyty|",
        "#filter-from|",
        "#filter-to|",
        "SUMMARY|",
        "#filter-programme|",
        "|Zastosuj|",
        "|Wyczyść filtry|",
      ];
      for (const part of wanted)
        expect(
          round.some((f) => f.includes(part)),
          part,
        ).toBe(true);
      // Every overview figure's three buttons were reached on the way round.
      const overviewFigures = [
        ...new Set(round.filter((f) => f.includes("download-csv")).map((f) => f.split("|").pop())),
      ];
      expect(overviewFigures.length).toBeGreaterThanOrEqual(5);
      for (const id of overviewFigures) {
        for (const button of ["table-toggle", "download-png", "download-csv"]) {
          expect(
            round.some((f) => f.includes(button) && f.endsWith(`|${id}`)),
            `${button} of ${id}`,
          ).toBe(true);
        }
      }
      expect(afterNav).toBe("/subregions");
      expect(ticked).toBe(true);
      expect(applied).toEqual({ subregion: "PL911" });
      expect(expanded).toBe("true");
      expect(tableShown).toBe(true);
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      await page.close();
    });
  });

  describe("layout", () => {
    it(
      "fits 360 px without horizontal scrolling on every page; screenshots at 360 and 1280",
      { timeout: 120_000 },
      async () => {
        // Arrange
        const anonymous = await browser.newContext();
        const pages: [string, string][] = [
          ["overview", "/"],
          ["subregions", "/subregions"],
          ["needs", "/needs"],
          ["trends", "/trends"],
          ["visits", "/visits"],
          ["visit", `/visits/${small.visit.id}`],
        ];
        const overflow: string[] = [];

        // Act
        for (const width of [360, 1280]) {
          const signInPage = await anonymous.newPage();
          await signInPage.setViewportSize({ width, height: 800 });
          await gotoView(signInPage, url("/signin"));
          await shoot(signInPage, "signin", width, overflow);
          await signInPage.close();
          const page = await signedIn.newPage();
          await page.setViewportSize({ width, height: 800 });
          for (const [name, view] of pages) {
            await gotoView(page, url(view));
            await shoot(page, name, width, overflow);
          }
          await page.close();
        }
        await anonymous.close();

        // Assert
        expect(overflow, overflow.join("\n")).toEqual([]);
      },
    );
  });

  // Each of these failed against the dashboard when it was written (see the commit messages).
  describe("bugs found here", () => {
    it("bar charts keep their category labels whole at 360 px, as they do at 1280 px", async () => {
      // Arrange
      const page = await signedIn.newPage();
      const clipped: string[] = [];

      // Act
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        for (const view of ["/", "/needs", "/subregions"]) {
          await gotoView(page, url(view));
          const ink = await inkAtLeftEdge(page);
          // Heat tables have no canvas.
          for (const figure of await page.locator("figure.figure:has(canvas)").all()) {
            const id = (await figure.getAttribute("data-figure"))!;
            const label = (await figure.locator("canvas").getAttribute("aria-label")) ?? "";
            // Only bar charts: a map's shapes may touch the edge, and a line chart's ticks do.
            if (label.startsWith("Wykres słupkowy") && (ink[id] ?? 0) > 0) {
              clipped.push(`${view} at ${width}px: ${id} (${ink[id]} px of text at the left edge)`);
            }
          }
        }
      }
      await page.close();

      // Assert
      expect(clipped, clipped.join("\n")).toEqual([]);
    });

    it("the visits page lists a visit that starts later in the month chosen as `to`", async () => {
      // Arrange: "to" means visits starting in that month or earlier, as the analytics read it;
      // the list once asked the API for visits starting on or before the 1st.
      const visit = visits.find((v) => v.status === "COMPLETED" && !v.startDate.endsWith("-01"))!;
      const month = visit.startDate.slice(0, 7);

      // Act
      const page = await openSignedIn(`/visits?from=${month}&to=${month}`);

      // Assert
      expect(
        await page.locator(`table.visit-list a[href^="/visits/${visit.id}"]`).count(),
        `${visit.title} (${visit.startDate}) on /visits?from=${month}&to=${month}`,
      ).toBe(1);
      await page.close();
    });

    it("the trend table counts every visit in its periods, not only the newest 100", async () => {
      // Arrange
      const page = await openSignedIn("/trends?interval=YEAR&measure=RESPONSES");
      await showTable(page, "trend-responses-year");

      // Act
      const table = await tableOf(page, "trend-responses-year");

      // Assert
      const column = table.head.indexOf("Wizyty");
      for (const row of table.rows) {
        const year = row[0]!;
        const held = visits.filter((v) => v.startDate.startsWith(year)).length;
        expect(Number(row[column]), `visits in ${year}`).toBe(held);
      }
      await page.close();
    });

    it("the cooperation figure gives the visit's n when one answer is hidden, not a hidden n", async () => {
      // Arrange: every response answers the question, so its base is the visit's responses.
      const found = await visitWithHiddenCooperation(product, visits);

      // Act
      const page = await openSignedIn(`/visits/${found.visit.id}`);
      const subtitle = await page
        .locator('figure[data-figure="visit-cooperation"] .figure-subtitle')
        .textContent();

      // Assert
      expect(subtitle, `${found.visit.title} (/visits/${found.visit.id})`).toBe(
        `n = ${found.responses} respondentów`,
      );
      await page.close();
    });

    it("the filter chip of a visit names the visit, not its id", async () => {
      // Arrange
      const page = await openSignedIn(`/?visit=${small.visit.id}`);

      // Act
      const chip = await page.locator('label[for="filter-visit"]').textContent();

      // Assert
      expect(chip).toBe(`Wizyta: ${small.visit.title}`);
      await page.close();
    });
  });
});
