// An admin in the browser: publishes a new version of a programme's feedback form, sees which
// version each visit uses, adds a staff user who can then sign in, manages that user's account
// (role, disabling, password, sessions, deletion) and changes their own password. The product as users start
// it (`npm start` on an empty DATA_DIR, with the demo data), Debian's Chromium.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import {
  auditView,
  focusedElement,
  gotoView,
  type Product,
  settle,
  signIn,
  startProduct,
} from "../support/dashboard.js";

const HOOK_MS = 120_000;

describe.skipIf(!hasChromium && !process.env.CI)("admin pages: forms and users", () => {
  let product: Product;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  const url = (path: string) => `${product.baseUrl}${path}`;

  beforeAll(async () => {
    product = await startProduct({ role: "ADMIN" });
    browser = await launchBrowser();
    admin = await browser.newContext();
    page = await admin.newPage();
    await gotoView(page, url("/manage/forms"));
    await signIn(page, product.email, product.password);
  }, HOOK_MS);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it("publishes a new form version without one option and lists it", async () => {
    // Arrange
    const programme = (await page.locator("#forms-programme").inputValue()).trim();
    const before = await product.gql<{ feedbackForms: { version: number }[] }>(
      `query ($p: String!) { feedbackForms(programme: $p) { version } }`,
      { p: programme },
    );
    const lastVersion = before.feedbackForms.at(-1)?.version ?? 0;
    const box = page.locator('input[name="NEEDS"]:checked').first();
    const dropped = await box.getAttribute("value");
    await box.uncheck();

    // Act
    await settle(page, () => page.getByRole("button", { name: "Opublikuj wersję" }).click());

    // Assert
    await page.getByText(`Opublikowano wersję ${lastVersion + 1}`).waitFor();
    const after = await product.gql<{
      feedbackForms: {
        version: number;
        questions: { themes: { theme: string; options: { code: string }[] }[] };
      }[];
    }>(
      `query ($p: String!) { feedbackForms(programme: $p) { version questions { themes { theme options { code } } } } }`,
      { p: programme },
    );
    const latest = after.feedbackForms.at(-1)!;
    expect(latest.version).toBe(lastVersion + 1);
    const needs = latest.questions.themes.find((t) => t.theme === "NEEDS")!;
    expect(needs.options.map((o) => o.code)).not.toContain(dropped);
    expect(needs.options.length).toBeGreaterThan(0);
    const firstRow = page.locator("table.data").first().locator("tbody tr").first();
    expect(await firstRow.locator("td").first().textContent()).toBe(String(lastVersion + 1));
    expect(await auditView(page, "manage-forms")).toEqual([]);
  });

  it("names a theme left without options next to it and publishes nothing", async () => {
    // Arrange
    await page.setViewportSize({ width: 1280, height: 800 });
    const programme = await page.locator("#forms-programme").inputValue();
    const count = async () =>
      (
        await product.gql<{ feedbackForms: unknown[] }>(
          `query ($p: String!) { feedbackForms(programme: $p) { version } }`,
          { p: programme },
        )
      ).feedbackForms.length;
    const before = await count();
    const ticked = page.locator('input[name="SUPPORT"]:checked');
    while (await ticked.count()) await ticked.first().uncheck();

    // Act
    await page.getByRole("button", { name: "Opublikuj wersję" }).click();

    // Assert
    const error = page.locator('[data-field="SUPPORT"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Wybierz co najmniej jedną opcję");
    expect(await page.locator(".error-summary").isVisible()).toBe(true);
    expect(await count()).toBe(before);
    expect(await auditView(page, "manage-forms-error", [1280])).toEqual([]);
  });

  it("shows which version each visit's invitations use", async () => {
    // Arrange
    const visits = await product.gql<{
      visits: { edges: { node: { programme: string; feedbackFormVersions: number[] } }[] };
    }>(`{ visits(first: 100) { edges { node { programme feedbackFormVersions } } } }`);
    const programme = await page.locator("#forms-programme").inputValue();
    const expected = visits.visits.edges
      .filter((e) => e.node.programme === programme)
      .map((e) => e.node.feedbackFormVersions.join(", ") || "zaproszenia jeszcze niewydane");

    // Act
    const shown = await page.locator("table.data").nth(1).locator("tbody tr td:nth-child(3)");

    // Assert
    expect(await shown.allTextContents()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("adds a coordinator who can then sign in, and says what is missing first", async () => {
    // Arrange
    await gotoView(page, url("/manage/users"));
    await page.locator("#user-email").fill("nowa.koordynatorka@example.pl");
    await page.locator("#user-password").fill("za krótkie");

    // Act
    await page.getByRole("button", { name: "Dodaj", exact: true }).click();
    const tooShort = await page.locator('[data-field="password"] .field-error').textContent();
    await page.locator("#user-password").fill(" hasło z odstępem na końcu ");
    await page.locator("#user-role").selectOption("COORDINATOR");
    await settle(page, () => page.getByRole("button", { name: "Dodaj", exact: true }).click());

    // Assert
    expect(tooShort).toBe("Hasło musi mieć co najmniej 12 znaków.");
    await page
      .getByText("Dodano konto nowa.koordynatorka@example.pl z rolą Koordynator.")
      .waitFor();
    const rows = await page.locator("table.data tbody tr").allTextContents();
    expect(rows.some((r) => r.includes("nowa.koordynatorka@example.pl"))).toBe(true);
    const login = await fetch(url("/graphql"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { role } } }`,
        variables: { e: "nowa.koordynatorka@example.pl", p: " hasło z odstępem na końcu " },
      }),
    }).then((r) => r.json() as Promise<{ data?: { login: { user: { role: string } } } }>);
    expect(login.data?.login.user.role).toBe("COORDINATOR");
    expect(await auditView(page, "manage-users")).toEqual([]);
  });

  it("keeps the users page from coordinators, and lists no link to it for them", async () => {
    // Arrange
    const coordinator = await browser.newContext();
    const other = await coordinator.newPage();
    await gotoView(other, url("/manage/users"));
    await signIn(other, "nowa.koordynatorka@example.pl", " hasło z odstępem na końcu ");

    // Act
    const text = await other.locator("main").textContent();
    const navLinks = await other.locator("nav.manage-nav a").allTextContents();

    // Assert
    expect(text).toContain("Tę stronę widzą tylko administratorzy.");
    expect(navLinks).not.toContain("Użytkownicy");
    await coordinator.close();
  });

  const signInWith = async (email: string, password: string) =>
    (
      await fetch(url("/graphql"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
          variables: { e: email, p: password },
        }),
      }).then((r) => r.json() as Promise<{ data?: { login: { token: string } } | null }>)
    ).data?.login.token;
  const status = () => page.locator("main [role=status]").first().textContent();

  it("manages a user's account: role, disabling, a new password, sessions, and deletion", async () => {
    // Arrange
    const email = "nowa.koordynatorka@example.pl";
    await gotoView(page, url("/manage/users"));
    await settle(page, () => page.getByRole("link", { name: `Zarządzaj kontem ${email}` }).click());
    const problems = await auditView(page, "manage-user-account");
    const users = async () =>
      (
        await product.gql<{ users: { email: string; role: string; disabled: boolean }[] }>(
          `{ users { email role disabled } }`,
        )
      ).users.find((u) => u.email === email);

    // Act and Assert, step by step
    await page.locator("#account-role-role").selectOption("ANALYST");
    await settle(page, () => page.getByRole("button", { name: "Zmień rolę" }).click());
    expect(await status()).toBe(`Zmieniono rolę konta ${email}.`);
    expect((await users())?.role).toBe("ANALYST");

    await settle(page, () => page.getByRole("button", { name: "Wyłącz konto" }).click());
    expect(await status()).toBe(`Wyłączono konto ${email}.`);
    expect(await signInWith(email, " hasło z odstępem na końcu ")).toBeUndefined();
    expect(await page.locator("main table.data").textContent()).toContain("Wyłączone");

    await settle(page, () => page.getByRole("button", { name: "Włącz konto" }).click());
    expect((await users())?.disabled).toBe(false);

    await page.locator("#account-reset-password").fill("nowe hasło od admina");
    await settle(page, () =>
      page.getByRole("button", { name: "Ustaw nowe hasło początkowe" }).click(),
    );
    expect(await status()).toBe(`Ustawiono nowe hasło początkowe konta ${email}.`);
    const token = await signInWith(email, "nowe hasło od admina");
    expect(token).toBeTruthy();

    await settle(page, () =>
      page.getByRole("button", { name: "Wyloguj ze wszystkich urządzeń" }).click(),
    );
    const me = await fetch(url("/graphql"), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ me { id } }" }),
    }).then((r) => r.json() as Promise<{ errors?: { extensions: { code: string } }[] }>);
    expect(me.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");

    // Deleting asks first; "Anuluj" takes the focus and Escape keeps the account.
    await page.getByRole("button", { name: "Usuń konto" }).click();
    const dialog = page.getByRole("dialog", { name: "Usunąć konto?" });
    await dialog.waitFor();
    problems.push(...(await auditView(page, "manage-user-delete")));
    expect((await focusedElement(page)).split("|")[3]).toBe("Anuluj");
    await page.keyboard.press("Escape");
    expect(await users()).toBeTruthy();
    await page.getByRole("button", { name: "Usuń konto" }).click();
    await settle(page, () => dialog.getByRole("button", { name: "Usuń", exact: true }).click());
    expect(await status()).toBe(`Usunięto konto ${email}.`);
    expect(await users()).toBeUndefined();
    expect(await page.locator("main table.data").textContent()).not.toContain(email);
    expect(problems).toEqual([]);
  });

  it("refuses to disable the last active administrator, and says why", async () => {
    // Arrange
    await gotoView(page, url("/manage/users"));
    await settle(page, () =>
      page.getByRole("link", { name: `Zarządzaj kontem ${product.email}` }).click(),
    );

    // Act
    await page.getByRole("button", { name: "Wyłącz konto" }).click();

    // Assert
    const summary = page.locator("#account-disable .error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("To ostatni aktywny administrator");
    expect(await auditView(page, "manage-user-last-admin", [320])).toEqual([]);
  });

  it("lets a staff user change their own password from the keyboard on /account", async () => {
    // Arrange
    await gotoView(page, url("/account"));
    const problems = await auditView(page, "account");
    await page.locator("#account-currentPassword").focus();

    // Act: a wrong current password first, then the right one.
    await page.keyboard.type("to nie jest moje hasło");
    await page.keyboard.press("Tab");
    await page.keyboard.type("moje nowe, długie hasło");
    await page.keyboard.press("Enter");
    const wrong = page.locator('[data-field="currentPassword"] .field-error');
    await wrong.waitFor();
    const wrongText = await wrong.textContent();
    await page.locator("#account-currentPassword").fill(product.password);
    await settle(page, () => page.keyboard.press("Enter"));

    // Assert
    expect(wrongText).toBe("Obecne hasło jest inne.");
    expect(await status()).toContain("Hasło zmienione.");
    problems.push(...(await auditView(page, "account-changed", [320])));
    expect(await signInWith(product.email, product.password)).toBeUndefined();
    expect(await signInWith(product.email, "moje nowe, długie hasło")).toBeTruthy();
    // This browser stays signed in with the token the change returned.
    await gotoView(page, url("/manage/users"));
    expect(await page.locator("main h1").textContent()).toBe("Użytkownicy");
    expect(await page.locator("main table.data").count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
