// An admin reads the audit log in the browser: the events of changes and of reads of personal
// data, filtered by kind and dates, a page at a time. The product as users start it (`npm start`
// on an empty DATA_DIR, with the demo data), Debian's Chromium.
import type { Browser, Page } from "playwright-core";
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

const HOOK_MS = 120_000;

describe.skipIf(!hasChromium && !process.env.CI)("admin page: the audit log", () => {
  let product: Product;
  let browser: Browser;
  let page: Page;
  const url = (path: string) => `${product.baseUrl}${path}`;
  const rows = () => page.locator("table.data tbody tr");

  beforeAll(async () => {
    product = await startProduct({ role: "ADMIN" });
    // A read of participants, and more changes than one page shows.
    const { visits } = await product.gql<{ visits: { edges: { node: { id: string } }[] } }>(
      `{ visits(first: 1, filter: { status: COMPLETED }) { edges { node { id } } } }`,
    );
    await product.gql(
      `query ReadParticipants($id: ID!) { visit(id: $id) { registrations { participant { name } } } }`,
      { id: visits.edges[0]!.node.id },
    );
    for (let i = 0; i < 26; i++) {
      await product.gql(
        `mutation AddHost($input: OrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name: `Organizacja do dziennika ${i}`, type: "NGO" } },
      );
    }
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    await gotoView(page, url("/manage/audit"));
    await signIn(page, product.email, product.password);
  }, HOOK_MS);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("lists the newest events first, a read of personal data among them, by the admin's e-mail", async () => {
    // Arrange
    await page.setViewportSize({ width: 1280, height: 800 });

    // Act
    const texts = await rows().allTextContents();

    // Assert
    expect(texts).toHaveLength(25);
    // The newest is signing in (anonymous); the hosts added before it come next, by the admin.
    expect(texts[0]).toContain("login");
    expect(texts[0]).toContain("Anonimowy");
    const added = texts.filter((t) => t.includes("AddHost"));
    expect(added.length).toBeGreaterThan(20);
    expect(added.every((t) => t.includes(`${product.email} (administrator)`))).toBe(true);
    expect(await page.locator("nav.manage-nav a").allTextContents()).toContain("Dziennik zdarzeń");
    expect(await auditView(page, "manage-audit")).toEqual([]);
  });

  it("shows only reads of personal data when asked, and pages through the rest", async () => {
    // Arrange
    await page.locator("#audit-kind").selectOption("PERSONAL_DATA_ACCESS");

    // Act
    await settle(page, () => page.getByRole("button", { name: "Pokaż" }).click());

    // Assert
    expect(page.url()).toContain("kind=PERSONAL_DATA_ACCESS");
    const texts = await rows().allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes("Odczyt danych osobowych"))).toBe(true);
    expect(texts.some((t) => t.includes("ReadParticipants"))).toBe(true);
    expect(texts.join(" ")).toContain("Registration.participant");
    expect(await auditView(page, "manage-audit-personal")).toEqual([]);
  });

  it("pages to older events and back to the first page", async () => {
    // Arrange
    await gotoView(page, url("/manage/audit?kind=CHANGE"));
    const firstPage = await rows().allTextContents();

    // Act
    await settle(page, () => page.getByRole("link", { name: "Następna strona" }).click());
    const secondPage = await rows().allTextContents();

    // Assert
    expect(firstPage).toHaveLength(25);
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
    expect(page.url()).toContain("kind=CHANGE");
    await page.getByRole("link", { name: "Pierwsza strona" }).waitFor();
    expect(await auditView(page, "manage-audit-page-2")).toEqual([]);
  });

  it("says so next to the field when the end date is before the start date", async () => {
    // Arrange
    await gotoView(page, url("/manage/audit"));
    await page.locator("#audit-since").fill("2026-12-10");
    await page.locator("#audit-until").fill("2026-12-01");

    // Act
    await page.getByRole("button", { name: "Pokaż" }).click();

    // Assert
    const error = page.locator('[data-field="until"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "Data końcowa nie może być wcześniejsza niż początkowa.",
    );
    expect(page.url()).not.toContain("until=");
    expect(await auditView(page, "manage-audit-error")).toEqual([]);
  });

  it("finds nothing in a day range with no events, and says so", async () => {
    // Arrange
    await gotoView(page, url("/manage/audit"));
    await page.locator("#audit-since").fill("2001-01-01");
    await page.locator("#audit-until").fill("2001-01-31");

    // Act
    await settle(page, () => page.getByRole("button", { name: "Pokaż" }).click());

    // Assert
    await page.getByText("Brak zdarzeń pasujących do filtrów.").waitFor();
    expect(await rows().count()).toBe(0);
    expect(await auditView(page, "manage-audit-empty")).toEqual([]);
  });
});
