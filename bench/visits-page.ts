// `npm run bench -- visits-page`: a staff page of 50 visits through the gateway over HTTP, with
// and without the feedback counts (`responseCount`, `invitationCount`), at 10k and then 1M
// responses (each with its invitation) in the store. The counts read the visit rollups, so a
// page should cost the same whatever the number of responses: the ratio of the medians at 1M
// and at 10k should stay near 1.
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";

import { Role } from "../src/shared/auth.js";
import {
  benchVisits,
  insertBenchVisits,
  responseLoader,
  startBenchSystem,
  timeQuery,
} from "./feedback-data.js";
import { median, writeResults } from "./support.js";

const SIZES = [10_000, 1_000_000] as const;
const WARM_UP = 10;
const RUNS = 61;

const page = (fields: string) => /* GraphQL */ `
  query VisitsPage {
    visits(first: 50) {
      edges {
        node {
          id
          title
          startDate
          status
          registeredCount
          ${fields}
        }
      }
    }
  }
`;
const WITH_COUNTS = page("responseCount invitationCount");
const WITHOUT_COUNTS = page("");

interface Figures {
  medianMs: number;
  requestsPerSecond: number;
}

async function measure(url: string, token: string) {
  for (let i = 0; i < WARM_UP; i++) {
    await timeQuery(url, token, WITH_COUNTS);
    await timeQuery(url, token, WITHOUT_COUNTS);
  }
  const times = { withCounts: [] as number[], withoutCounts: [] as number[] };
  // Alternating, so that drift hits both pages alike.
  for (let i = 0; i < RUNS; i++) {
    times.withCounts.push(await timeQuery(url, token, WITH_COUNTS));
    times.withoutCounts.push(await timeQuery(url, token, WITHOUT_COUNTS));
  }
  const figures = (ms: number[]): Figures => ({
    medianMs: median(ms),
    // One request at a time, as one dashboard user pages.
    requestsPerSecond: (1000 * ms.length) / ms.reduce((a, b) => a + b, 0),
  });
  return { withCounts: figures(times.withCounts), withoutCounts: figures(times.withoutCounts) };
}

export async function runVisitsPageBenchmark(): Promise<void> {
  const started = performance.now();
  const bench = await startBenchSystem();
  try {
    const token = await bench.token(Role.COORDINATOR);
    const visits = benchVisits();
    await insertBenchVisits(bench.visits, visits);
    const load = responseLoader(bench.feedback, visits, { withInvitations: true });
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const size of SIZES) {
      await load(size);
      results[String(size)] = await measure(bench.url, token);
    }

    const [small, large] = SIZES.map((size) => results[String(size)]!);
    const ratios = {
      withCounts: large!.withCounts.medianMs / small!.withCounts.medianMs,
      withoutCounts: large!.withoutCounts.medianMs / small!.withoutCounts.medianMs,
    };
    const row = (label: string, a: Figures, b: Figures, ratio: number) =>
      `${label.padEnd(18)}${a.medianMs.toFixed(1).padStart(8)}${a.requestsPerSecond.toFixed(1).padStart(8)}` +
      `${b.medianMs.toFixed(1).padStart(8)}${b.requestsPerSecond.toFixed(1).padStart(8)}    ${ratio.toFixed(2)}×`;
    console.log("\na staff page of 50 visits through the gateway, %d runs each", RUNS);
    console.log(
      `${"page".padEnd(18)}${"10k ms".padStart(8)}${"req/s".padStart(8)}${"1M ms".padStart(8)}${"req/s".padStart(8)}    1M/10k`,
    );
    console.log(row("with counts", small!.withCounts, large!.withCounts, ratios.withCounts));
    console.log(
      row("without counts", small!.withoutCounts, large!.withoutCounts, ratios.withoutCounts),
    );
    console.log(
      `ratio with counts ${ratios.withCounts.toFixed(2)} (target ≈ 1): ${ratios.withCounts < 1.5 ? "flat" : "NOT FLAT"}`,
    );

    const output = {
      benchmark: "visits-page",
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      visits: visits.length,
      pageSize: 50,
      runs: RUNS,
      results,
      ratios,
      durationSeconds: Math.round((performance.now() - started) / 1000),
    };
    console.log(`results written to ${writeResults("visits-page", output)}`);
  } finally {
    await bench.close();
  }
}
