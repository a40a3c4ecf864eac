// `npm run bench -- [name]`: runs one benchmark by name, or all of them without a name.
const benchmarks: Record<string, () => Promise<void>> = {
  store: async () => (await import("./store.js")).runStoreBenchmark(),
  analytics: async () => (await import("./analytics.js")).runAnalyticsBenchmark(),
  "visits-page": async () => (await import("./visits-page.js")).runVisitsPageBenchmark(),
  "login-flood": async () => (await import("./login-flood.js")).runLoginFloodBenchmark(),
  dashboard: async () => (await import("./dashboard.js")).runDashboardBenchmark(),
};

const [name, ...extra] = process.argv.slice(2);
const names = Object.keys(benchmarks);

if (extra.length > 0 || (name !== undefined && !(name in benchmarks))) {
  console.error(`usage: npm run bench -- [${names.join("|")}]  (no name runs all)`);
  process.exit(2);
}

for (const selected of name === undefined ? names : [name]) {
  await benchmarks[selected]!();
}
