import { fileURLToPath } from "node:url";

import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { initialJavaScript } from "../../scripts/dashboard-size.js";
import { hasChromium, launchBrowser } from "../support/browser.js";
import { auditView } from "../support/dashboard.js";
import { choose, tabTo } from "../support/keyboard.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

// A participant opens the invitation link on a phone and answers with the keyboard alone, one
// question group per screen; the connection drops before sending, the answers wait on the
// device (service worker + IndexedDB) and go out once, with the same submissionId, when it is
// back. Service workers need a secure context: http://127.0.0.1 is one.
const INSECURE_HOST = "wizyty.test";
const HOOK_MS = 120_000;

const QUEUED = "Zapisano na urządzeniu — wyślemy, gdy wróci połączenie.";
const SENT = "Wysłano. Dziękujemy!";
const USED = "Ankieta została już wysłana";

describe.skipIf(!hasChromium && !process.env.CI)("feedback form page", () => {
  let t: TestSystem;
  let browser: Browser;
  let links: string[];
  /** axe-core's violations and horizontal scrolling on a phone, of every screen checked. */
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestSystem();
    // A name that is not localhost, so that Chromium treats plain HTTP to it as insecure.
    browser = await launchBrowser([`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`]);
    links = await attendedVisitWithInvitations(t, 5);
  }, HOOK_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const responses = () =>
    t.store.client.db(`${t.config.dbName}_feedback`).collection("feedbackResponses");
  const pathOf = (link: string) => new URL(link).pathname;

  /** axe on the page as it is now, and screenshots at 320, 360 and 1280 px. */
  /** axe-core, screenshots and phone overflow at each width; the viewport is put back after. */
  async function check(page: Page, name: string, widths = [320, 360, 1280]): Promise<void> {
    const size = page.viewportSize()!;
    problems.push(...(await auditView(page, `feedback-${name}`, widths)));
    await page.setViewportSize(size);
  }

  /** The form filled with the mouse, up to its last screen: all 3s, `recommend`, "undecided". */
  async function fillByClicks(page: Page, recommend: string, send: string): Promise<void> {
    const answer = async (name: string, value: string) => {
      await page.locator(`input[name="${name}"][value="${value}"]`).check();
      await page.locator("button.primary").click();
    };
    await page.locator('input[name="overall"][value="3"]').check();
    await answer("organisation", "3");
    await answer("stop-1", "3");
    await answer("stop-2", "3");
    await answer("recommend", recommend);
    await answer("cooperationIntention", "UNDECIDED");
    while ((await page.locator("button.primary").textContent()) !== send) {
      await page.locator("button.primary").click();
    }
  }

  // Chromium's offline emulation now and then lets a request that a service worker passes on
  // reach the network (playwright#2311); the API calls are also refused while "offline", so
  // that the test knows nothing got through before the connection is back.
  const refuse = (route: Route) => route.abort("internetdisconnected");
  async function goOffline(context: BrowserContext): Promise<void> {
    await context.setOffline(true);
    await context.route("**/graphql", refuse);
  }
  async function goOnline(context: BrowserContext): Promise<void> {
    await context.unroute("**/graphql", refuse);
    await context.setOffline(false);
  }

  /** The comment in the draft IndexedDB holds for the page's link. */
  const draftComment = (page: Page) =>
    page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open("wizyty-feedback");
      open.onerror = reject;
      open.onsuccess = () => {
        const token = decodeURIComponent(location.pathname.split("/")[2]);
        const get = open.result.transaction("drafts").objectStore("drafts").get(token);
        get.onsuccess = () => resolve(get.result?.values.comment);
      };
    })`);

  const progress = (page: Page) => page.locator(".progress").textContent();
  async function next(page: Page): Promise<void> {
    const before = await progress(page);
    // Enter in a field is Next; from elsewhere (a screen with nothing to answer), Tab to it.
    if (!(await page.evaluate("document.activeElement.matches('input')"))) {
      await tabTo(page, "button.primary");
    }
    await page.keyboard.press("Enter");
    await expect.poll(() => progress(page)).not.toBe(before);
  }

  /** The form from its first screen to the last, keyboard only; stop 2 is "did not take part". */
  async function fillWithKeyboard(page: Page, checkEach: boolean): Promise<void> {
    await page.getByRole("heading", { name: "Wizyta w Siedlcach" }).waitFor();
    expect(await page.locator(".dates").textContent()).toBe("10 maja 2024 – 11 maja 2024");
    const screens = Number((await progress(page))!.match(/z (\d+)/)![1]);
    expect(await progress(page)).toBe(`Krok 1 z ${screens}`);
    if (checkEach) await check(page, "step-1");

    // A missing answer is named beside its question, which takes the focus.
    await tabTo(page, 'input[name="overall"]');
    await page.keyboard.press("Enter");
    const overall = page.locator('fieldset[data-field="overall"]');
    await expect
      .poll(() => overall.locator(".field-error").textContent())
      .toBe("Wybierz jedną z odpowiedzi.");
    expect(await page.evaluate("document.activeElement.name")).toBe("overall");
    expect(await progress(page)).toBe(`Krok 1 z ${screens}`);
    if (checkEach) await check(page, "missing-answer");

    await choose(page, "overall", 3); // 4
    await choose(page, "organisation", 4); // 5
    await next(page);
    expect(await progress(page)).toBe(`Krok 2 z ${screens}`);
    expect(await page.locator("legend").first().textContent()).toContain(
      "Spółdzielnia Socjalna „Zioła”",
    );
    await choose(page, "stop-1", 4); // 5
    await next(page);
    if (checkEach) await check(page, "stop");
    await choose(page, "stop-2", 5); // "did not take part"
    expect(await page.evaluate("document.activeElement.value")).toBe("skip");
    await next(page);
    // 0–10 in one row, inside the viewport.
    const boxes = (await page.evaluate(
      `[...document.querySelectorAll('fieldset[data-field="recommend"] .scale label')].map((l) => l.getBoundingClientRect()).map((r) => [r.top, r.right, r.width])`,
    )) as number[][];
    const width = page.viewportSize()!.width;
    expect(boxes).toHaveLength(11);
    expect(new Set(boxes.map(([top]) => top)).size).toBe(1);
    expect(Math.max(...boxes.map(([, right]) => right!))).toBeLessThanOrEqual(width);
    expect(Math.min(...boxes.map(([, , w]) => w!))).toBeGreaterThanOrEqual(24);
    expect(await page.locator(".ends").textContent()).toContain("na pewno nie");
    if (checkEach) await check(page, "recommend");
    await choose(page, "recommend", 9); // 9
    await next(page);
    if (checkEach) await check(page, "cooperation");
    await choose(page, "cooperationIntention", 0); // YES
    await next(page);
    for (;;) {
      const [, step] = (await progress(page))!.match(/Krok (\d+)/)!;
      const field = await page.locator("fieldset, .form-field").first().getAttribute("data-field");
      if (field === "theme-NEEDS") {
        await tabTo(page, 'input[value="NEEDS_FUNDING"]');
        await page.keyboard.press("Space");
        if (checkEach) await check(page, "theme");
      }
      if (field === "theme-SUPPORT") {
        await tabTo(page, 'input[name="other-SUPPORT"]');
        await page.keyboard.type("Transport uczestników");
      }
      if (Number(step) === screens) break;
      await next(page);
    }
    await tabTo(page, 'textarea[name="comment"]');
    await page.keyboard.type("Bardzo dobra organizacja");
    if (checkEach) await check(page, "comment");
  }

  for (const width of [390, 320]) {
    it(
      `at ${width} px: filled with the keyboard, sent offline, queued through a reload, sent once when back online`,
      { timeout: 180_000 },
      async () => {
        // Arrange
        const link = pathOf(links[width === 390 ? 0 : 1]!);
        const context = await browser.newContext({ viewport: { width, height: 740 } });
        const page = await context.newPage();
        const submissionIds: string[] = [];
        page.on("request", (request) => {
          if (request.postData()?.includes("SubmitFeedback")) {
            const body = request.postDataJSON() as { variables: { submissionId: string } };
            submissionIds.push(body.variables.submissionId);
          }
        });
        await page.goto(`${t.baseUrl}${link}`);
        await page.evaluate("navigator.serviceWorker.ready");
        await page.waitForFunction("navigator.serviceWorker.controller !== null");
        await fillWithKeyboard(page, width === 390);

        // Act
        await goOffline(context);
        if (width === 320) {
          // Offline before sending: a reload shows the form from the device, answers kept
          // (once the draft has reached IndexedDB; a write still under way at a reload is lost).
          await expect.poll(() => draftComment(page)).toBe("Bardzo dobra organizacja");
          await page.reload();
          await page.getByText("Brak połączenia: ankieta wczytana z pamięci urządzenia.").waitFor();
          expect(await page.locator('textarea[name="comment"]').inputValue()).toBe(
            "Bardzo dobra organizacja",
          );
          await check(page, "offline-form");
        }
        await tabTo(page, "button.primary");
        expect(await page.locator("button.primary").textContent()).toBe("Wyślij odpowiedzi");
        await page.keyboard.press("Enter");
        await page.getByText(QUEUED).waitFor();
        if (width === 390) await check(page, "queued");
        const reloaded = await page.reload();
        // The worker, too, has no network: the page came from its cache.
        const workerFetch = await context
          .serviceWorkers()[0]!
          .evaluate("fetch('/feedback/sw.js').then((r) => r.status, () => 'offline')");
        await page.getByText(QUEUED).waitFor();
        await page.getByRole("heading", { name: "Wizyta w Siedlcach" }).waitFor();
        const queuedBeforeOnline = await responses().countDocuments();
        await goOnline(context);
        await page.getByText(SENT).waitFor({ timeout: 30_000 });
        if (width === 390) await check(page, "sent");

        // Assert
        expect(reloaded!.fromServiceWorker()).toBe(true);
        expect(workerFetch).toBe("offline");
        // Chromium's offline emulation can let a request the worker passes on reach the
        // service and lose only its reply (playwright#2311): the very case the submissionId is
        // for. What must hold is that nothing is stored twice.
        expect(queuedBeforeOnline).toBe(width === 390 ? 0 : 1);
        // Sent offline, again after the reload, and once more online: always the same id.
        expect(submissionIds.length).toBeGreaterThanOrEqual(3);
        expect(new Set(submissionIds).size).toBe(1);
        const stored = await responses().find({}).toArray();
        expect(stored).toHaveLength(width === 390 ? 1 : 2);
        expect(stored.at(-1)).toMatchObject({
          sector: "NGO",
          answers: {
            ratings: { overall: 4, organisation: 5 },
            stopRatings: [{ order: 1, rating: 5 }],
            recommend: 9,
            cooperationIntention: "YES",
            comment: "Bardzo dobra organizacja",
          },
        });
        const themes = (stored.at(-1)!["answers"] as { themes: Record<string, unknown>[] }).themes;
        expect(themes.find((th) => th["theme"] === "NEEDS")).toMatchObject({
          optionCodes: ["NEEDS_FUNDING"],
        });
        expect(themes.find((th) => th["theme"] === "SUPPORT")).toMatchObject({
          otherText: "Transport uczestników",
        });
        // Reopening the used link.
        await page.goto(`${t.baseUrl}${link}`);
        await page.getByRole("heading", { name: USED }).waitFor();
        if (width === 390) await check(page, "already-submitted");
        await context.close();
      },
    );
  }

  it("switches to English, errors included, without losing answers", async () => {
    // Arrange
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}${pathOf(links[2]!)}`);
    await page.getByRole("button", { name: "Dalej" }).waitFor();
    await page.locator('input[name="overall"][value="5"]').check();

    // Act
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("button", { name: "Next" }).click();

    // Assert
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");
    expect(await page.locator('input[name="overall"][value="5"]').isChecked()).toBe(true);
    await expect
      .poll(() => page.locator('fieldset[data-field="organisation"] .field-error').textContent())
      .toBe("Choose one of the answers.");
    expect(await page.locator(".ends").first().textContent()).toContain("very poor");
    await check(page, "english-missing", [360]);
    // The draft is kept on the device: a reload keeps the language and the answer.
    await page.reload();
    await page.getByRole("button", { name: "Next" }).waitFor();
    expect(await page.locator('input[name="overall"][value="5"]').isChecked()).toBe(true);
    // A service error code, in the page's language.
    await page.route("**/graphql", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          errors: [{ message: "busy", extensions: { code: "SERVICE_UNAVAILABLE" } }],
        }),
      }),
    );
    await page.goto(`${t.baseUrl}${pathOf(links[3]!)}?lang=en`);
    await page.getByText("The service is unavailable for a moment. Try again shortly.").waitFor();
    await check(page, "service-error", [360]);
    await context.close();
  });

  it("brings a refused submission back to the form with the message in the page's language", async () => {
    // Arrange
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}${pathOf(links[3]!)}?lang=en`);
    await fillByClicks(page, "2", "Send answers");
    await page.route("**/graphql", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          errors: [{ message: "bad", extensions: { code: "BAD_USER_INPUT", field: "input" } }],
        }),
      }),
    );

    // Act
    await page.getByRole("button", { name: "Send answers" }).click();

    // Assert
    await page.getByRole("alert").getByText("The service did not accept this value.").waitFor();
    expect(await page.getByText("Saved on this device").count()).toBe(0);
    await page.unroute("**/graphql");
    await page.getByRole("button", { name: "Send answers" }).click();
    await page.getByText("Sent. Thank you!").waitFor();
    expect(await responses().countDocuments({ "answers.recommend": 2 })).toBe(1);
    await context.close();
  });

  it("sends the answers over plain HTTP at an address other than localhost (no secure context)", async () => {
    // Arrange
    const page = await browser.newPage();
    const url = new URL(links[4]!);
    url.host = `${INSECURE_HOST}:${new URL(t.baseUrl).port}`;
    await page.goto(url.href);
    await fillByClicks(page, "7", "Wyślij odpowiedzi");

    // Act
    const sent = page.waitForRequest((r) => !!r.postData()?.includes("SubmitFeedback"));
    await page.locator("button.primary").click();
    await page.getByText(SENT).waitFor();

    // Assert
    // A string, as the test is type-checked without the DOM's types.
    expect(await page.evaluate("[window.isSecureContext, typeof crypto.randomUUID]")).toEqual([
      false,
      "undefined",
    ]);
    const { variables } = (await sent).postDataJSON() as { variables: { submissionId: string } };
    expect(variables.submissionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(await responses().countDocuments({ "answers.recommend": 7 })).toBe(1);
    await page.close();
  });

  it("tells a participant when the link is not valid", async () => {
    // Arrange
    const page = await browser.newPage();

    // Act
    await page.goto(`${t.baseUrl}/feedback/not-a-real-token`);

    // Assert
    await page.getByText("Ten link do ankiety jest nieprawidłowy.").waitFor();
    await check(page, "invalid-link", [360]);
    await page.close();
  });

  it("loads under 60 kB of JavaScript (gzipped) before it runs, without Chart.js", () => {
    // Act
    const size = initialJavaScript(
      fileURLToPath(new URL("../../dist/dashboard/", import.meta.url)),
      ["feedback.html"],
    );

    // Assert
    expect(size.gzip).toBeLessThan(60 * 1024);
    expect(size.files.join(" ")).not.toMatch(/chart/i);
  });

  it("has no WCAG 2.1 A/AA violation on any screen or state, and no horizontal scroll at 320 and 360 px", () => {
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

/** A completed visit with two stops and `count` attendees; returns their invitation links. */
async function attendedVisitWithInvitations(t: TestSystem, count: number): Promise<string[]> {
  const token = await t.tokenFor(Role.COORDINATOR);
  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    const result = await t.gql<T>(query, variables, { token });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const hosts = [];
  for (const [name, type] of [
    ["Spółdzielnia Socjalna „Zioła”", "SOCIAL_COOPERATIVE"],
    ["Zakład Karny w Siedlcach", "PRISON"],
  ]) {
    const { createOrganization } = await call<{ createOrganization: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: OrganizationInput!) {
          createOrganization(input: $input) {
            id
          }
        }
      `,
      { input: { name, type, countyTeryt: "1464" } },
    );
    hosts.push(createOrganization.id);
  }
  const { createVisit } = await call<{ createVisit: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: VisitInput!) {
        createVisit(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        title: "Wizyta w Siedlcach",
        edition: 1,
        programme: "Koordynacja ekonomii społecznej na Mazowszu",
        organiser: "Mazowieckie Centrum Polityki Społecznej",
        subregionCode: "PL925",
        startDate: "2024-05-10",
        endDate: "2024-05-11",
        mode: "ON_SITE",
        status: "OPEN_FOR_REGISTRATION",
        capacity: 10,
      },
    },
  );
  for (const [index, hostId] of hosts.entries()) {
    await call(
      /* GraphQL */ `
        mutation ($visitId: ID!, $input: VisitStopInput!) {
          addVisitStop(visitId: $visitId, input: $input) {
            id
          }
        }
      `,
      {
        visitId: createVisit.id,
        input: { day: index + 1, hostId, topics: ["Profil działalności"] },
      },
    );
  }
  for (let i = 0; i < count; i++) {
    const registered = await t.gql<{ registerForVisit: { registration: { id: string } } }>(
      /* GraphQL */ `
        mutation ($input: RegistrationInput!) {
          registerForVisit(input: $input) {
            registration {
              id
            }
          }
        }
      `,
      {
        input: {
          visitId: createVisit.id,
          name: `Osoba ${i}`,
          email: `osoba${i}@example.pl`,
          gender: "WOMAN",
          institution: "Stowarzyszenie Razem",
          sector: "NGO",
          consent: true,
        },
      },
    );
    if (registered.errors) throw new Error(JSON.stringify(registered.errors));
    await call(
      /* GraphQL */ `
        mutation ($id: ID!) {
          markAttendance(registrationId: $id, attended: true) {
            status
          }
        }
      `,
      { id: registered.data!.registerForVisit.registration.id },
    );
  }
  const { issueInvitations } = await call<{
    issueInvitations: { invitations: { link: string }[] };
  }>(
    /* GraphQL */ `
      mutation ($id: ID!) {
        issueInvitations(visitId: $id) {
          invitations {
            link
          }
        }
      }
    `,
    { id: createVisit.id },
  );
  return issueInvitations.invitations.map((i) => i.link);
}
