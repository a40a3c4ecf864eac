// `npm run bench -- analytics`: the dashboard's two heaviest queries, the overview and the
// theme matrix, through the gateway over HTTP, with 10k and then 1M feedback responses in the
// store. Dashboard queries read rollups, not responses, so their time should not grow with the
// number of responses: the ratio of the medians at 1M and at 10k must stay under 1.5.
import "reflect-metadata";

import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { fakerPL as faker } from "@faker-js/faker";
import { Types } from "mongoose";

import { loadConfig } from "../src/config.js";
import { registerFeedbackModels } from "../src/models/feedback/index.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS, THEMES } from "../src/reference/index.js";
import { createHttpServer } from "../src/server.js";
import { rebuildFeedbackRollups } from "../src/services/feedback/analytics-rollup.service.js";
import { createTokenService, Role } from "../src/shared/auth.js";
import { closeServer, listen } from "../src/shared/process.js";
import { clientRoutes, databaseName, startSystem } from "../src/system.js";
import { children, median, ROOT, startStore, step } from "./support.js";

const RESULTS = join(ROOT, "bench", "results", "analytics.json");
const SIZES = [10_000, 1_000_000] as const;
const BATCH = 5_000;
/** Unmeasured runs of each query before measuring (JIT, pools), then measured runs. */
const WARM_UP = 5;
const RUNS = 31;
const SECRET = "bench-secret-that-is-long-enough-for-hs256";
const PROGRAMME = "Koordynacja ekonomii społecznej na Mazowszu";

/**
 * Five years of visits across the nine subregions: the rollup key space (subregion × sector ×
 * programme × month) is 9 × 7 × 1 × 60 = 3,780 cells, which 10k responses already nearly fill,
 * as a region's first years would; a national decade adds volume, not new cells.
 */
const MONTHS = Array.from({ length: 60 }, (_, i) => {
  const year = 2021 + Math.floor(i / 12);
  return `${year}-${String((i % 12) + 1).padStart(2, "0")}`;
});
const VISITS = 4_000;

const OVERVIEW = /* GraphQL */ `
  query Overview {
    analyticsOverview {
      responses {
        value
        suppressed
      }
      ratings {
        question
        mean {
          value
          suppressed
        }
        distribution {
          value
          count {
            value
            suppressed
          }
        }
      }
      recommend {
        nps {
          value
          suppressed
        }
      }
      cooperation {
        shareYes {
          value
          suppressed
        }
      }
      themes {
        theme
        options {
          code
          count {
            value
            suppressed
          }
          share {
            value
            suppressed
          }
        }
      }
    }
  }
`;

const MATRIX = /* GraphQL */ `
  query Matrix {
    themeMatrix(theme: NEEDS, by: SECTOR) {
      rows {
        key
        respondents {
          value
          suppressed
        }
      }
      cells {
        count {
          value
          suppressed
        }
        share {
          value
          suppressed
        }
      }
    }
  }
`;

interface Visit {
  id: string;
  subregion: string;
  month: string;
}

function visits(): Visit[] {
  faker.seed(4);
  return Array.from({ length: VISITS }, () => ({
    id: new Types.ObjectId().toHexString(),
    subregion: faker.helpers.arrayElement(NUTS.subregions).code,
    month: faker.helpers.arrayElement(MONTHS),
  }));
}

const OPTIONS = THEMES.map((theme) => FEEDBACK_OPTIONS.themes[theme].options.map((o) => o.code));

function response(visit: Visit, formId: Types.ObjectId) {
  const rating = () => faker.number.int({ min: 1, max: 5 });
  return {
    _id: randomUUID(),
    visitId: visit.id,
    subregion: visit.subregion,
    sector: faker.helpers.arrayElement(SECTORS),
    programme: PROGRAMME,
    formId,
    formVersion: 1,
    visitMonth: visit.month,
    receivedOn: `${visit.month}-15`,
    answers: {
      ratings: { overall: rating(), organisation: rating() },
      stopRatings: [
        { order: 1, rating: rating() },
        { order: 2, rating: rating() },
      ],
      recommend: faker.number.int({ min: 0, max: 10 }),
      cooperationIntention: faker.helpers.arrayElement(["YES", "NO", "UNDECIDED"]),
      themes: THEMES.map((theme, t) => ({
        theme,
        optionCodes: faker.helpers.arrayElements(OPTIONS[t]!, { min: 0, max: 3 }),
        otherText: null,
      })),
      comment: null,
    },
  };
}

async function timeQuery(url: string, token: string, query: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  const elapsed = performance.now() - started;
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return elapsed;
}

async function measure(url: string, token: string) {
  for (let i = 0; i < WARM_UP; i++) {
    await timeQuery(url, token, OVERVIEW);
    await timeQuery(url, token, MATRIX);
  }
  const overview: number[] = [];
  const matrix: number[] = [];
  // Alternating, so that drift hits both queries alike.
  for (let i = 0; i < RUNS; i++) {
    overview.push(await timeQuery(url, token, OVERVIEW));
    matrix.push(await timeQuery(url, token, MATRIX));
  }
  return { overviewMs: median(overview), themeMatrixMs: median(matrix) };
}

export async function runAnalyticsBenchmark(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "wizyty-bench-"));
  let server: Server | undefined;
  let stopSystem: (() => Promise<void>) | undefined;
  try {
    const store = await startStore(dataDir);
    const config = loadConfig({
      MONGODB_URI: store.uri,
      MONGODB_DB: "bench",
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      SEED_ON_START: "false",
      LOG_LEVEL: "silent",
    });
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const system = await startSystem(config, silent);
    stopSystem = () => system.close();
    server = createHttpServer({ isReady: () => true, routes: clientRoutes(system) });
    const { port } = await listen(server, 0, "127.0.0.1");
    const url = `http://127.0.0.1:${port}/graphql`;
    const tokens = createTokenService(new TextEncoder().encode(SECRET), 600);
    const { token } = await tokens.sign({
      userId: "bench",
      email: "bench@example.pl",
      role: Role.ANALYST,
    });

    const db = system.database!.connection.useDb(databaseName(config, "feedback"), {
      useCache: true,
    });
    const models = registerFeedbackModels(db);
    const formId = new Types.ObjectId();
    const all = visits();
    faker.seed(2026);

    const results: Record<string, { overviewMs: number; themeMatrixMs: number }> = {};
    let inserted = 0;
    for (const size of SIZES) {
      await step(
        `insert responses up to ${size.toLocaleString("en")}`,
        size - inserted,
        async (advance) => {
          while (inserted < size) {
            const count = Math.min(BATCH, size - inserted);
            const batch = Array.from({ length: count }, () =>
              response(faker.helpers.arrayElement(all), formId),
            );
            await models.FeedbackResponse.collection.insertMany(batch as never[], {
              ordered: false,
            });
            inserted += count;
            advance(count);
          }
        },
      );
      await step(`rebuild rollups from ${size.toLocaleString("en")}`, size, async (advance) => {
        let last = 0;
        await rebuildFeedbackRollups(models, (done) => {
          advance(done - last);
          last = done;
        });
      });
      results[String(size)] = await measure(url, token);
    }

    const [small, large] = SIZES.map((size) => results[String(size)]!);
    const ratios = {
      overview: large!.overviewMs / small!.overviewMs,
      themeMatrix: large!.themeMatrixMs / small!.themeMatrixMs,
    };
    const ratio = Math.max(ratios.overview, ratios.themeMatrix);
    const ms = (n: number) => n.toFixed(1).padStart(9);
    console.log("\nanalytics through the gateway, median of %d runs (ms)", RUNS);
    console.log(`${"query".padEnd(16)}${"10k".padStart(9)}${"1M".padStart(9)}    1M/10k`);
    console.log(
      `${"overview".padEnd(16)}${ms(small!.overviewMs)}${ms(large!.overviewMs)}    ${ratios.overview.toFixed(2)}×`,
    );
    console.log(
      `${"theme matrix".padEnd(16)}${ms(small!.themeMatrixMs)}${ms(large!.themeMatrixMs)}    ${ratios.themeMatrix.toFixed(2)}×`,
    );
    console.log(`ratio ${ratio.toFixed(2)} (target < 1.5): ${ratio < 1.5 ? "flat" : "NOT FLAT"}`);

    mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
    const output = {
      benchmark: "analytics",
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      runs: RUNS,
      medians: results,
      ratios,
      ratio,
      durationSeconds: Math.round((performance.now() - started) / 1000),
    };
    writeFileSync(`${RESULTS}.tmp`, `${JSON.stringify(output, null, 2)}\n`);
    renameSync(`${RESULTS}.tmp`, RESULTS);
    console.log(`results written to ${RESULTS.slice(ROOT.length)}`);
    await closeServer(server);
    await system.close();
    stopSystem = undefined;
    await store.stop();
  } finally {
    if (server) await closeServer(server);
    await stopSystem?.();
    for (const child of children) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}
