// A visit's day as a coordinator runs it from the browser: registrations and the waitlist, the
// check-in at the door on a phone (one tap made offline and sent when the connection returns),
// invitations, and the printed sheet of QR cards read back with a QR decoder.
import { mkdir } from "node:fs/promises";

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  axeViolations,
  formatViolations,
  gotoView,
  type Product,
  SCREENSHOTS,
  shoot,
  signIn,
  startProduct,
} from "../support/dashboard.js";
import { printedCards, warsawDay } from "../support/door.js";

const HOOK_MS = 120_000;
const QUEUE_KEY = "wizyty.attendance-queue";
const PROGRAMME = "Koordynacja ekonomii społecznej na Mazowszu";
const PEOPLE = [
  { name: "Anna Kowalska", institution: "Urząd Gminy Mordy", sector: "LOCAL_GOVERNMENT" },
  { name: "Bartosz Nowak", institution: "Fundacja Razem", sector: "NGO" },
  {
    name: "Celina Wiśniewska",
    institution: "Spółdzielnia Socjalna Zioła",
    sector: "SOCIAL_ECONOMY_ENTITY",
  },
  { name: "Dariusz Łęcki", institution: "PUP Siedlce", sector: "LABOUR_OFFICE" },
  {
    name: "Ewa Zielińska",
    institution: "Gminny Ośrodek Pomocy Społecznej",
    sector: "LOCAL_GOVERNMENT",
  },
];

describe.skipIf(!hasChromium && !process.env.CI)(
  "a visit's day, as a coordinator",
  { timeout: 90_000 },
  () => {
    let product: Product;
    let browser: Browser;
    let signedIn: BrowserContext;
    let visitId: string;
    let registrations: {
      id: string;
      name: string;
      status: string;
      waitlistPosition: number | null;
    }[];
    const overflow: string[] = [];
    const violations: string[] = [];

    beforeAll(async () => {
      [product, browser] = await Promise.all([
        startProduct({ role: "COORDINATOR" }),
        launchBrowser(),
      ]);
      await mkdir(SCREENSHOTS, { recursive: true });
      signedIn = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await signedIn.newPage();
      await gotoView(page, `${product.baseUrl}/signin`);
      await signIn(page, product.email, product.password);
      await page.close();
      visitId = await openVisit(warsawDay(0), 4);
      registrations = [];
      for (const [i, person] of PEOPLE.entries()) {
        registrations.push({ ...(await register(visitId, person, i)), name: person.name });
      }
    }, HOOK_MS);

    afterAll(async () => {
      await browser?.close();
      await product?.close();
    }, HOOK_MS);

    async function openVisit(day: string, capacity: number): Promise<string> {
      const data = await product.gql<{ createVisit: { id: string } }>(
        /* GraphQL */ `
          mutation ($input: VisitInput!) {
            createVisit(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            title: "Wizyta studyjna w podregionie siedleckim",
            edition: 9,
            programme: PROGRAMME,
            organiser: "Mazowieckie Centrum Polityki Społecznej",
            subregionCode: "PL925",
            startDate: day,
            endDate: day,
            status: "OPEN_FOR_REGISTRATION",
            capacity,
          },
        },
      );
      return data.createVisit.id;
    }

    /** The public mutation, sent as a participant would: no token. */
    async function register(id: string, person: (typeof PEOPLE)[number], i: number) {
      const response = await fetch(`${product.baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: /* GraphQL */ `
            mutation ($input: RegistrationInput!) {
              registerForVisit(input: $input) {
                registration {
                  id
                  status
                  waitlistPosition
                }
              }
            }
          `,
          variables: {
            input: {
              visitId: id,
              name: person.name,
              email: `osoba${i}.${id}@example.pl`,
              institution: person.institution,
              sector: person.sector,
              consent: true,
            },
          },
        }),
      });
      const body = (await response.json()) as {
        data?: {
          registerForVisit: {
            registration: { id: string; status: string; waitlistPosition: number | null };
          };
        };
        errors?: unknown;
      };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data.registerForVisit.registration;
    }

    async function statusOf(id: string): Promise<string> {
      const data = await product.gql<{
        visit: { registrations: { id: string; status: string }[] };
      }>(
        /* GraphQL */ `
          query ($id: ID!) {
            visit(id: $id) {
              registrations {
                id
                status
              }
            }
          }
        `,
        { id: visitId },
      );
      return data.visit.registrations.find((r) => r.id === id)!.status;
    }

    async function open(pathname: string, width = 1280, height = 900): Promise<Page> {
      const page = await signedIn.newPage();
      await page.setViewportSize({ width, height });
      await gotoView(page, `${product.baseUrl}${pathname}`);
      const error = page.locator(".error-box, main.signin h1");
      if (await error.count()) throw new Error(`${pathname}: ${await error.first().innerText()}`);
      return page;
    }

    /** Axe on the page as it is, noted under `where`. */
    async function axe(page: Page, where: string): Promise<void> {
      const found = await axeViolations(page);
      if (found.length) violations.push(formatViolations(where, found));
    }

    /** Axe and screenshots at 320, 360 and 1280 px; the viewport is put back afterwards. */
    async function everyWidth(page: Page, name: string): Promise<void> {
      const before = page.viewportSize()!;
      for (const width of [320, 360, 1280]) {
        await page.setViewportSize({ width, height: before.height });
        await shoot(page, name, width, overflow);
        await axe(page, `${name} at ${width}px`);
      }
      await page.setViewportSize(before);
    }

    const toggle = (page: Page, name: string) =>
      page.locator(".checkin-person", { hasText: name }).locator("button.checkin-toggle");
    const stateOf = (page: Page, name: string) =>
      page.locator(".checkin-person", { hasText: name }).locator(".checkin-state");

    it("shows five registrations: four seats and the fifth on the waitlist at place 1", async () => {
      // Act
      const page = await open(`/manage/visits/${visitId}/registrations`);
      const seated = await page.locator(".registrations-seated tbody th").allTextContents();
      const waiting = await page.locator(".registrations-waitlist tbody tr").allInnerTexts();
      const counts = await page.locator(".day-counts li").allTextContents();
      await everyWidth(page, "manage-registrations");

      // Assert
      expect(registrations.map((r) => r.status)).toEqual([
        "REGISTERED",
        "REGISTERED",
        "REGISTERED",
        "REGISTERED",
        "WAITLISTED",
      ]);
      expect(seated).toEqual(PEOPLE.slice(0, 4).map((p) => p.name));
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatch(/^1\s+Ewa Zielińska/);
      expect(await page.locator(".registrations-waitlist thead th").first().textContent()).toBe(
        "Miejsce w kolejce",
      );
      expect(counts).toEqual(["Zajęte miejsca: 4 z 4", "Na liście rezerwowej: 1", "Anulowane: 0"]);
      expect(await page.locator("nav.manage-nav a[aria-current=page]").textContent()).toBe(
        "Zgłoszenia",
      );
      await page.close();
    });

    it("cancels a registration after confirming, and the waitlisted person takes the seat", async () => {
      // Arrange
      const page = await open(`/manage/visits/${visitId}/registrations`);
      const name = PEOPLE[3]!.name;

      // Act
      await page.getByRole("button", { name: `Anuluj zgłoszenie: ${name}` }).click();
      const dialog = page.getByRole("dialog", { name: "Anulować zgłoszenie?" });
      await dialog.waitFor();
      const focused = await page.evaluate("document.activeElement.textContent");
      await axe(page, "registrations: cancel dialog");
      await shoot(page, "manage-registrations-confirm", 1280, overflow);
      await dialog.getByRole("button", { name: "Tak, anuluj zgłoszenie" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `Anulowano zgłoszenie: ${name}.` })
        .waitFor();

      // Assert
      expect(focused).toBe("Nie, zostaw");
      expect(await dialog.isVisible()).toBe(false);
      // Cancelling withdrew the consent: the person's name is erased at once.
      expect(await page.locator(".registrations-cancelled tbody th").allTextContents()).toEqual([
        "—",
      ]);
      expect(await page.locator(".registrations-seated tbody th").allTextContents()).toContain(
        "Ewa Zielińska",
      );
      expect(await page.locator(".registrations-waitlist tbody tr").count()).toBe(0);
      expect(await statusOf(registrations[3]!.id)).toBe("CANCELLED");
      expect(await statusOf(registrations[4]!.id)).toBe("REGISTERED");
      await axe(page, "registrations after cancelling");
      await page.close();
    });

    it("checks people in on a 360 px phone, one tap made offline and sent when back online", async () => {
      // Arrange
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      await context.addInitScript(
        `localStorage.setItem("wizyty.session", ${JSON.stringify(await sessionOf())})`,
      );
      const page = await context.newPage();
      await gotoView(page, `${product.baseUrl}/manage/visits/${visitId}/check-in`);
      const [anna, bartosz, celina, ewa] = [
        PEOPLE[0]!.name,
        PEOPLE[1]!.name,
        PEOPLE[2]!.name,
        PEOPLE[4]!.name,
      ];
      await everyWidth(page, "manage-checkin");

      // Act: search, then tap.
      const search = page.getByLabel("Szukaj osoby");
      await search.fill("fundacja");
      const visibleAfterSearch = await page
        .locator(".checkin-person:visible .checkin-name")
        .allTextContents();
      await search.fill("zielinska");
      const accentless = await page
        .locator(".checkin-person:visible .checkin-name")
        .allTextContents();
      await search.fill("");
      const box = await toggle(page, anna).boundingBox();
      await toggle(page, anna).click();
      await stateOf(page, anna).filter({ hasText: "Zapisano" }).waitFor();

      // Act: a tap without a connection.
      await context.setOffline(true);
      await toggle(page, bartosz).click();
      const pressedAtOnce = await toggle(page, bartosz).getAttribute("aria-pressed");
      await stateOf(page, bartosz).filter({ hasText: "Nie wysłano" }).waitFor();
      const queued = (await page.evaluate(`localStorage.getItem("${QUEUE_KEY}")`)) as string;
      const offlineCount = await page.locator(".checkin-count").textContent();
      const whileOffline = await statusOf(registrations[1]!.id);
      await shoot(page, "manage-checkin-offline", 360, overflow);
      await axe(page, "check-in offline");
      await context.setOffline(false);
      await stateOf(page, bartosz).filter({ hasText: "Zapisano" }).waitFor({ timeout: 20_000 });

      // Act: the keyboard alone.
      await toggle(page, celina).focus();
      await page.keyboard.press("Space");
      await stateOf(page, celina).filter({ hasText: "Zapisano" }).waitFor();
      const count = await page.locator(".checkin-count").textContent();
      await axe(page, "check-in after sending");

      // Act: a tap offline on a page then closed; the next page sends it.
      await context.setOffline(true);
      await toggle(page, ewa).click();
      await stateOf(page, ewa).filter({ hasText: "Nie wysłano" }).waitFor();
      await page.close();
      await context.setOffline(false);
      const later = await context.newPage();
      await gotoView(later, `${product.baseUrl}/manage/visits/${visitId}/check-in`);
      const pressedOnReturn = await toggle(later, ewa).getAttribute("aria-pressed");
      await stateOf(later, ewa).filter({ hasText: "Zapisano" }).waitFor();
      const finalCount = await later.locator(".checkin-count").textContent();

      // Assert
      expect(visibleAfterSearch).toEqual([bartosz]);
      expect(accentless).toEqual([ewa]);
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      expect(pressedAtOnce).toBe("true");
      expect(JSON.parse(queued)).toEqual({ [registrations[1]!.id]: true });
      for (const person of PEOPLE) {
        expect(queued).not.toContain(person.name);
        expect(queued).not.toContain("@");
      }
      expect(offlineCount).toBe("2 z 4 obecnych");
      expect(whileOffline).toBe("REGISTERED");
      expect(count).toBe("3 z 4 obecnych");
      expect(pressedOnReturn).toBe("true");
      expect(finalCount).toBe("4 z 4 obecnych");
      expect(await statusOf(registrations[0]!.id)).toBe("ATTENDED");
      expect(await statusOf(registrations[1]!.id)).toBe("ATTENDED");
      expect(await statusOf(registrations[2]!.id)).toBe("ATTENDED");
      expect(await statusOf(registrations[4]!.id)).toBe("ATTENDED");
      expect(await later.evaluate(`localStorage.getItem("${QUEUE_KEY}")`)).toBeNull();
      await context.close();
    });

    it("says when attendance cannot be recorded yet: a visit that starts tomorrow", async () => {
      // Arrange
      const tomorrow = await openVisit(warsawDay(1), 10);
      await register(tomorrow, PEOPLE[0]!, 9);

      // Act
      const page = await open(`/manage/visits/${tomorrow}/check-in`, 360, 740);
      const notice = await page.locator("#checkin-closed").textContent();
      const disabled = await page.locator("button.checkin-toggle").isDisabled();
      await everyWidth(page, "manage-checkin-too-early");

      // Assert
      expect(notice).toMatch(
        /^Obecność można zaznaczać od pierwszego dnia wizyty, \d+ \S+ \d{4}\./,
      );
      expect(disabled).toBe(true);
      await page.close();
    });

    it("issues invitations and prints one readable QR card per attendee, then renews the links", async () => {
      // Arrange
      const page = await open(`/manage/visits/${visitId}/invitations`);
      await everyWidth(page, "manage-invitations");
      const attendees = [0, 1, 2, 4].map((i) => registrations[i]!.id).sort();

      // Act: issue.
      await page.getByRole("button", { name: "Wydaj zaproszenia" }).click();
      await page.getByRole("status").filter({ hasText: "Wydano zaproszeń: 4." }).waitFor();
      const mail = await page
        .locator("table.invitations tbody tr td:nth-child(3)")
        .allTextContents();
      const focused = await page.evaluate("document.activeElement.id");
      await everyWidth(page, "manage-invitations-issued");
      const printed = await printedCards(page, "qr-sheet");

      // Assert: one card per attendee, each code readable and leading to a form that opens.
      expect(mail).toEqual(attendees.map(() => "Nie wysyłano"));
      expect(printed.cards.map((c) => c.registrationId).sort()).toEqual(attendees);
      expect(printed.columns).toBe(2);
      expect(focused).toBe("qr-sheet-title");
      expect(printed.navigationShown).toBe(false);
      // 95 × 69 mm at 96 px an inch: 2 × 4 cards fill the 190 × 277 mm inside A4's margins.
      expect(printed.size.width).toBeCloseTo((95 * 96) / 25.4, -1);
      expect(printed.size.height).toBeCloseTo((69 * 96) / 25.4, -1);
      for (const card of printed.cards) {
        expect(card.decoded, `card ${card.registrationId}`).not.toBeNull();
        expect(card.decoded!.replace(/^https?:\/\//, "")).toBe(card.linkText);
        expect(card.text).toContain("Wizyta studyjna w podregionie siedleckim");
        expect(card.text).toMatch(/Karta nr [1-4]/);
        for (const person of PEOPLE) expect(card.text).not.toContain(person.name);
        expect(await formOpens(card.decoded!)).toBe(true);
      }
      expect(new Set(printed.cards.map((c) => c.decoded)).size).toBe(attendees.length);

      // Act: renew.
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole("button", { name: "Odnów linki niewykorzystanych zaproszeń" }).click();
      const dialog = page.getByRole("dialog", { name: "Odnowić linki?" });
      await dialog.waitFor();
      await axe(page, "invitations: renew dialog");
      await dialog.getByRole("button", { name: "Tak, odnów linki" }).click();
      await page.getByRole("status").filter({ hasText: "Odnowiono linki: 4." }).waitFor();
      const again = await printedCards(page, "qr-sheet-renewed");

      // Assert: new codes work, the old ones do not.
      expect(again.cards.map((c) => c.registrationId).sort()).toEqual(attendees);
      for (const card of again.cards) expect(await formOpens(card.decoded!)).toBe(true);
      for (const card of printed.cards) expect(await formOpens(card.decoded!)).toBe(false);
      await page.close();
    });

    it("has no WCAG 2.1 A/AA violations and fits 320 and 360 px on every page and state", () => {
      expect(violations, violations.join("\n")).toEqual([]);
      expect(overflow, overflow.join("\n")).toEqual([]);
    });

    /** The stored session of the signed-in context, to sign a phone's context in the same way. */
    async function sessionOf(): Promise<string> {
      const page = await signedIn.newPage();
      await gotoView(page, `${product.baseUrl}/manage`);
      const session = (await page.evaluate(`localStorage.getItem("wizyty.session")`)) as string;
      await page.close();
      return session;
    }

    /** Whether a feedback link's token opens a form that has not been answered. */
    async function formOpens(link: string): Promise<boolean> {
      const token = link.slice(link.lastIndexOf("/") + 1);
      const response = await fetch(`${product.baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "query ($token: String!) { feedbackForm(token: $token) { alreadySubmitted } }",
          variables: { token },
        }),
      });
      const body = (await response.json()) as {
        data?: { feedbackForm: { alreadySubmitted: boolean } | null };
      };
      return body.data?.feedbackForm?.alreadySubmitted === false;
    }
  },
);
