import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    // type-graphql reads decorator metadata through this polyfill.
    setupFiles: ["reflect-metadata"],
    include: ["tests/**/*.test.ts"],
    // Tests start real servers and child processes; forks isolate their handles and signals.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
