import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemo } from "../../src/seed/index.js";
import { type CliResult, runCli } from "../support/cli.js";
import { feedbackDb } from "../support/feedback.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
  await seedDemo(t.system.database!, t.config, { today: new Date("2026-06-01T12:00:00Z") });
});
afterAll(() => t?.close());

/** `npm run analytics:rebuild` on the test store. */
function rebuild(): Promise<CliResult> {
  return runCli("analytics-rebuild.ts", [], {
    MONGODB_URI: t.store.uri,
    MONGODB_DB: t.config.dbName,
    DATA_DIR: t.config.dataDir,
  });
}

describe("npm run analytics:rebuild", () => {
  it("recounts the rollups from the raw data, reporting progress, and leaves them as they were", async () => {
    // Arrange: damage the rollups, as a bad import might.
    const rollups = feedbackDb(t).collection("feedbackRollups");
    const before = await rollups
      .find({}, { projection: { _id: 0 } })
      .sort({ grain: 1, subregion: 1, sector: 1, period: 1 })
      .toArray();
    await rollups.updateMany({}, { $inc: { responses: 1000 } });
    const responses = await feedbackDb(t).collection("feedbackResponses").countDocuments();

    // Act
    const result = await rebuild();

    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`responses: ${responses}/${responses}`);
    expect(result.stdout).toContain(`Rebuilt the feedback rollups from ${responses} responses`);
    const after = await rollups
      .find({}, { projection: { _id: 0 } })
      .sort({ grain: 1, subregion: 1, sector: 1, period: 1 })
      .toArray();
    expect(after).toEqual(before);
  });
});
