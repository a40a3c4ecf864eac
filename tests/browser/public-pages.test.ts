// The public pages end to end, as a participant on a phone: the editions open for registration,
// one edition's programme and form (keyboard only), a waitlist place that moves when people
// ahead cancel, a seat granted, and cancelling from the personal link. The product is started
// as users start it; the visit is made by a coordinator through the API.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  axeViolations,
  focusedElement,
  formatViolations,
  gotoView,
  type Product,
  settle,
  shoot,
  startProduct,
} from "../support/dashboard.js";
import { REGISTER } from "../support/visits.js";

const HOOK_MS = 120_000;
// Each state is checked by axe and shot at three widths, on a machine shared with other runs.
const TEST_MS = 90_000;
const TITLE = "Wizyta studyjna: ekonomia społeczna w Siedlcach";
const WIDTHS = [320, 360, 1280];

interface Registered {
  cancelToken: string;
  registration: { id: string; status: string; waitlistPosition: number | null };
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Zero WCAG 2.1 A/AA violations, then screenshots at 320, 360 and 1280 px without overflow. */
async function checkState(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, formatViolations(name, violations)).toEqual([]);
  const viewport = page.viewportSize();
  const overflow: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await shoot(page, `public-${name}`, width, overflow);
  }
  if (viewport) await page.setViewportSize(viewport);
  expect(overflow, overflow.join("\n")).toEqual([]);
}

describe.skipIf(!hasChromium && !process.env.CI)("public pages", () => {
  let product: Product;
  let browser: Browser;
  let page: Page;
  let visitId: string;
  const seated: Registered[] = [];
  let ahead: Registered;
  let personalLink: string;

  const url = (path: string) => `${product.baseUrl}${path}`;
  const register = async (n: number) =>
    (
      await product.gql<{ registerForVisit: Registered }>(REGISTER, {
        input: {
          visitId,
          name: `Osoba ${n}`,
          email: `osoba${n}@example.pl`,
          institution: "Urząd Gminy Mordy",
          sector: "LOCAL_GOVERNMENT",
          consent: true,
        },
      })
    ).registerForVisit;
  const cancel = (r: Registered) =>
    product.gql(
      /* GraphQL */ `
        mutation ($id: ID!, $token: String) {
          cancelRegistration(id: $id, cancelToken: $token) {
            status
          }
        }
      `,
      { id: r.registration.id, token: r.cancelToken },
    );
  const heading = (selector: string) => page.locator(`${selector} h2`).first().textContent();

  beforeAll(async () => {
    [product, browser] = await Promise.all([
      startProduct({ role: "COORDINATOR" }),
      launchBrowser(),
    ]);
    const host = async (name: string, type: string) =>
      (
        await product.gql<{ createOrganization: { id: string } }>(
          /* GraphQL */ `
            mutation ($input: OrganizationInput!) {
              createOrganization(input: $input) {
                id
              }
            }
          `,
          { input: { name, type, countyTeryt: "1464" } },
        )
      ).createOrganization.id;
    const ziola = await host("Spółdzielnia Socjalna „Zioła Siedleckie”", "SOCIAL_COOPERATIVE");
    const owes = await host("OWES Subregionu Siedleckiego", "OWES");
    visitId = (
      await product.gql<{ createVisit: { id: string } }>(
        /* GraphQL */ `
          mutation ($input: VisitInput!) {
            createVisit(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            title: TITLE,
            edition: 3,
            programme: "Koordynacja ekonomii społecznej na Mazowszu",
            organiser: "Mazowieckie Centrum Polityki Społecznej",
            subregionCode: "PL925",
            countyTeryt: "1464",
            startDate: daysFromNow(30),
            endDate: daysFromNow(31),
            mode: "ON_SITE",
            status: "OPEN_FOR_REGISTRATION",
            capacity: 2,
          },
        },
      )
    ).createVisit.id;
    const stops: [number, string, string[]][] = [
      [1, ziola, ["Profil działalności", "Rozmowa z założycielami"]],
      [1, owes, ["Wsparcie OWES"]],
      [2, ziola, ["Podsumowanie"]],
    ];
    for (const [day, hostId, topics] of stops) {
      await product.gql(
        /* GraphQL */ `
          mutation ($visitId: ID!, $input: VisitStopInput!) {
            addVisitStop(visitId: $visitId, input: $input) {
              id
            }
          }
        `,
        { visitId, input: { day, hostId, topics } },
      );
    }
    page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  }, HOOK_MS);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  }, HOOK_MS);

  it(
    "lists the editions open for registration, each with its programme",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      await gotoView(page, url("/editions"));

      // Act
      const card = page.locator("article.edition-card", { hasText: TITLE });
      const text = await card.textContent();
      const days = await card.locator("h4").allTextContents();
      const hosts = await card.locator(".stops li strong").allTextContents();

      // Assert
      expect(await page.locator("h1").textContent()).toBe(
        "Najbliższe wizyty studyjne — zapisy otwarte",
      );
      expect(text).toContain("wolne: 2 z 2");
      expect(text).toContain("siedlecki");
      expect(text).toContain("Tematy: Profil działalności; Rozmowa z założycielami");
      expect(days).toEqual(["Dzień 1", "Dzień 2"]);
      expect(hosts).toEqual([
        "Spółdzielnia Socjalna „Zioła Siedleckie”",
        "OWES Subregionu Siedleckiego",
        "Spółdzielnia Socjalna „Zioła Siedleckie”",
      ]);
      await checkState(page, "editions");
      await settle(page, () => card.locator("h2 a").click());
      expect(new URL(page.url()).pathname).toBe(`/editions/${visitId}`);
    },
  );

  it(
    "registers with the keyboard alone and gives waitlist place 2 when the seats are taken",
    { timeout: TEST_MS },
    async () => {
      // Arrange: both seats and the first waitlist place go before the participant comes
      seated.push(await register(1), await register(2));
      ahead = await register(3);
      await gotoView(page, url(`/editions/${visitId}`));
      const consent = await page.locator("#reg-consent-hint").textContent();

      // Act: an empty form first, then fixed from the error summary, by keyboard only
      await page.locator("form.registration-form button[type=submit]").focus();
      await page.keyboard.press("Enter");
      await page.locator(".error-summary:not([hidden])").waitFor();
      const summary = await page.locator(".error-summary").textContent();
      await checkState(page, "edition-errors");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      const fromSummary = await focusedElement(page);
      // Name, e-mail, institution, the sector by typing its first letters, no gender, consent.
      const keys = ["Anna Kowalska", "anna.kowalska@example.pl", "Spółdzielnia Socjalna Zioła"];
      for (const text of [...keys, "Org"]) {
        await page.keyboard.type(text);
        await page.keyboard.press("Tab");
      }
      for (const key of ["Tab", "Space", "Tab", "Enter"]) await page.keyboard.press(key);
      await page.locator("#outcome-heading").waitFor();
      personalLink = (await page.locator("#personal-link").getAttribute("href"))!;

      // Assert
      expect(consent).toMatch(/Wyrażam zgodę/);
      expect(summary).toContain("Popraw 5 pole(-a) formularza");
      expect(summary).toContain("Zaznacz to pole, aby kontynuować.");
      expect(fromSummary).toMatch(/^INPUT\|#reg-name\|/);
      expect(await page.locator("#outcome-heading").textContent()).toBe(
        "Jesteś na liście rezerwowej, miejsce 2",
      );
      expect(await focusedElement(page)).toMatch(/^H2\|#outcome-heading\|/);
      const link = new URL(personalLink);
      expect(link.pathname).toMatch(/^\/registration\/[0-9a-f]{24}$/);
      expect(link.hash.length).toBeGreaterThan(32);
      // The token travels in the fragment and request bodies only: no log line holds it.
      expect(product.log()).not.toContain(decodeURIComponent(link.hash.slice(1)));
      await checkState(page, "edition-waitlisted");
    },
  );

  it(
    "shows the place in line moving up, then the seat granted, on the status page",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      await settle(page, () => page.locator("#personal-link").click());
      const first = await heading("#registration-status");
      const name = await page.locator(".facts").textContent();
      await checkState(page, "registration-waitlisted");

      // Act: the one ahead cancels (refresh by the button), then a seat holder (back on the tab)
      await cancel(ahead);
      await page.locator("#refresh-status").click();
      await page.getByRole("heading", { name: "Jesteś na liście rezerwowej, miejsce 1" }).waitFor();
      const announced = await page.locator(".status-line").textContent();
      await cancel(seated[0]!);
      await page.evaluate("window.dispatchEvent(new Event('focus'))");
      await page.getByRole("heading", { name: "Masz miejsce" }).waitFor();

      // Assert
      expect(new URL(page.url()).hash).toBe(new URL(personalLink).hash);
      expect(first).toBe("Jesteś na liście rezerwowej, miejsce 2");
      expect(name).toContain("Anna Kowalska");
      expect(name).toContain(TITLE);
      expect(announced).toMatch(/^Sprawdzono o .*: Jesteś na liście rezerwowej, miejsce 1\.$/);
      await checkState(page, "registration-seat");
    },
  );

  it(
    "switches to English and back, keeping the token in the address",
    { timeout: TEST_MS },
    async () => {
      // Act
      await settle(page, () => page.getByRole("link", { name: "Switch to English" }).click());
      const english = await heading("#registration-status");
      const hash = new URL(page.url()).hash;
      await checkState(page, "registration-seat-en");
      await settle(page, () => page.locator("header a[hreflang=pl]").click());

      // Assert
      expect(english).toBe("You have a seat");
      expect(hash).toBe(new URL(personalLink).hash);
      expect(await heading("#registration-status")).toBe("Masz miejsce");
    },
  );

  it(
    "cancels from the page after a confirmation step, and says so",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      await page.locator("#cancel-start").click();
      const asked = await focusedElement(page);
      await checkState(page, "registration-confirm");
      await page.locator("#cancel-confirm-no").click();
      const keptFocus = await focusedElement(page);
      const stillActive = await heading("#registration-status");

      // Act
      await page.locator("#cancel-start").click();
      await page.locator("#cancel-confirm-yes").click();
      await page.getByRole("heading", { name: "Zgłoszenie anulowane" }).waitFor();

      // Assert
      expect(asked).toMatch(/^H2\|#confirm-heading\|/);
      expect(keptFocus).toMatch(/^BUTTON\|#cancel-start\|/);
      expect(stillActive).toBe("Masz miejsce");
      expect(await page.locator(".status-line").textContent()).toBe("Zrezygnowano z udziału.");
      expect(await page.locator("#cancel-start").isHidden()).toBe(true);
      const registrations = await product.gql<{
        visit: {
          registrations: {
            id: string;
            status: string;
            sector: string;
            participant: { name: string };
          }[];
        };
      }>(
        /* GraphQL */ `
          query ($id: ID!) {
            visit(id: $id) {
              registrations {
                id
                status
                sector
                participant {
                  name
                }
              }
            }
          }
        `,
        { id: visitId },
      );
      const mine = new URL(personalLink).pathname.split("/").pop();
      // Cancelling withdrew the consent: the name is erased, what the counts need stays.
      expect(registrations.visit.registrations.find((r) => r.id === mine)).toMatchObject({
        status: "CANCELLED",
        sector: "NGO",
        participant: { name: "—" },
      });
      await checkState(page, "registration-cancelled");
      await page.reload();
      await page.getByRole("heading", { name: "Zgłoszenie anulowane" }).waitFor();
    },
  );

  it(
    "says in Polish, at the e-mail field, that the address is already registered",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      await gotoView(page, url(`/editions/${visitId}`));
      await page.locator("#reg-name").fill("Osoba Druga");
      await page.locator("#reg-email").fill("osoba2@example.pl");
      await page.locator("#reg-institution").fill("Urząd Gminy Mordy");
      await page.locator("#reg-sector").selectOption("LOCAL_GOVERNMENT");
      await page.locator("#reg-consent").check();

      // Act
      await page.locator("form.registration-form button[type=submit]").click();
      await page.locator(".form-field.invalid").waitFor();

      // Assert
      expect(await page.locator("#reg-email-error").textContent()).toBe(
        "Ten adres e-mail jest już zapisany na tę wizytę.",
      );
      expect(await page.locator("#reg-email").getAttribute("aria-invalid")).toBe("true");
      await checkState(page, "edition-duplicate");
    },
  );

  it("says when an edition does not exist", { timeout: TEST_MS }, async () => {
    // Act
    await gotoView(page, url("/editions/0123456789abcdef01234567"));

    // Assert
    expect(await page.locator("h1").textContent()).toBe(
      "Nie ma takiej wizyty albo nie jest ona publiczna.",
    );
    await checkState(page, "edition-missing");
  });

  it(
    "says clearly when the link lacks its token or the token is wrong",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      const link = new URL(personalLink);

      // Act
      await gotoView(page, url(link.pathname));
      const missing = await page.locator("#registration-problem").textContent();
      await checkState(page, "registration-no-token");
      await page.goto("about:blank");
      await gotoView(page, url(`${link.pathname}#${link.hash.slice(2)}`));
      const wrong = await page.locator("#registration-problem").textContent();
      await checkState(page, "registration-wrong-token");

      // Assert
      expect(missing).toContain("brakuje w nim kodu po znaku #");
      expect(wrong).toContain("Nie znaleźliśmy zgłoszenia dla tego linku");
    },
  );

  it(
    "tells a registrant when the organisers cancelled the visit",
    { timeout: TEST_MS },
    async () => {
      // Arrange
      const waiting = await register(4);
      await product.gql(
        /* GraphQL */ `
          mutation ($id: ID!) {
            updateVisit(id: $id, input: { status: CANCELLED }) {
              id
            }
          }
        `,
        { id: visitId },
      );

      // Act
      await page.goto("about:blank");
      await gotoView(
        page,
        url(`/registration/${waiting.registration.id}#${encodeURIComponent(waiting.cancelToken)}`),
      );

      // Assert
      expect(await heading("#registration-status")).toBe("Zgłoszenie anulowane");
      expect(await page.locator("#registration-status p").textContent()).toBe(
        "Wizyta została odwołana przez organizatorów; wszystkie zgłoszenia anulowano.",
      );
      // The visit is no longer public: its title is not a link to a page that would not open.
      expect(await page.locator(".facts a").count()).toBe(0);
      expect(await page.locator("#cancel-start").isHidden()).toBe(true);
      await checkState(page, "registration-visit-cancelled");
    },
  );
});
