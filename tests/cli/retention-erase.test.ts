import { rmSync } from "node:fs";

import { ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { connectDatabase } from "../../src/shared/database.js";
import { type CliResult, runCli } from "../support/cli.js";
import { realMongoUri, tempDir } from "../support/store.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createVisit, markAttended, organiserDay, register } from "../support/visits.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

/** `npm run retention:erase -- …` on the test store. */
function retentionErase(...args: (string | NodeJS.ProcessEnv)[]): Promise<CliResult> {
  const env = args.find((arg) => typeof arg === "object") ?? {};
  const options = args.filter((arg) => typeof arg === "string");
  return runCli("retention-erase.ts", options, {
    MONGODB_URI: t.store.uri,
    MONGODB_DB: t.config.dbName,
    DATA_DIR: t.config.dataDir,
    RETENTION_MONTHS: "24",
    LOG_LEVEL: "silent",
    ...env,
  });
}

const participants = () =>
  t.store.client.db(`${t.config.dbName}_visits`).collection("participants");
const registrations = () =>
  t.store.client.db(`${t.config.dbName}_visits`).collection("registrations");

describe("npm run retention:erase", () => {
  it("erases, once, the personal data of people whose last visit ended RETENTION_MONTHS ago, and says so", async () => {
    // Arrange: one person last seen in 2017, one also registered for a visit next month, and
    // one registered only for that one.
    const old = await createVisit(t, { startDate: "2017-08-23", endDate: "2017-08-24" });
    const soon = await createVisit(t, { startDate: organiserDay(30), endDate: organiserDay(31) });
    const gone = { name: "Ewa Dawnowska", email: "ewa.dawnowska@example.pl" };
    const back = { name: "Olga Powracająca", email: "olga.powracajaca@example.pl" };
    const { registration } = await register(t, old, {
      ...gone,
      institution: "Stowarzyszenie Dawne",
    });
    await markAttended(t, registration.id);
    await register(t, old, back);
    await register(t, soon, back);
    await register(t, soon, { name: "Nina Nowa", email: "nina.nowa@example.pl" });
    const statusesBefore = await registrations()
      .find({}, { projection: { status: 1, sector: 1, visit: 1 } })
      .toArray();

    // Act
    const dryRun = await retentionErase("--dry-run");
    const afterDryRun = await participants().findOne({ email: gone.email });
    const run = await retentionErase();
    const again = await retentionErase();

    // Assert
    expect(dryRun.stderr).toBe("");
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/Dry run: would erase the personal data of 1 participant\(s\)/);
    expect(afterDryRun).toMatchObject({ name: gone.name, erasedAt: null });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Erased the personal data of 1 participant\(s\) whose last visit ended before \d{4}-\d{2}-\d{2} \(RETENTION_MONTHS=24\): [0-9a-f]{24}; 1 registration\(s\) updated/,
    );
    expect(run.stdout).not.toContain(gone.email);
    expect(await participants().countDocuments({ email: gone.email })).toBe(0);
    const row = await registrations().findOne({ _id: new ObjectId(registration.id) });
    const erased = await participants().findOne({ _id: row!["participant"] as ObjectId });
    expect(erased).toMatchObject({
      name: "—",
      institution: "—",
      gender: "WOMAN",
      sector: "LABOUR_OFFICE",
    });
    expect(await participants().findOne({ email: back.email })).toMatchObject({ name: back.name });
    expect(
      await registrations()
        .find({}, { projection: { status: 1, sector: 1, visit: 1 } })
        .toArray(),
    ).toEqual(statusesBefore);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Erased the personal data of 0 participant\(s\)/);
  });

  it.skipIf(realMongoUri)(
    "runs through the running service's socket while the service holds DATA_DIR",
    async () => {
      // Arrange
      const serviceDir = tempDir();
      const service = await connectDatabase({
        mongodbUri: undefined,
        dbName: t.config.dbName,
        dataDir: serviceDir,
        storePort: undefined,
      });

      try {
        // Act
        const result = await retentionErase({ MONGODB_URI: "", DATA_DIR: serviceDir });

        // Assert
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/Erased the personal data of 0 participant\(s\)/);
      } finally {
        await service.close();
        rmSync(serviceDir, { recursive: true, force: true });
      }
    },
  );

  it("refuses an unknown option with the usage", async () => {
    // Act
    const result = await retentionErase("--dryrun");

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage: npm run retention:erase/);
  });
});
