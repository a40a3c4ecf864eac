// `npm run bench -- dashboard`: what an analyst and a participant wait for. The initial
// JavaScript of the dashboard (budget < 200 kB gzipped) and of each public page (< 60 kB), and,
// for each dashboard page, the time from navigation to every chart drawn, in headless Chromium on
// loopback: on the demo data (budget < 2 s) and on the analytics bench's 1M feedback responses
// (budget < 3 s). Each run opens the page in a fresh browser context (empty cache, as a first
// visit) and reads the `wizyty:drawn` mark, which the dashboard sets once a view's data arrived
// and every chart on it is drawn. Also the feedback form: from opening its link to its first
// question answerable (budget < 1 s).
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { type Browser, errors } from "playwright-core";

import { initialJavaScript } from "../scripts/dashboard-size.js";
import { Role } from "../src/shared/auth.js";
import { launchBrowser } from "../tests/support/browser.js";
import {
  type BenchSystem,
  benchVisits,
  insertBenchVisits,
  responseLoader,
  startBenchSystem,
} from "./feedback-data.js";
import { client, feedbackLinkToken } from "./feedback-link.js";
import { median, ROOT, step, writeResults } from "./support.js";

const BUNDLE_BUDGET_KB = 200;
/** A participant's first page (editions, registration) on a phone. */
const PUBLIC_BUDGET_KB = 60;
/** The feedback form answerable after opening its link, on loopback. */
const FORM_BUDGET_MS = 1_000;
/** Unmeasured loads of each page (the server's JIT and caches), then measured ones. */
const WARM_UP = 2;
const RUNS = 7;
/** A page not ready by then is reported as such, and its remaining runs skipped. */
const READY_TIMEOUT_MS = 15_000;
/** Where the dashboard keeps the signed-in user (`dashboard/src/session.ts`). */
const SESSION_KEY = "wizyty.session";

const PAGES = [
  { name: "overview", path: "/" },
  { name: "subregions", path: "/subregions" },
  { name: "needs", path: "/needs" },
  { name: "trends", path: "/trends" },
  { name: "visits", path: "/visits" },
] as const;

/** The large data set's size: 1M by default; `DASHBOARD_BENCH_RESPONSES` sets another. */
function largeSize(): number {
  const raw = process.env["DASHBOARD_BENCH_RESPONSES"];
  if (raw === undefined || raw === "") return 1_000_000;
  const size = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`DASHBOARD_BENCH_RESPONSES must be a whole number of responses, not "${raw}"`);
  }
  return size;
}

/** 1000000 → "1M", 10000 → "10k". */
function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

type Session = Awaited<ReturnType<BenchSystem["session"]>>;

class NotReady extends Error {}

/**
 * The few browser globals the page functions below read (this project's Node types have no DOM).
 * Functions, not strings: the dashboard's CSP forbids the eval a string predicate needs.
 */
interface PageGlobals {
  document: {
    documentElement: { dataset: Record<string, string | undefined> };
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  performance: { getEntriesByName(name: string): { startTime: number }[] };
}

/** One load of a page: when its charts were drawn, and how many there are. */
interface Drawn {
  ms: number;
  charts: number;
}

/** Milliseconds from navigation start to the `wizyty:drawn` mark, in a fresh context. */
async function drawnAfter(browser: Browser, url: string, session: Session): Promise<Drawn> {
  const context = await browser.newContext();
  const problems: string[] = [];
  try {
    const stored = JSON.stringify({ ...session, expiresAt: session.expiresAt.toISOString() });
    // Init scripts also run in about:blank, where localStorage throws: only on the dashboard.
    await context.addInitScript({
      content: `if (location.origin === ${JSON.stringify(new URL(url).origin)}) localStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(stored)});`,
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    try {
      await page.waitForFunction(
        () =>
          (globalThis as unknown as PageGlobals).document.documentElement.dataset["ready"] ===
          "true",
        undefined,
        { timeout: READY_TIMEOUT_MS },
      );
    } catch (error) {
      if (!(error instanceof errors.TimeoutError)) throw error;
      const where = new URL(page.url()).pathname;
      throw new NotReady(
        `not ready after ${READY_TIMEOUT_MS / 1000} s (at ${where})${problems.length ? `; ${problems.slice(0, 3).join("; ")}` : ""}`,
      );
    }
    // The sign-in page and the error box also say ready: they are not a drawn page.
    const shown = await page.evaluate(() => {
      const { document, performance } = globalThis as unknown as PageGlobals;
      return {
        drawn: performance.getEntriesByName("wizyty:drawn")[0]?.startTime ?? null,
        signIn: document.querySelector("main.signin") !== null,
        error: document.querySelector(".error-box")?.textContent ?? null,
        charts: document.querySelectorAll("canvas").length,
      };
    });
    if (shown.signIn) throw new NotReady("shows the sign-in page: the session was not accepted");
    if (shown.error !== null) throw new NotReady(`shows an error: ${shown.error}`);
    if (shown.drawn === null) throw new NotReady(`ready, but no "wizyty:drawn" mark`);
    return { ms: shown.drawn, charts: shown.charts };
  } finally {
    await context.close();
  }
}

interface PageResult {
  path: string;
  /** Median of the measured runs; null when the page never became ready. */
  medianMs: number | null;
  runsMs: number[];
  /** Canvases on the drawn page (a visit without feedback may have none). */
  charts: number | null;
  error?: string;
}

async function measurePages(
  browser: Browser,
  bench: BenchSystem,
  label: string,
): Promise<PageResult[]> {
  const session = await bench.session(Role.ANALYST);
  const visitId = await firstCompletedVisit(bench);
  const paths: string[] = PAGES.map((p) => p.path);
  if (visitId) paths.push(`/visits/${visitId}`);
  else console.error(`${label}: no completed visit, so no visit page`);
  const results: PageResult[] = [];
  for (const pagePath of paths) {
    const url = `${bench.baseUrl}${pagePath}`;
    const runsMs: number[] = [];
    let charts: number | null = null;
    let error: string | undefined;
    try {
      for (let i = 0; i < WARM_UP; i++) await drawnAfter(browser, url, session);
      for (let i = 0; i < RUNS; i++) {
        const drawn = await drawnAfter(browser, url, session);
        runsMs.push(drawn.ms);
        charts = drawn.charts;
      }
    } catch (caught) {
      if (!(caught instanceof NotReady)) throw caught;
      error = caught.message;
    }
    const result: PageResult = {
      path: pagePath,
      medianMs: error === undefined ? median(runsMs) : null,
      runsMs,
      charts,
      ...(error === undefined ? {} : { error }),
    };
    results.push(result);
    console.error(
      `${label} ${pagePath.padEnd(36)} ${
        result.medianMs === null
          ? error
          : `median ${result.medianMs.toFixed(0)} ms, ${charts} chart${charts === 1 ? "" : "s"} (${runsMs.map((ms) => ms.toFixed(0)).join(", ")})`
      }`,
    );
  }
  return results;
}

/**
 * A visit with feedback to show: the newest completed one (the newest of all, in the demo data,
 * is a planned visit, whose page has nothing to chart yet).
 */
async function firstCompletedVisit(bench: BenchSystem): Promise<string | undefined> {
  const response = await fetch(bench.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await bench.token(Role.ANALYST)}`,
    },
    body: JSON.stringify({
      query: /* GraphQL */ `
        query FirstVisit {
          visits(first: 1, filter: { status: COMPLETED }) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
    }),
  });
  const body = (await response.json()) as {
    data?: { visits: { edges: { node: { id: string } }[] } };
    errors?: unknown[];
  };
  if (body.errors) throw new Error(`visits query failed: ${JSON.stringify(body.errors)}`);
  return body.data?.visits.edges[0]?.node.id;
}

interface DataSet {
  label: string;
  responses: number;
  budgetMs: number;
  pages: PageResult[];
  /** Slowest page's median; null when a page never became ready. */
  maxMs: number | null;
  pass: boolean;
  form: FormResult;
}

interface FormResult {
  /** Median of the measured runs, navigation to the first question answerable. */
  medianMs: number;
  runsMs: number[];
  budgetMs: number;
  pass: boolean;
}

/**
 * The participant's feedback form opened from its link on a first visit (fresh context: no
 * service worker, no cache yet), to the `wizyty:form-ready` mark the form sets once its first
 * question can be answered.
 */
async function measureForm(browser: Browser, bench: BenchSystem): Promise<FormResult> {
  const admin = { authorization: `Bearer ${await bench.token(Role.ADMIN)}` };
  const token = await feedbackLinkToken(client(bench.baseUrl), admin);
  const runsMs: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(`${bench.baseUrl}/feedback/${token}`);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as PageGlobals).performance.getEntriesByName("wizyty:form-ready")
            .length > 0,
        undefined,
        { timeout: READY_TIMEOUT_MS },
      );
      const ms = await page.evaluate(
        () =>
          (globalThis as unknown as PageGlobals).performance.getEntriesByName(
            "wizyty:form-ready",
          )[0]!.startTime,
      );
      if (run >= WARM_UP) runsMs.push(ms);
    } finally {
      await context.close();
    }
  }
  const medianMs = median(runsMs);
  return { medianMs, runsMs, budgetMs: FORM_BUDGET_MS, pass: medianMs < FORM_BUDGET_MS };
}

async function measureDataSet(
  browser: Browser,
  label: string,
  budgetMs: number,
  load: (bench: BenchSystem) => Promise<void>,
  options: { seedDemo: boolean },
): Promise<DataSet> {
  const bench = await step(`start the system (${label})`, 1, () => startBenchSystem(options));
  try {
    await load(bench);
    const pages = await measurePages(browser, bench, label);
    const form = await measureForm(browser, bench);
    const maxMs = pages.some((p) => p.medianMs === null)
      ? null
      : Math.max(...pages.map((p) => p.medianMs!));
    return {
      label,
      responses: await bench.feedback.FeedbackResponse.estimatedDocumentCount(),
      budgetMs,
      pages,
      maxMs,
      pass: maxMs !== null && maxMs < budgetMs,
      form,
    };
  } finally {
    await bench.close();
  }
}

/** What each kind of first visit loads before its page runs, and its budget (gzipped). */
const BUNDLES = [
  { name: "dashboard", entries: ["index.html"], budgetKb: BUNDLE_BUDGET_KB },
  ...["editions", "edition", "registration"].map((page) => ({
    name: `public /${page}`,
    entries: ["index.html", `src/pages/public/${page}.ts`],
    budgetKb: PUBLIC_BUDGET_KB,
  })),
  { name: "feedback form", entries: ["feedback.html"], budgetKb: PUBLIC_BUDGET_KB },
];

function build() {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  return BUNDLES.map(({ name, entries, budgetKb }) => {
    const size = initialJavaScript(path.join(ROOT, "dist/dashboard"), entries);
    return {
      name,
      rawBytes: size.raw,
      gzipBytes: size.gzip,
      files: size.files,
      budgetKb,
      pass: size.gzip / 1024 < budgetKb,
    };
  });
}

export async function runDashboardBenchmark(): Promise<void> {
  const started = performance.now();
  const large = largeSize();
  const largeLabel = sizeLabel(large);

  const bundles = build();
  const bundleLines = bundles
    .map(
      (b) =>
        `${b.name}: initial JavaScript ${(b.gzipBytes / 1024).toFixed(1)} kB gzipped (${(b.rawBytes / 1024).toFixed(1)} kB raw, ${b.files.length} files), budget < ${b.budgetKb} kB: ${b.pass ? "PASS" : "FAIL"}`,
    )
    .join("\n");
  console.log(bundleLines);

  const browser = await launchBrowser();
  let demo: DataSet;
  let big: DataSet;
  try {
    demo = await measureDataSet(browser, "demo", 2_000, async () => {}, { seedDemo: true });
    big = await measureDataSet(
      browser,
      largeLabel,
      3_000,
      async (bench) => {
        // Visits too, so that the visit pages have some; the responses are the analytics bench's.
        const visits = benchVisits();
        await insertBenchVisits(bench.visits, visits);
        const load = responseLoader(bench.feedback, visits, { withInvitations: false });
        await load(large);
      },
      { seedDemo: false },
    );
  } finally {
    await browser.close();
  }

  const ms = (n: number | null) => (n === null ? "—" : n.toFixed(0)).padStart(10);
  const verdict = (n: number | null, budget: number) =>
    n === null ? "NOT READY" : n < budget ? "PASS" : "FAIL";
  // Pages are the same in both sets but for the visit page, whose id differs.
  const rows = Math.max(demo.pages.length, big.pages.length);
  console.log(
    "\nnavigation to every chart drawn, median of %d runs after %d warm-ups (ms)",
    RUNS,
    WARM_UP,
  );
  console.log(
    `${"page".padEnd(16)}${"demo".padStart(10)}${largeLabel.padStart(10)}    budget        result`,
  );
  for (let i = 0; i < rows; i++) {
    const a = demo.pages[i];
    const b = big.pages[i];
    const name = (a ?? b)!.path.startsWith("/visits/") ? "/visits/<id>" : (a ?? b)!.path;
    const results = [
      a ? verdict(a.medianMs, demo.budgetMs) : "—",
      b ? verdict(b.medianMs, big.budgetMs) : "—",
    ];
    const result = results[0] === results[1] ? results[0] : results.join(" / ");
    console.log(
      `${name.padEnd(16)}${ms(a?.medianMs ?? null)}${ms(b?.medianMs ?? null)}    ${`${demo.budgetMs / 1000} s / ${big.budgetMs / 1000} s`.padEnd(14)}${result}`,
    );
  }
  for (const set of [demo, big]) {
    console.log(
      `${set.label} (${set.responses.toLocaleString("en")} responses): slowest page ${
        set.maxMs === null ? "— (a page was not ready)" : `${set.maxMs.toFixed(0)} ms`
      }, budget < ${set.budgetMs} ms: ${set.pass ? "PASS" : "FAIL"}`,
    );
  }
  for (const set of [demo, big]) {
    console.log(
      `${set.label}: feedback form answerable after ${set.form.medianMs.toFixed(0)} ms (median of ${RUNS}: ${set.form.runsMs.map((ms) => ms.toFixed(0)).join(", ")}), budget < ${set.form.budgetMs} ms: ${set.form.pass ? "PASS" : "FAIL"}`,
    );
  }
  console.log(bundleLines);

  const output = {
    benchmark: "dashboard",
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    warmUp: WARM_UP,
    runs: RUNS,
    readyTimeoutMs: READY_TIMEOUT_MS,
    bundles,
    dataSets: { demo, [largeLabel]: big },
    durationSeconds: Math.round((performance.now() - started) / 1000),
  };
  console.log(`results written to ${writeResults("dashboard", output)}`);
}
