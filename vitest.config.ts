import { createRequire } from "node:module";

import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql for all: Vite would give our files graphql's ESM build while type-graphql and
    // Apollo load its CommonJS one, and a scalar (such as Date) from one is rejected by the other.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    environment: "node",
    // type-graphql reads decorator metadata through this polyfill.
    setupFiles: ["reflect-metadata"],
    globalSetup: ["tests/support/build.ts"],
    include: ["tests/**/*.test.ts"],
    // Tests start real servers and child processes; forks isolate their handles and signals.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
