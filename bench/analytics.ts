// `npm run bench -- analytics`: the dashboard's two heaviest queries, the overview and the
// theme matrix, through the gateway over HTTP, with 10k and then 1M feedback responses in the
// store. Dashboard queries read rollups, not responses, so their time should not grow with the
// number of responses: the ratio of the medians at 1M and at 10k must stay under 1.5.
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";

import { Role } from "../src/shared/auth.js";
import { benchVisits, responseLoader, startBenchSystem, timeQuery } from "./feedback-data.js";
import { median, writeResults } from "./support.js";

const SIZES = [10_000, 1_000_000] as const;
/** Unmeasured runs of each query before measuring (JIT, pools), then measured runs. */
const WARM_UP = 5;
const RUNS = 31;

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
  const bench = await startBenchSystem();
  try {
    const token = await bench.token(Role.ANALYST);
    const load = responseLoader(bench.feedback, benchVisits(), { withInvitations: false });
    const results: Record<string, { overviewMs: number; themeMatrixMs: number }> = {};
    for (const size of SIZES) {
      await load(size);
      results[String(size)] = await measure(bench.url, token);
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
    console.log(`results written to ${writeResults("analytics", output)}`);
  } finally {
    await bench.close();
  }
}
