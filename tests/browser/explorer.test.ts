import { createRequire } from "node:module";

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hasChromium, launchBrowser } from "../support/browser.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

// Staff open /explorer (GraphiQL) on a machine that may have no internet: everything it loads
// comes from the product, the schema is built in, and the dashboard's session is the token.
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/**
 * axe findings inside GraphiQL that its markup or its editor theme decides and we cannot change
 * from outside; each is excused for that rule and those elements only.
 * - nested-interactive: each editor tab is an `li role="tab"` holding its own buttons (select,
 *   close), which GraphiQL 5 renders that way.
 * - color-contrast of syntax-highlighted tokens: in the dark scheme GraphiQL's Monaco theme
 *   (based on `vs-dark`) colours comments #6a9955, under 4.5:1 on its background; the token
 *   classes (`mtk1`, `mtk8`, …) are numbered at run time, so no stylesheet of ours can aim at
 *   comments alone.
 */
const GRAPHIQL_INTERNAL = [
  { id: "nested-interactive", selector: "li.graphiql-tab[role=tab]" },
  { id: "color-contrast", selector: ".monaco-editor .view-line span[class^=mtk]" },
];

const ANALYST = { email: "analityk@mcps.example.pl", password: "dwanaście znaków" };

interface Session {
  token: string;
  expiresAt: string;
  email: string;
  role: string;
}

interface Opened {
  page: Page;
  context: BrowserContext;
  /** Every URL the page and its workers asked for. */
  requests: string[];
  /** Console errors, uncaught exceptions and CSP violations. */
  problems: string[];
  /** The bodies of the operations sent to /graphql. */
  operations: { body: string; authorization: string | undefined }[];
}

describe.skipIf(!hasChromium && !process.env.CI)("API explorer", () => {
  let t: TestSystem;
  let browser: Browser;
  let analyst: Session;

  beforeAll(async () => {
    t = await startTestSystem();
    browser = await launchBrowser();
    const created = await t.gql(
      /* GraphQL */ `
        mutation ($input: UserInput!) {
          createUser(input: $input) {
            id
          }
        }
      `,
      { input: { ...ANALYST, role: "ANALYST" } },
      { token: await t.tokenFor(Role.ADMIN) },
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const login = await t.gql<{ login: { token: string; expiresAt: string } }>(
      /* GraphQL */ `
        mutation ($email: String!, $password: String!) {
          login(email: $email, password: $password) {
            token
            expiresAt
          }
        }
      `,
      ANALYST,
    );
    analyst = { ...login.data!.login, email: ANALYST.email, role: "ANALYST" };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens /explorer in a fresh context, with `session` stored as the dashboard stores it. */
  async function openExplorer(
    session?: Session,
    options: { bypassCSP?: boolean; colorScheme?: "light" | "dark" } = {},
  ): Promise<Opened> {
    const context = await browser.newContext({
      bypassCSP: options.bypassCSP ?? false,
      colorScheme: options.colorScheme ?? "light",
    });
    const requests: string[] = [];
    const problems: string[] = [];
    const operations: Opened["operations"] = [];
    context.on("request", (request) => {
      requests.push(request.url());
      if (new URL(request.url()).pathname === "/graphql") {
        operations.push({
          body: request.postData() ?? "",
          authorization: request.headers()["authorization"],
        });
      }
    });
    // A string, as the test is type-checked without the DOM's types.
    await context.addInitScript(`
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
      });
      ${session ? `localStorage.setItem("wizyty.session", ${JSON.stringify(JSON.stringify(session))});` : ""}
    `);
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(`${t.baseUrl}/explorer`);
    await page.locator(".graphiql-query-editor .monaco-editor").waitFor();
    // The default query is in the editor once Monaco's GraphQL mode has started.
    await page.locator(".graphiql-query-editor .view-lines", { hasText: "subregions" }).waitFor();
    return { page, context, requests, problems, operations };
  }

  /** Runs the operation in the editor with the keyboard and returns the answer's JSON. */
  async function runByKeyboard(page: Page): Promise<Record<string, unknown>> {
    await page.locator(".graphiql-query-editor .monaco-editor textarea").focus();
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/graphql" && r.request().method() === "POST",
    );
    await page.keyboard.press("Control+Enter");
    return (await (await answer).json()) as Record<string, unknown>;
  }

  it("loads from the product alone, with no console errors or CSP violations", async () => {
    // Arrange
    const origin = new URL(t.baseUrl).origin;

    // Act
    const { page, context, requests, problems, operations } = await openExplorer(analyst);
    await page.waitForLoadState("networkidle");

    // Assert
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(problems).toEqual([]);
    // The schema is built in: no introspection query, which the gateway would refuse.
    expect(operations.filter((op) => op.body.includes("__schema"))).toEqual([]);
    expect(await page.title()).toBe("Wizyty — API explorer");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await context.close();
  });

  it("runs the default query by Ctrl+Enter with the dashboard's token and shows real data", async () => {
    // Arrange
    const { page, context, problems, operations } = await openExplorer(analyst);

    // Act
    const answer = await runByKeyboard(page);

    // Assert
    expect(await page.getByRole("banner").textContent()).toContain(
      `Signed in as ${ANALYST.email} (ANALYST)`,
    );
    expect(operations.at(-1)?.authorization).toBe(`Bearer ${analyst.token}`);
    const data = answer["data"] as { me: unknown; subregions: { code: string }[] };
    expect(answer["errors"]).toBeUndefined();
    expect(data.me).toEqual({ email: ANALYST.email, role: "ANALYST" });
    expect(data.subregions.length).toBeGreaterThan(0);
    await page
      .locator(".graphiql-response .view-lines", { hasText: ANALYST.email })
      .waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("sends no token without a session, or with an expired one, and says how to sign in", async () => {
    for (const session of [undefined, { ...analyst, expiresAt: "2020-01-01T00:00:00.000Z" }]) {
      // Arrange
      const { page, context, operations } = await openExplorer(session);

      // Act
      const answer = await runByKeyboard(page);

      // Assert
      expect(operations.at(-1)?.authorization).toBeUndefined();
      const errors = answer["errors"] as { extensions: { code: string } }[];
      expect(errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
      const banner = page.getByRole("banner");
      expect(await banner.textContent()).toContain("Not signed in");
      expect(
        await banner.getByRole("link", { name: "sign in on the dashboard" }).getAttribute("href"),
      ).toBe("/signin");
      await page
        .locator(".graphiql-response .view-lines", { hasText: "UNAUTHENTICATED" })
        .waitFor({ timeout: 10_000 });
      await context.close();
    }
  });

  it.each([
    ["signed in, light", true, "light"],
    ["signed out, light", false, "light"],
    ["signed in, dark", true, "dark"],
  ] as const)("has no WCAG 2.1 A/AA violations that are ours (%s)", async (_, signedIn, scheme) => {
    // Arrange: axe is added as an inline script, which the page's CSP rightly refuses.
    const { page, context } = await openExplorer(signedIn ? analyst : undefined, {
      bypassCSP: true,
      colorScheme: scheme,
    });
    await page.addScriptTag({ path: AXE });

    // Act
    const violations = (await page.evaluate(`
      axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }).then((result) => result.violations.flatMap((v) => v.nodes.map((n) => ({
        id: v.id,
        target: n.target.join(" "),
        known: ${JSON.stringify(GRAPHIQL_INTERNAL)}.some(
          (k) => k.id === v.id && document.querySelector(n.target[0]).matches(k.selector),
        ),
      }))))
    `)) as { id: string; target: string; known: boolean }[];

    // Assert
    expect(violations.filter((v) => !v.known)).toEqual([]);
    await context.close();
  });
});

describe("GET /graphql from a browser", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.close();
  });

  const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  it("sends a browser asking for a page to the explorer", async () => {
    // Act
    const response = await fetch(t.url, {
      headers: { accept: BROWSER_ACCEPT },
      redirect: "manual",
    });

    // Assert
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/explorer");
  });

  it("leaves API clients alone: a POST, a GET for JSON, a GET that carries an operation", async () => {
    // Act
    const post = await fetch(t.url, {
      method: "POST",
      headers: { accept: BROWSER_ACCEPT, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ subregions { code } }" }),
      redirect: "manual",
    });
    const json = await fetch(t.url, {
      headers: { accept: "application/json" },
      redirect: "manual",
    });
    const query = await fetch(`${t.url}?query=${encodeURIComponent("{ subregions { code } }")}`, {
      headers: { accept: BROWSER_ACCEPT, "apollo-require-preflight": "true" },
      redirect: "manual",
    });

    // Assert
    expect(post.status).toBe(200);
    expect(
      ((await post.json()) as { data: { subregions: unknown[] } }).data.subregions.length,
    ).toBeGreaterThan(0);
    expect(json.status).not.toBe(302);
    expect(json.headers.get("content-type")).toMatch(/json/);
    expect(query.status).toBe(200);
    expect(((await query.json()) as { data: unknown }).data).toBeTruthy();
  });
});
