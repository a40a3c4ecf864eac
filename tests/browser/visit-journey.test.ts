// The whole visit of the source document (the study visit to social economy entities in the
// siedlecki subregion, seed/000_71a7a1932714778a.txt), run from the browser alone: a coordinator
// adds the host organisations of its four stops, creates the visit with its programme and opens
// registration; five participants register on the public page (the fifth waits at place 1), one
// cancels from the personal link and the waiting one gets the seat; the coordinator checks
// people in on a phone, issues invitations and prints the QR sheet; a participant answers the
// form on a phone with the keyboard; the coordinator records the closing discussion's summary.
// No GraphQL is written to make any of it happen: `product.gql` only reads back what was stored.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  auditView,
  gotoView,
  type Product,
  settle,
  signIn,
  startProduct,
} from "../support/dashboard.js";
import { printedCards, warsawDay } from "../support/door.js";
import { choose, tabTo } from "../support/keyboard.js";

const HOOK_MS = 120_000;
const STEP_MS = 180_000;
const TITLE = "Wizyta studyjna w podmiotach ekonomii społecznej w podregionie siedleckim";
const SIEDLCE = "1464";

// The stops of the source document, in its order. The day split follows
// reference/demo/siedlce-2017.json (the organiser's article puts the cooperative on day 1).
const HOSTS = [
  {
    name: "Spółdzielnia Socjalna „Zioła Siedleckie”",
    type: "SOCIAL_COOPERATIVE",
    operator: "",
    day: "1",
    topics: "Profil działalności spółdzielni\nPraktyczne rozwiązania organizacyjne",
  },
  {
    name: "Zakład Karny w Siedlcach",
    type: "PRISON",
    operator: "",
    day: "1",
    topics: "Reintegracja i aktywizacja zawodowa osób osadzonych\nPowrót na rynek pracy",
  },
  {
    name: "Zakład Aktywności Zawodowej Caritas Diecezji Siedleckiej",
    type: "ZAZ",
    operator: "Caritas Diecezji Siedleckiej",
    day: "2",
    topics: "Oferta ZAZ\nRola ZAZ na lokalnym rynku pracy",
  },
  {
    name: "Ośrodek Wsparcia Ekonomii Społecznej (subregion siedlecki)",
    type: "OWES",
    operator: "",
    day: "2",
    topics: "Możliwości wsparcia i wzmocnienia działań na rzecz ekonomii społecznej",
  },
];

// The sectors the source document names; people and institutions are test data.
const PEOPLE = [
  {
    name: "Agata Sadowska",
    institution: "Wojewódzki Urząd Pracy w Warszawie, Filia w Siedlcach",
    sector: "LABOUR_OFFICE",
  },
  { name: "Bogdan Mazur", institution: "Urząd Gminy Mordy", sector: "LOCAL_GOVERNMENT" },
  { name: "Cezary Wójcik", institution: "Fundacja Aktywni Razem", sector: "NGO" },
  {
    name: "Dorota Kamińska",
    institution: "Ochotnicze Hufce Pracy w Siedlcach",
    sector: "LABOUR_MARKET_INSTITUTION",
  },
  { name: "Edyta Górska", institution: "Piekarnia Górscy sp.j.", sector: "BUSINESS" },
];
/** The participant who gives up the seat: the second one. */
const LEAVING = 1;
/** The one who waits for a seat: the fifth. */
const WAITING = 4;

const SENT = "Wysłano. Dziękujemy!";

describe.skipIf(!hasChromium && !process.env.CI)("the source document's visit, end to end", () => {
  let product: Product;
  let browser: Browser;
  /** The coordinator's browser: signed in once, its pages share the session. */
  let coordinator: BrowserContext;
  let desk: Page;
  let visitId: string;
  const hostIds: string[] = [];
  /** Each participant's own browser, with the personal status link the page gave them. */
  const participants: { context: BrowserContext; page: Page; link: string; id: string }[] = [];
  let feedbackLinks: string[] = [];
  const problems: string[] = [];

  const url = (pathname: string) => `${product.baseUrl}${pathname}`;
  const click = (page: Page, selector: string) =>
    settle(page, () => page.locator(selector).click());
  /** axe-core, screenshots at each width and phone overflow; the viewport ends at the last. */
  const audit = async (page: Page, name: string, widths?: number[]) =>
    problems.push(...(await auditView(page, `journey-${name}`, widths)));
  const heading = (page: Page, name: string) => page.getByRole("heading", { name }).waitFor();

  /** Assertions only: what the service stored for the visit. */
  async function stored() {
    const { visit } = await product.gql<{
      visit: {
        title: string;
        status: string;
        startDate: string;
        endDate: string;
        subregion: { code: string } | null;
        stops: { order: number; day: number; host: { id: string } }[];
        registrations: { id: string; status: string; waitlistPosition: number | null }[];
        responseCount: number | null;
        discussionSummary: {
          heldOn: string;
          perSector: { sector: string; needs: string[]; supportProposals: string[] }[];
          actions: { description: string; owner: string; dueDate: string }[];
        } | null;
      };
    }>(
      /* GraphQL */ `
        query ($id: ID!) {
          visit(id: $id) {
            title
            status
            startDate
            endDate
            subregion {
              code
            }
            stops {
              order
              day
              host {
                id
              }
            }
            registrations {
              id
              status
              waitlistPosition
            }
            responseCount
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
    return visit;
  }

  beforeAll(async () => {
    [product, browser] = await Promise.all([
      startProduct({ role: "COORDINATOR" }),
      launchBrowser(),
    ]);
    coordinator = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    desk = await coordinator.newPage();
  }, HOOK_MS);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  }, HOOK_MS);

  it(
    "1a. the coordinator signs in and adds the host organisations of the four stops",
    async () => {
      // Arrange
      await gotoView(desk, url("/manage/hosts"));
      await signIn(desk, product.email, product.password);
      const idsNamed = async (name: string) => {
        await desk.locator("#hosts-search").fill(name);
        await click(desk, "#hosts-search-submit");
        return desk
          .locator("table.host-list tbody tr", { hasText: name })
          .evaluateAll((rows) =>
            rows.map((r) => (r as unknown as { dataset: { host: string } }).dataset.host),
          );
      };

      // Act: the demo data may hold organisations of the same names (the 2017 edition), so each
      // new one is told apart by its id.
      for (const host of HOSTS) {
        const before = await idsNamed(host.name);
        await desk.locator("#host-new-name").fill(host.name);
        await desk.locator("#host-new-type").selectOption(host.type);
        await desk.locator("#host-new-operator").fill(host.operator);
        await desk.locator("#host-new-countyTeryt").selectOption(SIEDLCE);
        await click(desk, "#host-new-submit");
        await desk.locator(".status-line", { hasText: "Dodano organizację" }).waitFor();
        const added = (await idsNamed(host.name)).filter((id) => !before.includes(id));
        expect(added, host.name).toHaveLength(1);
        hostIds.push(added[0]!);
      }
      await audit(desk, "hosts");

      // Assert
      expect(new Set(hostIds).size).toBe(HOSTS.length);
    },
    STEP_MS,
  );

  it(
    "1b. creates the visit, its programme of four stops, and opens registration",
    async () => {
      // Arrange: it starts today (Warsaw), so that people can still register and then be
      // checked in; two days, as in the source document.
      await gotoView(desk, url("/manage/visits/new"));

      // Act
      await desk.locator("#visit-title").fill(TITLE);
      await desk.locator("#visit-edition").fill("2");
      await desk.locator("#visit-programme").fill("Koordynacja ekonomii społecznej na Mazowszu");
      await desk.locator("#visit-organiser").fill("Mazowieckie Centrum Polityki Społecznej");
      await desk.locator("#visit-subregionCode").selectOption("PL925");
      await desk.locator("#visit-countyTeryt").selectOption(SIEDLCE);
      await desk.locator("#visit-startDate").fill(warsawDay(0));
      await desk.locator("#visit-endDate").fill(warsawDay(1));
      await desk.locator("#visit-capacity").fill("4");
      await click(desk, "#visit-create");
      const match = /^\/manage\/visits\/([0-9a-f]{24})$/.exec(new URL(desk.url()).pathname);
      expect(match, desk.url()).not.toBeNull();
      visitId = match![1]!;
      for (const [i, host] of HOSTS.entries()) {
        await desk.locator("#stop-day").selectOption(host.day);
        await desk.locator("#stop-hostId").selectOption(hostIds[i]!);
        await desk.locator("#stop-topics").fill(host.topics);
        await click(desk, "#stop-add");
      }
      await click(desk, "#visit-open");
      await desk.locator(".status-line", { hasText: "Zapisy są otwarte" }).waitFor();
      await audit(desk, "visit");

      // Assert
      const visit = await stored();
      expect(visit).toMatchObject({
        title: TITLE,
        status: "OPEN_FOR_REGISTRATION",
        startDate: warsawDay(0),
        endDate: warsawDay(1),
        subregion: { code: "PL925" },
      });
      expect(visit.stops.map((s) => [s.day, s.host.id])).toEqual(
        HOSTS.map((h, i) => [Number(h.day), hostIds[i]]),
      );
      expect(await desk.locator("ol.programme > li").count()).toBe(HOSTS.length);
    },
    STEP_MS,
  );

  it(
    "2a. five participants register on the public page; the fifth waits at place 1",
    async () => {
      // Arrange
      const outcomes: string[] = [];

      // Act: each in a browser of their own, on a phone, signed in nowhere.
      for (const [i, person] of PEOPLE.entries()) {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
        const page = await context.newPage();
        await gotoView(page, url("/editions"));
        // The demo data has other open editions of the same series and title: the participant
        // picks the one on today's dates, whose card links to this visit.
        await click(page, `article.edition-card h2 a[href="/editions/${visitId}"]`);
        expect(new URL(page.url()).pathname).toBe(`/editions/${visitId}`);
        if (i === 0) await audit(page, "edition", [320, 1280, 360]);
        await page.locator("#reg-name").fill(person.name);
        await page.locator("#reg-email").fill(`uczestnik${i + 1}@example.pl`);
        await page.locator("#reg-institution").fill(person.institution);
        await page.locator("#reg-sector").selectOption(person.sector);
        await page.locator("#reg-consent").check();
        await page.locator("form.registration-form button[type=submit]").click();
        const outcome = page.locator("#outcome-heading");
        await outcome.waitFor();
        outcomes.push((await outcome.textContent())!);
        if (i === WAITING) await audit(page, "edition-waitlisted", [320, 1280, 360]);
        const link = (await page.locator("#personal-link").getAttribute("href"))!;
        participants.push({ context, page, link, id: new URL(link).pathname.split("/").pop()! });
      }

      // Assert
      expect(outcomes).toEqual([
        "Masz miejsce",
        "Masz miejsce",
        "Masz miejsce",
        "Masz miejsce",
        "Jesteś na liście rezerwowej, miejsce 1",
      ]);
      const registrations = (await stored()).registrations;
      expect(registrations.map((r) => [r.id, r.status])).toEqual(
        participants.map((p, i) => [p.id, i === WAITING ? "WAITLISTED" : "REGISTERED"]),
      );
    },
    STEP_MS,
  );

  it(
    "2b. the coordinator sees four seats taken and one person on the waitlist",
    async () => {
      // Act
      await gotoView(desk, url(`/manage/visits/${visitId}/registrations`));
      const seated = await desk.locator(".registrations-seated tbody th").allTextContents();
      const waiting = await desk.locator(".registrations-waitlist tbody tr").allInnerTexts();
      const counts = await desk.locator(".day-counts li").allTextContents();
      await audit(desk, "registrations");

      // Assert
      expect(seated).toEqual(PEOPLE.slice(0, 4).map((p) => p.name));
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatch(new RegExp(`^1\\s+${PEOPLE[WAITING]!.name}`));
      expect(counts).toEqual(["Zajęte miejsca: 4 z 4", "Na liście rezerwowej: 1", "Anulowane: 0"]);
    },
    STEP_MS,
  );

  it(
    "2c. one seated participant cancels from the personal link; the waiting one gets the seat",
    async () => {
      // Arrange
      const leaving = participants[LEAVING]!;
      const waiting = participants[WAITING]!;
      await click(waiting.page, "#personal-link");
      await heading(waiting.page, "Jesteś na liście rezerwowej, miejsce 1");
      await audit(waiting.page, "status-waitlisted", [320, 1280, 360]);

      // Act
      await click(leaving.page, "#personal-link");
      await heading(leaving.page, "Masz miejsce");
      await leaving.page.locator("#cancel-start").click();
      await leaving.page.locator("#cancel-confirm-yes").click();
      await heading(leaving.page, "Zgłoszenie anulowane");
      await waiting.page.locator("#refresh-status").click();
      await heading(waiting.page, "Masz miejsce");
      await audit(waiting.page, "status-seat", [320, 1280, 360]);

      // Assert
      const statuses = new Map((await stored()).registrations.map((r) => [r.id, r.status]));
      expect(statuses.get(leaving.id)).toBe("CANCELLED");
      expect(statuses.get(waiting.id)).toBe("REGISTERED");
      await gotoView(desk, url(`/manage/visits/${visitId}/registrations`));
      expect(await desk.locator(".registrations-seated tbody th").allTextContents()).toContain(
        PEOPLE[WAITING]!.name,
      );
      expect(await desk.locator(".registrations-waitlist tbody tr").count()).toBe(0);
      // Cancelling withdrew the consent: the name is erased at once, the row stays for the counts.
      expect(await desk.locator(".registrations-cancelled tbody th").allTextContents()).toEqual([
        "—",
      ]);
    },
    STEP_MS,
  );

  it(
    "3a. checks the four attendees in at the door on a 360 × 740 phone, one tap each",
    async () => {
      // Arrange
      const phone = await coordinator.newPage();
      await phone.setViewportSize({ width: 360, height: 740 });
      await gotoView(phone, url(`/manage/visits/${visitId}/check-in`));
      const attending = PEOPLE.filter((_, i) => i !== LEAVING).map((p) => p.name);
      const person = (name: string) => phone.locator(".checkin-person", { hasText: name });

      // Act
      for (const name of attending) {
        await person(name).locator("button.checkin-toggle").click();
        await person(name).locator(".checkin-state", { hasText: "Zapisano" }).waitFor();
      }
      await audit(phone, "check-in", [320, 1280, 360]);

      // Assert
      expect(await phone.locator(".checkin-count").textContent()).toBe("4 z 4 obecnych");
      expect(await person(PEOPLE[LEAVING]!.name).count()).toBe(0);
      const statuses = new Map((await stored()).registrations.map((r) => [r.id, r.status]));
      for (const [i, p] of participants.entries()) {
        expect(statuses.get(p.id), PEOPLE[i]!.name).toBe(i === LEAVING ? "CANCELLED" : "ATTENDED");
      }
      await phone.close();
    },
    STEP_MS,
  );

  it(
    "3b. issues invitations and prints the QR sheet: one readable code per attendee",
    async () => {
      // Arrange
      await gotoView(desk, url(`/manage/visits/${visitId}/invitations`));
      const attendees = participants.filter((_, i) => i !== LEAVING).map((p) => p.id);

      // Act
      await desk.getByRole("button", { name: "Wydaj zaproszenia" }).click();
      await desk.getByRole("status").filter({ hasText: "Wydano zaproszeń: 4." }).waitFor();
      await audit(desk, "invitations");
      const printed = await printedCards(desk, "journey-qr-sheet");
      await desk.emulateMedia({ media: "screen" });
      await desk.setViewportSize({ width: 1280, height: 900 });

      // Assert
      expect(printed.cards.map((c) => c.registrationId).sort()).toEqual([...attendees].sort());
      expect(printed.navigationShown).toBe(false);
      for (const card of printed.cards) {
        expect(card.decoded, `card ${card.registrationId}`).not.toBeNull();
        expect(card.decoded!.replace(/^https?:\/\//, "")).toBe(card.linkText);
        expect(card.text).toContain(TITLE);
      }
      feedbackLinks = printed.cards.map((c) => c.decoded!);
      // The product was started on PORT=0: the links lead to the port it bound.
      for (const link of feedbackLinks) {
        expect(new URL(link).port).toBe(new URL(product.baseUrl).port);
      }
      expect(new Set(feedbackLinks).size).toBe(attendees.length);
    },
    STEP_MS,
  );

  it(
    "4. a participant opens a decoded link on a 360 px phone, answers by keyboard and sends",
    async () => {
      // Arrange
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(feedbackLinks[0]!);
      await heading(page, TITLE);
      await audit(page, "feedback-step-1", [320, 1280, 360]);

      // Act: every screen, keyboard only, until the answers are sent.
      const progress = () => page.locator(".progress").textContent();
      let screens = 0;
      for (;;) {
        screens++;
        expect(screens, "more screens than the form can have").toBeLessThan(30);
        const groups = await page
          .locator("input[type=radio]")
          .evaluateAll((inputs) => [
            ...new Set(inputs.map((i) => (i as unknown as { name: string }).name)),
          ]);
        for (const name of groups) await choose(page, name, PICK[name] ?? 3);
        if (await page.locator('textarea[name="comment"]').count()) {
          await tabTo(page, 'textarea[name="comment"]');
          await page.keyboard.type("Więcej takich wizyt w podregionie siedleckim");
        }
        const before = await progress();
        await tabTo(page, "button.primary");
        const last = (await page.locator("button.primary").textContent()) === "Wyślij odpowiedzi";
        await page.keyboard.press("Enter");
        if (last) break;
        await expect.poll(progress).not.toBe(before);
      }
      await page.getByText(SENT).waitFor({ timeout: 30_000 });

      // Assert
      expect(screens).toBeGreaterThan(HOSTS.length);
      await expect.poll(async () => (await stored()).responseCount).toBe(1);
      await context.close();
    },
    STEP_MS,
  );

  it(
    "5. the coordinator records the closing discussion's summary",
    async () => {
      // Arrange: the closing discussion on the visit's last day, on the three themes of the
      // source document (further needs, support, strengthening of actions); its details are
      // illustrative, the document gives none.
      await gotoView(desk, url(`/manage/visits/${visitId}/summary`));
      const rows: [string, string, string][] = [
        [
          "LOCAL_GOVERNMENT",
          "Wiedza o współpracy z podmiotami ekonomii społecznej",
          "Doradztwo OWES dla gmin",
        ],
        ["NGO", "Stałe źródła finansowania działalności", "Wsparcie OWES w pozyskiwaniu dotacji"],
      ];

      // Act
      await desk.locator("#summary-heldOn").fill(warsawDay(1));
      for (const [i, [sector, needs, proposals]] of rows.entries()) {
        await desk.locator("#perSector-add").click();
        await desk.locator(`#summary-perSector-${i}--sector`).selectOption(sector);
        await desk.locator(`#summary-perSector-${i}--needs`).fill(needs);
        await desk.locator(`#summary-perSector-${i}--supportProposals`).fill(proposals);
      }
      await desk.locator("#actions-add").click();
      await desk
        .locator("#summary-actions-0--description")
        .fill("Kolejna edycja wizyty studyjnej w podregionie siedleckim");
      await desk
        .locator("#summary-actions-0--owner")
        .fill("Mazowieckie Centrum Polityki Społecznej");
      await desk.locator("#summary-actions-0--dueDate").fill(warsawDay(90));
      await click(desk, "#summary-save");
      await gotoView(desk, url(`/manage/visits/${visitId}/summary`));
      await audit(desk, "summary");

      // Assert
      expect((await stored()).discussionSummary).toEqual({
        heldOn: warsawDay(1),
        perSector: rows.map(([sector, needs, proposals]) => ({
          sector,
          needs: [needs],
          supportProposals: [proposals],
        })),
        actions: [
          {
            description: "Kolejna edycja wizyty studyjnej w podregionie siedleckim",
            owner: "Mazowieckie Centrum Polityki Społecznej",
            dueDate: warsawDay(90),
          },
        ],
      });
    },
    STEP_MS,
  );

  it("had no WCAG 2.1 A/AA violations and no sideways scrolling on a phone, on any page", () => {
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

/** Which answer (by position) the participant picks in a radio group; others get the 4th. */
const PICK: Record<string, number> = { recommend: 9, cooperationIntention: 0 };
