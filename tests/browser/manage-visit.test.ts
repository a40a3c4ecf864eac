// A coordinator prepares a visit from the browser: a host organisation, a visit with three stops,
// registration opened, an edit, the closing discussion's summary recorded and then edited, and at
// last the visit cancelled. The product as users start it, Debian's Chromium; what was stored is
// read back through the API.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  axeViolations,
  formatViolations,
  gotoView,
  type Product,
  settle,
  shoot,
  signIn,
  startProduct,
} from "../support/dashboard.js";

const HOOK_MS = 120_000;
const WIDTHS = [320, 360, 1280];
const HOST_NAME = "Spółdzielnia Socjalna „Testowe Zioła”";
const TITLE = "Wizyta studyjna: ekonomia społeczna w podregionie siedleckim";

/** `YYYY-MM-DD`, `days` from today (UTC; the visit is weeks away, so the zone does not matter). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface StoredVisit {
  title: string;
  status: string;
  capacity: number;
  startDate: string;
  endDate: string;
  county: { teryt: string } | null;
  stops: { order: number; day: number; topics: string[]; host: { id: string; name: string } }[];
  discussionSummary: {
    heldOn: string;
    perSector: { sector: string; needs: string[]; supportProposals: string[] }[];
    actions: { description: string; owner: string; dueDate: string }[];
  } | null;
}

describe.skipIf(!hasChromium && !process.env.CI)(
  "coordinator runs a visit",
  { timeout: 90_000 },
  () => {
    let product: Product;
    let browser: Browser;
    let page: Page;
    const violations: string[] = [];
    const overflow: string[] = [];
    let hostId: string;
    let visitId: string;

    const url = (path: string) => `${product.baseUrl}${path}`;

    /** Zero axe violations in this state, and screenshots of it at 320, 360 and 1280 px. */
    async function check(name: string) {
      expect(await page.locator(".error-box").allTextContents(), name).toEqual([]);
      const found = await axeViolations(page);
      if (found.length) violations.push(formatViolations(name, found));
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await shoot(page, `manage-${name}`, width, overflow);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    async function stored(): Promise<StoredVisit> {
      const data = await product.gql<{ visit: StoredVisit }>(
        /* GraphQL */ `
          query ($id: ID!) {
            visit(id: $id) {
              title
              status
              capacity
              startDate
              endDate
              county {
                teryt
              }
              stops {
                order
                day
                topics
                host {
                  id
                  name
                }
              }
              discussionSummary {
                heldOn
                perSector {
                  sector
                  needs
                  supportProposals
                }
                actions {
                  description
                  owner
                  dueDate
                }
              }
            }
          }
        `,
        { id: visitId },
      );
      return data.visit;
    }

    /** Clicks and waits until the dashboard has drawn the view it leads to. */
    const submit = (selector: string) => settle(page, () => page.locator(selector).click());

    beforeAll(async () => {
      [product, browser] = await Promise.all([
        startProduct({ role: "COORDINATOR" }),
        launchBrowser(),
      ]);
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, HOOK_MS);

    afterAll(async () => {
      await browser?.close();
      await product?.close();
    }, HOOK_MS);

    it("signs in on the visits page and lists every visit with its steps", async () => {
      // Arrange
      const { visits } = await product.gql<{ visits: { totalCount: number } }>(/* GraphQL */ `
        {
          visits(first: 1) {
            totalCount
          }
        }
      `);

      // Act
      await gotoView(page, url("/manage"));
      await signIn(page, product.email, product.password);

      // Assert
      expect(new URL(page.url()).pathname).toBe("/manage");
      expect(await page.locator("h1").textContent()).toBe("Wizyty");
      expect(await page.locator("table.manage-visits tbody tr").count()).toBe(visits.totalCount);
      const steps = page.locator("table.manage-visits tbody tr").first().locator(".step-links a");
      expect(await steps.allTextContents()).toEqual([
        "Zgłoszenia",
        "Obecność",
        "Ankiety i kody QR",
        "Podsumowanie dyskusji",
      ]);
      await check("visits");
    });

    it("narrows the list to one status", async () => {
      // Arrange
      const { visits } = await product.gql<{ visits: { totalCount: number } }>(/* GraphQL */ `
        {
          visits(first: 1, filter: { status: PLANNED }) {
            totalCount
          }
        }
      `);

      // Act
      await page.locator("#manage-visits-status").selectOption("PLANNED");
      await submit("#manage-visits-show");

      // Assert
      expect(new URL(page.url()).search).toBe("?status=PLANNED");
      const statuses = await page
        .locator("table.manage-visits tbody td:nth-of-type(3)")
        .allTextContents();
      expect(statuses).toHaveLength(visits.totalCount);
      expect(new Set(statuses)).toEqual(new Set(["Planowana"]));
      await check("visits-planned");
    });

    it("adds a host organisation, after naming the fields it left empty", async () => {
      // Arrange
      await gotoView(page, url("/manage/hosts"));
      await check("hosts");

      // Act: reached from the link above the list, submitted empty, then filled in.
      await page.locator("a", { hasText: "Nowa organizacja goszcząca" }).click();
      const focused = await page.evaluate("document.activeElement.id");
      await page.locator("#host-new-submit").click();
      const summary = page.locator("form.host-form .error-summary");
      await summary.waitFor();
      const errors = await summary.locator("li").allTextContents();
      const nameError = await page.locator("#host-new-name-error").textContent();
      await check("hosts-errors");
      await page.locator("#host-new-name").fill(HOST_NAME);
      await page.locator("#host-new-type").selectOption("SOCIAL_COOPERATIVE");
      await page.locator("#host-new-countyTeryt").selectOption("1426");
      await submit("#host-new-submit");

      // Assert
      expect(focused).toBe("host-new-name");
      expect(errors).toEqual(["Nazwa: Uzupełnij to pole.", "Rodzaj: Uzupełnij to pole."]);
      expect(nameError).toBe("Uzupełnij to pole.");
      const row = page.locator("table.host-list tbody tr", { hasText: HOST_NAME });
      expect(await row.count()).toBe(1);
      await page.locator(".status-line", { hasText: "Dodano organizację" }).waitFor();
      const { organizations } = await product.gql<{
        organizations: {
          edges: { node: { id: string; type: string; county: { teryt: string } } }[];
        };
      }>(
        /* GraphQL */ `
          query ($search: String) {
            organizations(filter: { search: $search }) {
              edges {
                node {
                  id
                  type
                  county {
                    teryt
                  }
                }
              }
            }
          }
        `,
        { search: "Testowe Zioła" },
      );
      expect(organizations.edges).toHaveLength(1);
      expect(organizations.edges[0]!.node).toMatchObject({
        type: "SOCIAL_COOPERATIVE",
        county: { teryt: "1426" },
      });
      hostId = organizations.edges[0]!.node.id;
    });

    it("finds the host by searching and edits it", async () => {
      // Act
      await page.locator("#hosts-search").fill("testowe");
      await submit("#hosts-search-submit");
      const found = await page.locator("table.host-list tbody th").allTextContents();
      await check("hosts-search");
      await submit(`tr[data-host="${hostId}"] a`);
      await check("hosts-edit");
      await page.locator("#host-edit-operator").fill("Caritas Diecezji Siedleckiej");
      await submit("#host-edit-submit");

      // Assert
      expect(found).toEqual([HOST_NAME]);
      const { organization } = await product.gql<{ organization: { operator: string } }>(
        /* GraphQL */ `
          query ($id: ID!) {
            organization(id: $id) {
              operator
            }
          }
        `,
        { id: hostId },
      );
      expect(organization.operator).toBe("Caritas Diecezji Siedleckiej");
    });

    it("creates a visit from the visits page", async () => {
      // Arrange
      await gotoView(page, url("/manage"));
      await submit("text=Nowa wizyta");
      await check("visit-new");

      // Act: an empty form first, then a wrong capacity, then the whole visit.
      await page.locator("#visit-create").click();
      await page.locator("form.visit-form .error-summary").waitFor();
      const missing = await page.locator("form.visit-form .error-summary li").count();
      await check("visit-new-errors");
      await page.locator("#visit-title").fill(TITLE);
      await page.locator("#visit-edition").fill("4");
      await page.locator("#visit-programme").fill("Koordynacja ekonomii społecznej na Mazowszu");
      await page.locator("#visit-organiser").fill("Mazowieckie Centrum Polityki Społecznej");
      await page.locator("#visit-subregionCode").selectOption("PL925");
      await page.locator("#visit-countyTeryt").selectOption("1426");
      await page.locator("#visit-startDate").fill(inDays(40));
      await page.locator("#visit-endDate").fill(inDays(41));
      await page.locator("#visit-capacity").fill("2.5");
      await page.locator("#visit-create").click();
      const capacityError = await page.locator("#visit-capacity-error").textContent();
      await page.locator("#visit-capacity").fill("25");
      await submit("#visit-create");

      // Assert
      expect(missing).toBe(8);
      expect(capacityError).toBe("Podaj liczbę całkowitą od 1 do 1000.");
      const match = /^\/manage\/visits\/([0-9a-f]{24})$/.exec(new URL(page.url()).pathname);
      expect(match, page.url()).not.toBeNull();
      visitId = match![1]!;
      const visit = await stored();
      expect(visit).toMatchObject({
        title: TITLE,
        status: "PLANNED",
        capacity: 25,
        startDate: inDays(40),
        endDate: inDays(41),
        county: { teryt: "1426" },
        stops: [],
      });
      await check("visit-created");
    });

    it("builds a programme of three stops over the two days", async () => {
      // Arrange
      const others = await page
        .locator("#stop-hostId option")
        .evaluateAll((options) =>
          options.map((o) => (o as unknown as { value: string }).value).filter(Boolean),
        );
      const second = others.find((id) => id !== hostId)!;

      // Act
      const stops: [string, string, string][] = [
        ["1", hostId, "Zioła z upraw osób z niepełnosprawnościami\nSprzedaż w sklepie online"],
        ["1", second, "Reintegracja zawodowa"],
        ["2", hostId, "Rozmowa z zarządem spółdzielni"],
      ];
      for (const [day, host, topics] of stops) {
        await page.locator("#stop-day").selectOption(day);
        await page.locator("#stop-hostId").selectOption(host);
        await page.locator("#stop-topics").fill(topics);
        await submit("#stop-add");
      }

      // Assert
      const visit = await stored();
      expect(visit.stops.map((s) => [s.order, s.day, s.host.id, s.topics])).toEqual([
        [1, 1, hostId, ["Zioła z upraw osób z niepełnosprawnościami", "Sprzedaż w sklepie online"]],
        [2, 1, second, ["Reintegracja zawodowa"]],
        [3, 2, hostId, ["Rozmowa z zarządem spółdzielni"]],
      ]);
      expect(await page.locator("ol.programme > li h3").allTextContents()).toEqual(
        visit.stops.map((s) => `Dzień ${s.day} · ${s.order}. ${s.host.name}`),
      );
      await check("visit-programme");
    });

    it("moves a stop up among the stops of its day, and keeps the focus on it", async () => {
      // Arrange: only neighbours on the same day can swap.
      const buttons = await page
        .locator("ol.programme button")
        .evaluateAll((list) => list.map((b) => (b as unknown as { id: string }).id));
      const [first, second, third] = (await stored()).stops;

      // Act
      await submit("#stop-2-up");
      await page.locator(".status-line", { hasText: "jest teraz na miejscu 1" }).waitFor();
      const focused = await page.evaluate("document.activeElement.id");

      // Assert
      expect(buttons).toEqual([
        "stop-1-down",
        "stop-1-remove",
        "stop-2-up",
        "stop-2-remove",
        "stop-3-remove",
      ]);
      expect((await stored()).stops.map((s) => [s.order, s.day, s.host.id])).toEqual([
        [1, 1, second!.host.id],
        [2, 1, first!.host.id],
        [3, 2, third!.host.id],
      ]);
      expect(focused).toBe("stop-1-down");
      await check("visit-moved");
    });

    it("removes a stop, and the later ones move up", async () => {
      // Arrange: a fourth stop, on the first day
      await page.locator("#stop-day").selectOption("1");
      await page.locator("#stop-hostId").selectOption(hostId);
      await submit("#stop-add");
      const added = (await stored()).stops.map((s) => [s.order, s.day]);

      // Act
      await submit("#stop-3-remove");
      await page.locator(".status-line", { hasText: "Usunięto przystanek" }).waitFor();
      const focused = await page.evaluate("document.activeElement.id");

      // Assert
      expect(added).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 2],
      ]);
      expect((await stored()).stops.map((s) => [s.order, s.day, s.topics.length])).toEqual([
        [1, 1, 1],
        [2, 1, 2],
        [3, 2, 1],
      ]);
      expect(focused).toBe("stop-add");
    });

    it("opens registration and offers only the changes the service allows", async () => {
      // Arrange
      const before = await page.locator(".status-form button").allTextContents();

      // Act
      await submit("#visit-open");

      // Assert: a visit that has not ended cannot be completed yet.
      expect(before).toEqual(["Otwórz zapisy", "Odwołaj wizytę"]);
      expect((await stored()).status).toBe("OPEN_FOR_REGISTRATION");
      expect(await page.locator(".status-form button").allTextContents()).toEqual([
        "Zamknij zapisy",
        "Odwołaj wizytę",
      ]);
      await page.locator(".status-line", { hasText: "Zapisy są otwarte" }).waitFor();
      await check("visit-open");
      await gotoView(page, url("/manage?status=OPEN_FOR_REGISTRATION"));
      const row = page.locator(`tr[data-visit="${visitId}"]`);
      expect(await row.locator("td").allTextContents()).toEqual(
        expect.arrayContaining(["4", "Otwarta rejestracja", "0 z 25"]),
      );
      await submit(`tr[data-visit="${visitId}"] th a`);
    });

    it("asks before cancelling, and going back leaves the visit as it was", async () => {
      // Act
      await page.locator("#visit-cancel").click();
      await page.locator("dialog.confirm[open]").waitFor();
      const focused = await page.evaluate("document.activeElement && document.activeElement.id");
      await check("visit-cancel-dialog");
      await page.keyboard.press("Escape");
      await page
        .locator("dialog.confirm[open]")
        .waitFor({ state: "detached" })
        .catch(() => {});
      const stillOpen = await page.locator("dialog.confirm[open]").count();

      // Assert
      expect(focused).toBe("cancel-visit-no");
      expect(stillOpen).toBe(0);
      expect((await stored()).status).toBe("OPEN_FOR_REGISTRATION");
    });

    it("edits the visit, and an end date the service refuses is named next to its field", async () => {
      // Act
      await page.locator("#visit-title").fill(`${TITLE} (edycja 4)`);
      await page.locator("#visit-capacity").fill("30");
      await submit("#visit-save");
      await page.locator(".status-line", { hasText: "Zapisano zmiany" }).waitFor();
      await page.locator("#visit-endDate").fill(inDays(39));
      await page.locator("#visit-save").click();
      const endError = page.locator("#visit-endDate-error");
      await endError.filter({ hasText: /\S/ }).waitFor();
      await check("visit-edit-error");

      // Assert
      expect(await endError.textContent()).toBe(
        "Ostatni dzień nie może być przed pierwszym, wizyta trwa najwyżej 31 dni, a przystanki muszą mieścić się w jej dniach.",
      );
      expect(await page.locator("#visit-endDate").getAttribute("aria-invalid")).toBe("true");
      expect(await stored()).toMatchObject({
        title: `${TITLE} (edycja 4)`,
        capacity: 30,
        endDate: inDays(41),
      });
      expect(await page.locator("h1").textContent()).toBe(`${TITLE} (edycja 4)`);
      await gotoView(page, url(`/manage/visits/${visitId}`));
      await page.setViewportSize({ width: 1280, height: 900 });
      await shoot(page, "manage-visit", 1280, overflow);
    });

    it("records the discussion summary with one follow-up, and edits it later", async () => {
      // Arrange
      await gotoView(page, url(`/manage/visits/${visitId}/summary`));
      await check("summary-empty");

      // Act: the first save.
      await page.locator("#summary-heldOn").fill(inDays(41));
      await page.locator("#perSector-add").click();
      await page.locator("#summary-perSector-0--sector").selectOption("LOCAL_GOVERNMENT");
      await page.locator("#summary-perSector-0--needs").fill("Wiedza o klauzulach społecznych");
      await page
        .locator("#summary-perSector-0--supportProposals")
        .fill("Szkolenie OWES dla urzędników");
      await page.locator("#actions-add").click();
      await page.locator("#summary-actions-0--description").fill("Spotkanie z OWES");
      await page.locator("#summary-actions-0--owner").fill("MCPS");
      await page.locator("#summary-actions-0--dueDate").fill(inDays(30));
      await page.locator("#summary-save").click();
      const early = await page.locator("#summary-actions-0--dueDate-error").textContent();
      await check("summary-errors");
      await page.locator("#summary-actions-0--dueDate").fill(inDays(70));
      await submit("#summary-save");
      const first = (await stored()).discussionSummary;

      // Act: opened again, it holds what was saved; a second need, a new owner, an added sector
      // removed again.
      await gotoView(page, url(`/manage/visits/${visitId}/summary`));
      const prefilled = {
        needs: await page.locator("#summary-perSector-0--needs").inputValue(),
        owner: await page.locator("#summary-actions-0--owner").inputValue(),
      };
      await check("summary-saved");
      await page
        .locator("#summary-perSector-0--needs")
        .fill("Wiedza o klauzulach społecznych\nLista spółdzielni w powiecie");
      await page.locator("#summary-actions-0--owner").fill("OWES Siedlce");
      await page.locator("#perSector-add").click();
      await page.locator("#summary-perSector-1--sector").selectOption("NGO");
      await check("summary-two-sectors");
      await page.locator("#perSector-1-remove").click();
      await submit("#summary-save");
      const second = (await stored()).discussionSummary;

      // Assert
      expect(early).toBe("Termin nie może być przed dniem dyskusji.");
      expect(first).toEqual({
        heldOn: inDays(41),
        perSector: [
          {
            sector: "LOCAL_GOVERNMENT",
            needs: ["Wiedza o klauzulach społecznych"],
            supportProposals: ["Szkolenie OWES dla urzędników"],
          },
        ],
        actions: [{ description: "Spotkanie z OWES", owner: "MCPS", dueDate: inDays(70) }],
      });
      expect(prefilled).toEqual({ needs: "Wiedza o klauzulach społecznych", owner: "MCPS" });
      expect(second).toEqual({
        heldOn: inDays(41),
        perSector: [
          {
            sector: "LOCAL_GOVERNMENT",
            needs: ["Wiedza o klauzulach społecznych", "Lista spółdzielni w powiecie"],
            supportProposals: ["Szkolenie OWES dla urzędników"],
          },
        ],
        actions: [{ description: "Spotkanie z OWES", owner: "OWES Siedlce", dueDate: inDays(70) }],
      });
    });

    it("speaks English when asked to, the service's refusals included", async () => {
      // Arrange
      await gotoView(page, url(`/manage/visits/${visitId}?lang=en`));

      // Act
      await page.locator("#visit-endDate").fill(inDays(30));
      await page.locator("#visit-save").click();
      const summary = page.locator("form.visit-form .error-summary");
      await summary.locator("li").waitFor();
      await check("visit-en-error");

      // Assert
      expect(await page.locator("#visit-status").textContent()).toBe("Status and registration");
      expect(await summary.locator("p").textContent()).toBe("Correct 1 field(s) of the form:");
      expect(await summary.locator("li").textContent()).toBe(
        "Last day: The last day cannot be before the first, a visit lasts at most 31 days, and its stops must fit in its days.",
      );
      const steps = await page
        .locator("nav.manage-nav a")
        .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href));
      expect(
        steps.every((href) => href.endsWith("?lang=en")),
        steps.join("\n"),
      ).toBe(true);
    });

    it("cancels the visit once confirmed, and then offers no change of status", async () => {
      // Arrange
      await gotoView(page, url(`/manage/visits/${visitId}`));

      // Act
      await page.locator("#visit-cancel").click();
      await submit("#cancel-visit-yes");
      await page.locator(".status-line", { hasText: "Wizyta została odwołana" }).waitFor();
      await check("visit-cancelled");

      // Assert
      expect((await stored()).status).toBe("CANCELLED");
      expect(await page.locator(".status-form").count()).toBe(0);
      expect(await page.locator("#visit-status + p").textContent()).toContain("Odwołana");
      expect(await page.locator("text=To status końcowy").count()).toBe(1);
    });

    it("offers to mark a visit completed once its last day has passed", async () => {
      // Arrange: a visit that ended last week, still planned
      const { createVisit } = await product.gql<{ createVisit: { id: string } }>(
        /* GraphQL */ `
          mutation ($input: VisitInput!) {
            createVisit(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            title: "Wizyta z zeszłego tygodnia",
            edition: 1,
            programme: "Koordynacja ekonomii społecznej na Mazowszu",
            organiser: "MCPS",
            subregionCode: "PL921",
            startDate: inDays(-8),
            endDate: inDays(-7),
            capacity: 10,
          },
        },
      );
      await gotoView(page, url(`/manage/visits/${createVisit.id}`));
      const offered = await page.locator(".status-form button").allTextContents();

      // Act
      await submit("#visit-complete");

      // Assert
      expect(offered).toEqual(["Otwórz zapisy", "Oznacz jako zrealizowaną", "Odwołaj wizytę"]);
      const { visit } = await product.gql<{ visit: { status: string } }>(
        /* GraphQL */ `
          query ($id: ID!) {
            visit(id: $id) {
              status
            }
          }
        `,
        { id: createVisit.id },
      );
      expect(visit.status).toBe("COMPLETED");
      await page.locator(".status-line", { hasText: "zrealizowana" }).waitFor();
    });

    it("had no WCAG 2.1 A/AA violations and no sideways scrolling at 320 and 360 px", () => {
      expect(violations, violations.join("\n")).toEqual([]);
      expect(overflow, overflow.join("\n")).toEqual([]);
    });
  },
);
