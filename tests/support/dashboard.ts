// The product as its users start it (`npm start` on an empty DATA_DIR with an analyst made by
// the CLI), and the page helpers the dashboard's browser tests share.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import type { Download, Page } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** Where the browser tests save their screenshots, kept by CI as artifacts. */
export const SCREENSHOTS = path.join(root, "test-results", "screenshots");
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
let axeText: Promise<string> | undefined;
const axeSource = () => (axeText ??= readFile(AXE_PATH, "utf8"));

// Seeding the demo data on a loaded 2-core machine has taken over 20 s; below the hooks' 120 s,
// so that a start that hangs says where.
const STARTUP_MS = 90_000;

export interface Product {
  baseUrl: string;
  email: string;
  password: string;
  /** Everything the service has written to stdout so far. */
  log(): string;
  /** An operation through the service's own /graphql, as the staff user. */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** The environment `npm start` and `user:create` run in; NODE_ENV is left out on purpose. */
function productEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    MONGODB_URI: "",
  };
  delete env.NODE_ENV;
  return env;
}

export type StaffRole = "ANALYST" | "COORDINATOR" | "ADMIN";

/** The product on an empty DATA_DIR, with one staff user of `role` made by the CLI. */
export async function startProduct({
  role = "ANALYST",
}: { role?: StaffRole } = {}): Promise<Product> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "wizyty-e2e-"));
  const email = `${role.toLowerCase()}@example.pl`;
  const password = `${role.toLowerCase()}-haslo-testowe`;
  const env = productEnv(dataDir);
  await promisify(execFile)(
    "npm",
    [
      "run",
      "--silent",
      "user:create",
      "--",
      "--email",
      email,
      "--password",
      password,
      "--role",
      role,
    ],
    { cwd: root, env: { ...env }, timeout: STARTUP_MS },
  ).catch(async (error: Error & { stderr?: string }) => {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`user:create failed: ${error.stderr ?? error.message}`);
  });
  return start(dataDir, env, email, password);
}

async function start(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  email: string,
  password: string,
): Promise<Product> {
  // Its own process group, so that npm, the shell it runs and node all stop together.
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A hook that times out while the start still waits never gets a Product to close: the group
  // is killed when the test process exits instead of outliving it (it is detached).
  const killOnExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", killOnExit);
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));

  const stop = async () => {
    // npm may exit before the node it started has closed the store: wait for the whole group,
    // so the data folder is removed after the last write.
    if (child.pid && !(await signalGroup(child.pid, "SIGTERM", 20_000))) {
      await signalGroup(child.pid, "SIGKILL", 5_000);
    }
    process.off("exit", killOnExit);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const output = () => `stdout:\n${out}\nstderr:\n${err}`;
    const port = await waitFor(child, output, "the listening log line", () => {
      const line = out.split("\n").find((l) => l.includes('"msg":"listening"'));
      return line ? (JSON.parse(line) as { port: number }).port : undefined;
    });
    await waitFor(child, output, "the graphql ready log line", () =>
      out.includes('"msg":"graphql ready"') ? true : undefined,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    const token = await login(baseUrl, email, password);
    return {
      baseUrl,
      email,
      password,
      log: () => out,
      gql: (query, variables = {}) => post(baseUrl, query, variables, token),
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Sends `signal` to the process group; true once no process of it is left within `ms`. */
async function signalGroup(pgid: number, signal: NodeJS.Signals, ms: number): Promise<boolean> {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return true;
  process.kill(-pgid, signal);
  const deadline = Date.now() + ms;
  while (alive()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

async function waitFor<T>(
  child: ChildProcess,
  output: () => string,
  what: string,
  check: () => T | undefined,
): Promise<T> {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (child.exitCode !== null) {
      throw new Error(`npm start exited (${child.exitCode}) before ${what}\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data;
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const data = await post<{ login: { token: string } }>(
    baseUrl,
    /* GraphQL */ `
      mutation ($email: String!, $password: String!) {
        login(email: $email, password: $password) {
          token
        }
      }
    `,
    { email, password },
  );
  return data.login.token;
}

// Page helpers. The tests are type-checked without the DOM's types, so page code is a string.

/** Marks the current view stale, runs `action`, then waits until the dashboard says it drew. */
export async function settle(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate('document.documentElement.dataset.ready = "stale"');
  await action();
  await waitReady(page);
}

/** The `<html>` element's `data-` attributes (no DOM types here). */
type Dataset = { document: { documentElement: { dataset: Record<string, string | undefined> } } };

export async function waitReady(page: Page): Promise<void> {
  // A function, not a string: the page's CSP forbids the eval a string predicate needs.
  await page.waitForFunction(
    () => (globalThis as unknown as Dataset).document.documentElement.dataset.ready === "true",
    undefined,
    { timeout: 20_000 },
  );
}

export async function gotoView(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitReady(page);
}

/** Signs in through the form and waits for the page it leads to. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator("#signin-email").fill(email);
  await page.locator("#signin-password").fill(password);
  await settle(page, () => page.locator("form.signin-form button[type=submit]").click());
}

type SignInState = Dataset & { document: { getElementById(id: string): { textContent: string } } };

/**
 * Submits the sign-in form and waits for the next view or for an error; gives the error's text
 * ("" when the next view was drawn).
 */
export async function submitSignIn(page: Page, email: string, password: string): Promise<string> {
  await page.locator("#signin-email").fill(email);
  await page.locator("#signin-password").fill(password);
  await page.evaluate('document.documentElement.dataset.ready = "stale"');
  await page.locator("form.signin-form button[type=submit]").click();
  await page.waitForFunction(
    () => {
      const { document } = globalThis as unknown as SignInState;
      return (
        document.documentElement.dataset.ready === "true" ||
        !!document.getElementById("signin-error")?.textContent
      );
    },
    undefined,
    { timeout: 20_000 },
  );
  return (await page.locator("#signin-error").count())
    ? ((await page.locator("#signin-error").textContent()) ?? "")
    : "";
}

/** The "n = 1 234" number of a figure's subtitle (NaN when it says "n ukryte"). */
export async function subtitleN(page: Page, figureId: string): Promise<number> {
  const text = await page
    .locator(`figure[data-figure="${figureId}"] .figure-subtitle`)
    .textContent();
  const match = /n = ([\d\s\u00a0,.]+)/.exec(text ?? "");
  return match ? Number(match[1]!.replace(/[\s\u00a0,.]/g, "")) : Number.NaN;
}

/** The text alternatives of the charts on the page, in order. */
export async function chartLabels(page: Page, figureId?: string): Promise<string[]> {
  const scope = figureId ? `figure[data-figure="${figureId}"] ` : "figure.figure ";
  const labels: string[] = [];
  for (const canvas of await page.locator(`${scope}canvas[role=img]`).all()) {
    labels.push((await canvas.getAttribute("aria-label")) ?? "");
  }
  return labels;
}

/** A figure's data table as text: header cells and body rows. */
export async function tableOf(
  page: Page,
  figureId: string,
): Promise<{ head: string[]; rows: string[][]; suppressed: string[] }> {
  const table = page.locator(`figure[data-figure="${figureId}"] table.data`);
  const head = await table.locator("thead th").allTextContents();
  const rows: string[][] = [];
  for (const row of await table.locator("tbody tr").all()) {
    rows.push(await row.locator("th, td").allTextContents());
  }
  const suppressed = await table.locator("td.suppressed").allTextContents();
  return { head, rows, suppressed };
}

export async function downloaded(
  page: Page,
  click: () => Promise<unknown>,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent("download"), click()])) as [
    Download,
    unknown,
  ];
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(file) };
}

/** The width and height the browser decodes a PNG to. */
export async function pngSize(page: Page, png: Buffer): Promise<{ width: number; height: number }> {
  return page.evaluate(`(async () => {
    const bytes = Uint8Array.from(atob("${png.toString("base64")}"), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    return { width: bitmap.width, height: bitmap.height };
  })()`);
}

/** `TAG|#id|class|text|figure`: what has the focus, and in which figure. */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return "BODY||||";
    const text = (e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const figure = e.closest("figure[data-figure]");
    return [e.tagName, e.id ? "#" + e.id : "", e.className, text, figure ? figure.dataset.figure : ""].join("|");
  })()`);
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** WCAG 2.1 A and AA rules of axe-core on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) {
    // Not addScriptTag: the dashboard's CSP (script-src 'self') refuses an inline script, and
    // loosening it (bypassCSP) would test another page than users get.
    await page.evaluate(await axeSource());
  }
  return page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((result) => {
      // No passes at all would mean axe looked at nothing, not that the page is clean.
      if (!result.passes.length) throw new Error("axe-core checked nothing");
      return result.violations;
    })
    .then((violations) => violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    })))`) as Promise<AxeViolation[]>;
}

export function formatViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes
          .map((n) => `  ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\n/g, " ")}`)
          .join("\n"),
    )
    .join("\n");
}

/**
 * How many pixels of ink each figure's chart has in its leftmost `columns` columns: text drawn
 * there ran off the canvas (a category label cut at the start).
 */
export async function inkAtLeftEdge(page: Page, columns = 2): Promise<Record<string, number>> {
  return page.evaluate(`(() => {
    const out = {};
    for (const figure of document.querySelectorAll("figure.figure[data-figure]")) {
      const canvas = figure.querySelector("canvas");
      if (!canvas || !canvas.width) continue;
      const data = canvas.getContext("2d").getImageData(0, 0, ${columns}, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 128) ink++;
      out[figure.dataset.figure] = ink;
    }
    return out;
  })()`);
}

/**
 * Saves a full-page screenshot as `<name>-<width>.png` in SCREENSHOTS and, at phone widths (360 px
 * and less), notes in `overflow` what sticks out sideways when the page scrolls horizontally.
 */
export async function shoot(page: Page, name: string, width: number, overflow: string[]) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
  await writeFile(file, await page.screenshot({ fullPage: true }));
  const scrollWidth = (await page.evaluate("document.documentElement.scrollWidth")) as number;
  if (width <= 360 && scrollWidth > width) {
    const wide = await page.evaluate(
      `[...document.querySelectorAll("body *")].filter((e) => !e.closest(".table-wrap") && e.getBoundingClientRect().right > ${width} + 1).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") + " right=" + Math.round(e.getBoundingClientRect().right)).join(", ")`,
    );
    overflow.push(`${name} at ${width}px: scrollWidth ${scrollWidth} (${String(wide)})`);
  }
}
