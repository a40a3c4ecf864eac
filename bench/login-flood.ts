// `npm run bench -- login-flood`: the service started as `npm start` starts it (its own process,
// NODE_ENV unset, the embedded store in a fresh data folder), then a participant opening a
// feedback form page (the HTML, its two assets, the feedbackForm query), measured alone and
// while 60 wrong logins for 60 accounts from 60 addresses arrive at once; and a staff member's
// correct login, alone and during the flood. Issue 8 asks for the page in under 1 s meanwhile.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

import { type Answer, client, feedbackLinkToken, type Gql, ok } from "./feedback-link.js";
import { children, median, ROOT, writeResults } from "./support.js";

const SECRET = "bench-secret-that-is-long-enough-for-hs256";
const FLOOD = 60;
/** Unmeasured page opens first (JIT, connections), then measured ones without the flood. */
const WARM_UP = 3;
const QUIET_RUNS = 10;
const STAFF = { email: "koordynatorka@mcps.example.pl", password: "poprawne hasło koordynatorki" };
const ADMIN = { email: "admin@mcps.example.pl", password: "poprawne hasło administratora" };

interface Service {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `src/main.ts` in a child process; resolves once it logs "graphql ready". */
async function startService(dataDir: string): Promise<Service> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    SEED_ON_START: "false",
    LOG_LEVEL: "info",
    // One proxy in front: the bench speaks for 60 clients through X-Forwarded-For.
    TRUST_PROXY: "1",
  };
  delete env["NODE_ENV"];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      children.delete(child);
      resolve();
    }),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let port: number | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "listening") port = entry.port;
      if (entry.msg === "graphql ready") resolve(`http://127.0.0.1:${port}`);
    });
    void exited.then(() => reject(new Error(`the service exited: ${stderr}`)));
  });
  return {
    baseUrl,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A coordinator (for the login flood's correct logins), and a past visit with one attendee:
 * returns that attendee's link token. The admin is made with `npm run user:create`, as users do.
 */
async function arrange(gql: Gql, dataDir: string): Promise<string> {
  execFileSync(
    "npm",
    [
      "run",
      "--silent",
      "user:create",
      "--",
      "--email",
      ADMIN.email,
      "--password",
      ADMIN.password,
      "--role",
      "ADMIN",
    ],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: "ignore" },
  );
  const signedIn = ok(
    await gql(
      /* GraphQL */ `
        mutation ($email: String!, $password: String!) {
          login(email: $email, password: $password) {
            token
          }
        }
      `,
      ADMIN,
    ),
    "login",
  ) as { login: { token: string } };
  const auth = { authorization: `Bearer ${signedIn.login.token}` };
  ok(
    await gql(
      /* GraphQL */ `
        mutation ($input: UserInput!) {
          createUser(input: $input) {
            id
          }
        }
      `,
      { input: { ...STAFF, role: "COORDINATOR" } },
      auth,
    ),
    "createUser",
  );
  return feedbackLinkToken(gql, auth);
}

const FORM = /* GraphQL */ `
  query ($token: String!) {
    feedbackForm(token: $token) {
      alreadySubmitted
      visit {
        title
      }
      form {
        version
      }
    }
  }
`;

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`;

interface PageOpen {
  /** GET /feedback/<token>. */
  htmlMs: number;
  /** The page's script and style sheet (named in its HTML), fetched side by side. */
  assetsMs: number;
  /** The feedbackForm query the page's script sends. */
  queryMs: number;
  /** Both, with the two assets in between, as a browser loads the page. */
  pageMs: number;
}

async function openPage(baseUrl: string, gql: Gql, token: string): Promise<PageOpen> {
  const started = performance.now();
  const html = await fetch(`${baseUrl}/feedback/${token}`);
  if (!html.ok) throw new Error(`GET /feedback/<token> answered ${html.status}`);
  const assets = [...(await html.text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)];
  const htmlMs = performance.now() - started;
  await Promise.all(
    assets.map(async ([, asset]) => {
      const response = await fetch(`${baseUrl}${asset}`);
      await response.arrayBuffer();
    }),
  );
  const queryStarted = performance.now();
  ok(await gql(FORM, { token }), "feedbackForm");
  const now = performance.now();
  return {
    htmlMs,
    assetsMs: queryStarted - started - htmlMs,
    queryMs: now - queryStarted,
    pageMs: now - started,
  };
}

/** A correct login, retried after `retryAfter` when refused as too many: time to a token. */
async function signIn(gql: Gql, from: string): Promise<{ ms: number; attempts: number }> {
  const started = performance.now();
  for (let attempts = 1; ; attempts++) {
    const answer = await gql(LOGIN, STAFF, { "x-forwarded-for": from });
    const error = answer.errors?.[0]?.extensions;
    if (!answer.errors) return { ms: performance.now() - started, attempts };
    if (error?.code !== "TOO_MANY_REQUESTS") throw new Error(JSON.stringify(answer.errors));
    await new Promise((resolve) => setTimeout(resolve, (error.retryAfter ?? 1) * 1000));
  }
}

function summary(opens: PageOpen[]) {
  const of = (key: keyof PageOpen) => {
    const values = opens.map((open) => open[key]);
    return { medianMs: round(median(values)), maxMs: round(Math.max(...values)) };
  };
  return {
    runs: opens.length,
    html: of("htmlMs"),
    assets: of("assetsMs"),
    query: of("queryMs"),
    page: of("pageMs"),
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Sends `count` requests made by `request` at once, and opens the form page one time after
 * another until all of them have their answer.
 */
async function underLoad(
  baseUrl: string,
  gql: Gql,
  token: string,
  request: (i: number) => Promise<Answer>,
) {
  const started = performance.now();
  const answers = Array.from({ length: FLOOD }, (_, i) =>
    request(i).then((answer) => ({
      code: answer.errors?.[0]?.extensions?.code ?? "OK",
      ms: performance.now() - started,
    })),
  );
  let waiting = true;
  const settled = Promise.all(answers).finally(() => (waiting = false));
  const opens: PageOpen[] = [];
  const openedAt: number[] = [];
  while (waiting || opens.length === 0) {
    openedAt.push(performance.now() - started);
    opens.push(await openPage(baseUrl, gql, token));
  }
  const outcomes = await settled;
  const codes: Record<string, number> = {};
  for (const { code } of outcomes) codes[code] = (codes[code] ?? 0) + 1;
  const refusals = outcomes.filter((o) => o.code === "TOO_MANY_REQUESTS").map((o) => o.ms);
  return {
    ...summary(opens),
    answers: codes,
    lastRefusalMs: round(Math.max(0, ...refusals)),
    lastAnswerMs: round(Math.max(...outcomes.map((o) => o.ms))),
    /** [ms after the burst began, page total ms] of each page open. */
    timeline: opens.map((open, i) => [round(openedAt[i]!), round(open.pageMs)]),
  };
}

export async function runLoginFloodBenchmark(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "wizyty-bench-"));
  let service: Service | undefined;
  try {
    process.stderr.write("starting the service (src/main.ts, NODE_ENV unset)… ");
    service = await startService(dataDir);
    process.stderr.write("ready\n");
    const { baseUrl } = service;
    const gql = client(baseUrl);
    const token = await arrange(gql, dataDir);

    for (let i = 0; i < WARM_UP; i++) await openPage(baseUrl, gql, token);
    const quiet: PageOpen[] = [];
    for (let i = 0; i < QUIET_RUNS; i++) quiet.push(await openPage(baseUrl, gql, token));
    const quietLogin = await signIn(gql, "192.0.2.1");

    // A control: 60 of the cheapest anonymous queries at once, which cost the service's one
    // thread what 60 requests cost but no password check. Then the flood: 60 wrong logins for
    // 60 accounts from 60 addresses at once, and a staff member signing in meanwhile.
    const control = await underLoad(baseUrl, gql, token, () =>
      gql(/* GraphQL */ `
        {
          registrationConsent {
            version
          }
        }
      `),
    );
    let floodLogin: Promise<{ ms: number; attempts: number }> | undefined;
    const flood = await underLoad(baseUrl, gql, token, (i) => {
      floodLogin ??= signIn(gql, "192.0.2.2");
      return gql(
        LOGIN,
        { email: `osoba.${i}@example.pl`, password: "zgadywane hasło" },
        { "x-forwarded-for": `203.0.113.${i + 1}` },
      );
    });
    const login = await floodLogin!;

    const result = {
      benchmark: "login-flood",
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      withoutFlood: {
        ...summary(quiet),
        correctLogin: { ...quietLogin, ms: round(quietLogin.ms) },
      },
      during60CheapQueries: control,
      duringFlood: { ...flood, correctLogin: { ...login, ms: round(login.ms) } },
    };

    const row = (label: string, s: ReturnType<typeof summary>) =>
      `${label.padEnd(18)}${[s.html, s.assets, s.query, s.page]
        .map((m) => `${m.medianMs.toFixed(0)} / ${m.maxMs.toFixed(0)}`.padStart(14))
        .join("")}`;
    console.log(`\nfeedback form page, median / max (ms)`);
    console.log(
      `${"".padEnd(18)}${["GET page", "2 assets", "feedbackForm", "page total"].map((h) => h.padStart(14)).join("")}`,
    );
    console.log(row("alone", result.withoutFlood));
    console.log(row(`${FLOOD} cheap queries`, control));
    console.log(row(`${FLOOD} wrong logins`, flood));
    console.log(
      `correct login: ${result.withoutFlood.correctLogin.ms.toFixed(0)} ms alone, ${login.ms.toFixed(0)} ms during the flood (${login.attempts} attempt(s))`,
    );
    console.log(
      `answers: cheap queries ${JSON.stringify(control.answers)} within ${control.lastAnswerMs.toFixed(0)} ms; logins ${JSON.stringify(flood.answers)}, refusals within ${flood.lastRefusalMs.toFixed(0)} ms, the last answer after ${flood.lastAnswerMs.toFixed(0)} ms`,
    );
    const worst = flood.page.maxMs;
    console.log(
      `slowest page during the flood ${worst.toFixed(0)} ms (target < 1000): ${worst < 1000 ? "ok" : "TOO SLOW"}`,
    );

    console.log(`results written to ${writeResults("login-flood", result)}`);
    await service.stop();
    service = undefined;
  } finally {
    await service?.stop();
    for (const child of children) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}
