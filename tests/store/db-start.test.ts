// `npm run db:start`: the store alone in its own process, used by the official driver.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createInterface } from "node:readline";

import type { MongoServerError } from "mongodb";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";

import { socketUri } from "../../src/store/index.js";
import { realMongoUri, tempDir } from "../support/store.js";

const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--import", "tsx", "src/store/main.ts", ...args]);
  children.push(child);
  return child;
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
}

function exit(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(realMongoUri)("npm run db:start", () => {
  it("serves CRUD, aggregation, unique indexes and transactions, and stops on SIGTERM", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const child = startCli(["--port", "0", "--data-dir", dataDir]);
    const uri = await firstLine(child);
    const client = await new MongoClient(`${uri}wizyty`).connect();
    const people = client.db("wizyty").collection("people");

    await people.createIndex({ email: 1 }, { unique: true });
    await people.insertMany([
      { email: "a@x.pl", sector: "NGO" },
      { email: "b@x.pl", sector: "JST" },
    ]);
    await people.updateOne({ email: "b@x.pl" }, { $set: { sector: "NGO" } });
    const bySector = await people
      .aggregate([{ $group: { _id: "$sector", n: { $sum: 1 } } }])
      .toArray();
    const duplicate = await people.insertOne({ email: "a@x.pl" }).catch((e: unknown) => e);
    const session = client.startSession();
    await session.withTransaction(async () => {
      await people.deleteOne({ email: "a@x.pl" }, { session });
      await people.insertOne({ email: "c@x.pl" }, { session });
    });
    await session.endSession();
    const emails = (await people.find().sort({ email: 1 }).toArray()).map((p) => p.email);
    await client.close();
    const stopped = exit(child);
    child.kill("SIGTERM");

    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(bySector).toEqual([{ _id: "NGO", n: 2 }]);
    expect((duplicate as MongoServerError).code).toBe(11000);
    expect(emails).toEqual(["b@x.pl", "c@x.pl"]);
    expect((await stopped).code).toBe(0);
  });

  it("listens on the socket in --data-dir when no --port is given", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const child = startCli(["--data-dir", dataDir]);
    const uri = await firstLine(child);
    const client = await new MongoClient(uri).connect();
    const ping = await client.db("admin").command({ ping: 1 });
    await client.close();

    expect(uri).toBe(socketUri(dataDir));
    expect(ping.ok).toBe(1);
  });

  it("names --port when the port is taken", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = startCli(["--port", "0", "--data-dir", dataDir]);
    const port = new URL(await firstLine(first)).port;

    const otherDir = tempDir();
    dirs.push(otherDir);
    const second = startCli(["--port", port, "--data-dir", otherDir]);
    const { code, stderr } = await exit(second);

    expect(code).toBe(1);
    expect(stderr).toContain("--port");
  });
});
