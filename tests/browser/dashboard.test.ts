// The analyst dashboard end to end: the product started as users start it (`npm start`), an
// analyst created with the CLI, Debian's Chromium in front.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  chartLabels,
  gotoView,
  type Product,
  signIn,
  startProduct,
  subtitleN,
} from "../support/dashboard.js";

const HOOK_MS = 120_000;
const SESSION_KEY = "wizyty.session";

describe.skipIf(!hasChromium && !process.env.CI)("analyst dashboard", { timeout: 60_000 }, () => {
  let product: Product;
  let browser: Browser;
  /** Signed in once; tests open their own pages in this context. */
  let signedIn: BrowserContext;

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    signedIn = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signedIn.newPage();
    await gotoView(page, `${product.baseUrl}/signin`);
    await signIn(page, product.email, product.password);
    await page.close();
  }, HOOK_MS);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  }, HOOK_MS);

  const url = (path: string) => `${product.baseUrl}${path}`;

  async function openSignedIn(path: string): Promise<Page> {
    const page = await signedIn.newPage();
    await gotoView(page, url(path));
    // A page that failed to load says so here rather than as a missing element later.
    const error = page.locator(".error-box, main.signin h1");
    if (await error.count()) throw new Error(`${path}: ${await error.first().innerText()}`);
    return page;
  }

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
      await expect.poll(() => page.locator("main h1").textContent()).toBe("Przegląd");
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
      for (const label of labels)
        expect(label).toMatch(/^(Wykres słupkowy|Mapa|Wykres liniowy)\. .+: /);
      const tiles = await page.locator(".key-figures .tile dt").allTextContents();
      expect(tiles).toEqual([
        "Zrealizowane wizyty",
        "Zgłoszenia",
        "Frekwencja",
        "Odsetek odpowiedzi",
      ]);
      const values = await page.locator(".key-figures .tile-value").allTextContents();
      expect(Number(values[0]!.replace(/\s/g, ""))).toBeGreaterThan(50);
      expect(await subtitleN(page, "participants-by-sector")).toBeGreaterThan(100);
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
        expect(await figure.locator(".figure-subtitle").textContent()).toMatch(/n [=<] /);
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
});
