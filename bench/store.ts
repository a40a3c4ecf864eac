// `npm run bench -- store`: the embedded store through the official driver and through mongoose
// side by side (inserts, point finds, a $group over 100k documents), and its resident memory per
// 100k small documents. The store runs in a child process (bench/store-process.ts); the clients
// run in this process and talk to it over TCP on 127.0.0.1.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";

import { BSON, MongoClient, ObjectId } from "mongodb";
import mongoose, { type PipelineStage } from "mongoose";

import {
  type Advance,
  children,
  median,
  resultsFile,
  ROOT,
  startStore,
  step,
  vmRss,
  writeResults,
} from "./support.js";

const DB = "bench";

/** Sizes chosen to keep the whole run well under three minutes on two cores. */
const SIZES = {
  singleInserts: 5_000,
  documents: 100_000,
  batch: 1_000,
  pointFinds: 10_000,
  /** Unmeasured operations of each kind before measuring, for the JIT and the pools. */
  warmUp: 300,
  /** Driver and mongoose take turns in this many rounds, so that drift hits both alike. */
  rounds: 6,
  groupRuns: 5,
};

const SECTORS = ["NGO", "JST", "COOP", "ZAZ", "OWES"] as const;

interface Person {
  _id: ObjectId;
  email: string;
  sector: (typeof SECTORS)[number];
  visits: number;
  createdAt: Date;
}

/** Small documents (about 100 bytes of BSON) with a unique `email`. */
function people(count: number, prefix: string): Person[] {
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => ({
    _id: new ObjectId(),
    email: `${prefix}${i}@example.org`,
    sector: SECTORS[i % SECTORS.length]!,
    visits: i % 17,
    createdAt: new Date(start + i * 60_000),
  }));
}

const copy = (person: Person): Person => ({ ...person });

const GROUP: PipelineStage[] = [
  {
    $group: {
      _id: "$sector",
      people: { $sum: 1 },
      visits: { $sum: "$visits" },
      averageVisits: { $avg: "$visits" },
      last: { $max: "$createdAt" },
    },
  },
  { $sort: { _id: 1 } },
];

// ---------------------------------------------------------------------------------------------
// The store process

function filesBytes(dataDir: string): number {
  let total = 0;
  for (const name of ["store.sqlite", "store.sqlite-wal"]) {
    try {
      total += statSync(join(dataDir, name)).size;
    } catch {
      // no WAL file after a clean close
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Progress and timing

type Operation = (i: number) => Promise<unknown>;

/**
 * Runs `count` operations of each client, one at a time, with operation indexes 0…count-1, after
 * `warmUp` unmeasured ones with indexes count…count+warmUp-1. The two take turns in `rounds`
 * chunks, starting alternately. Returns operations per second of each.
 */
async function alternate(
  count: number,
  warmUp: number,
  rounds: number,
  driver: Operation,
  viaMongoose: Operation,
  advance: Advance,
): Promise<{ driver: number; mongoose: number }> {
  const run = async (operation: Operation, from: number, to: number) => {
    const started = performance.now();
    for (let i = from; i < to; i++) {
      await operation(i);
      advance();
    }
    return performance.now() - started;
  };
  await run(driver, count, count + warmUp);
  await run(viaMongoose, count, count + warmUp);
  const elapsed = { driver: 0, mongoose: 0 };
  for (let round = 0; round < rounds; round++) {
    const from = Math.floor((round * count) / rounds);
    const to = Math.floor(((round + 1) * count) / rounds);
    const order =
      round % 2 === 0 ? (["driver", "mongoose"] as const) : (["mongoose", "driver"] as const);
    for (const who of order) {
      elapsed[who] += await run(who === "driver" ? driver : viaMongoose, from, to);
    }
  }
  return { driver: count / (elapsed.driver / 1000), mongoose: count / (elapsed.mongoose / 1000) };
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Row {
  measurement: string;
  unit: string;
  higherIsBetter: boolean;
  count: number;
  driver: number;
  mongoose: number;
  /** mongoose / driver */
  ratio: number;
}

function row(
  measurement: string,
  unit: string,
  count: number,
  figures: Record<"driver" | "mongoose", number>,
): Row {
  return {
    measurement,
    unit,
    higherIsBetter: unit !== "ms",
    count,
    driver: figures.driver,
    mongoose: figures.mongoose,
    ratio: figures.mongoose / figures.driver,
  };
}

async function compareClients(uri: string): Promise<Row[]> {
  const { singleInserts, documents, batch, pointFinds, warmUp, rounds, groupRuns } = SIZES;
  const client = await new MongoClient(`${uri}${DB}`).connect();
  const connection = await mongoose.createConnection(`${uri}${DB}`).asPromise();
  try {
    const schema = new mongoose.Schema(
      {
        email: { type: String, required: true, unique: true },
        sector: { type: String, enum: SECTORS, required: true },
        visits: { type: Number, default: 0 },
        createdAt: Date,
      },
      { versionKey: false },
    );
    const Person = connection.model("Person", schema, "people_mongoose");
    const Single = connection.model("Single", schema, "singles_mongoose");
    await Promise.all([Person.init(), Single.init()]);
    const driverPeople = client.db(DB).collection<Person>("people_driver");
    const driverSingles = client.db(DB).collection<Person>("singles_driver");
    await driverPeople.createIndex({ email: 1 }, { unique: true });
    await driverSingles.createIndex({ email: 1 }, { unique: true });
    const rows: Row[] = [];

    // Single inserts: each one is a SQLite commit (fsync) before the reply.
    const singles = people(singleInserts + warmUp, "single");
    const single = await step(
      `insertOne ×${singleInserts}`,
      2 * (singleInserts + warmUp),
      (advance) =>
        alternate(
          singleInserts,
          warmUp,
          rounds,
          (i) => driverSingles.insertOne(copy(singles[i]!)),
          (i) => Single.create(copy(singles[i]!)),
          advance,
        ),
    );
    rows.push(row("insert, one at a time", "docs/s", singleInserts, single));

    // Batched inserts: the 100k documents that the finds and the $group read afterwards.
    const dataset = people(documents, "person");
    const chunk = (b: number) => dataset.slice(b * batch, (b + 1) * batch).map(copy);
    const batches = await step(
      `insertMany ${documents / 1000}k, batches of ${batch}`,
      2 * (documents / batch),
      (advance) =>
        alternate(
          documents / batch,
          0, // the single inserts warmed this path up, and the dataset is exactly 100k
          rounds,
          (b) => driverPeople.insertMany(chunk(b)),
          (b) => Person.insertMany(chunk(b)),
          advance,
        ),
    );
    rows.push(
      row(`insert, insertMany ×${batch}`, "docs/s", documents, {
        driver: batches.driver * batch,
        mongoose: batches.mongoose * batch,
      }),
    );

    // Point finds of random documents among the 100k.
    const picks = Array.from(
      { length: pointFinds + warmUp },
      () => dataset[Math.floor(Math.random() * dataset.length)]!,
    );
    const found = (document: unknown) => {
      if (!document) throw new Error("a point find found nothing: the benchmark is broken");
    };
    const byId = await step(`find by _id ×${pointFinds}`, 2 * (pointFinds + warmUp), (advance) =>
      alternate(
        pointFinds,
        warmUp,
        rounds,
        async (i) => found(await driverPeople.findOne({ _id: picks[i]!._id })),
        async (i) => found(await Person.findById(picks[i]!._id).lean()),
        advance,
      ),
    );
    rows.push(row("find one by _id", "finds/s", pointFinds, byId));
    const byEmail = await step(
      `find by email ×${pointFinds}`,
      2 * (pointFinds + warmUp),
      (advance) =>
        alternate(
          pointFinds,
          warmUp,
          rounds,
          async (i) => found(await driverPeople.findOne({ email: picks[i]!.email })),
          async (i) => found(await Person.findOne({ email: picks[i]!.email }).lean()),
          advance,
        ),
    );
    rows.push(row("find one by unique email", "finds/s", pointFinds, byEmail));

    // $group over the 100k documents: one warm-up run each, then the median of alternate runs.
    const group = await step(
      `$group over ${documents / 1000}k ×${groupRuns}`,
      2 * (groupRuns + 1),
      async (advance) => {
        const runs = {
          driver: () => driverPeople.aggregate(GROUP).toArray(),
          mongoose: () => Person.aggregate(GROUP).exec(),
        };
        const results = { driver: await runs.driver(), mongoose: await runs.mongoose() };
        advance(2);
        if (
          !isDeepStrictEqual(results.driver, results.mongoose) ||
          results.driver.length !== SECTORS.length
        ) {
          throw new Error("the driver and mongoose $group results differ: the benchmark is broken");
        }
        const times = { driver: [] as number[], mongoose: [] as number[] };
        for (let run = 0; run < groupRuns; run++) {
          for (const who of run % 2 === 0
            ? (["driver", "mongoose"] as const)
            : (["mongoose", "driver"] as const)) {
            const started = performance.now();
            await runs[who]();
            times[who].push(performance.now() - started);
            advance();
          }
        }
        return { driver: median(times.driver), mongoose: median(times.mongoose) };
      },
    );
    rows.push(row(`$group over ${documents / 1000}k docs`, "ms", groupRuns, group));
    return rows;
  } finally {
    await connection.close();
    await client.close();
  }
}

interface Memory {
  method: string;
  documents: number;
  averageBsonBytes: number;
  /** Growth per 100k documents, in MiB. */
  rssAfterInsert: number;
  liveAfterInsert: number;
  rssAfterReload: number;
  liveAfterReload: number;
  diskMiB: number;
}

const MiB = 1024 * 1024;

/**
 * The store process's memory, after a full garbage collection, before and after it holds the
 * documents: once right after inserting them into a new store, once after a restart that loads
 * them back from disk.
 */
async function measureMemory(): Promise<Memory> {
  const { documents, batch } = SIZES;
  const dataDir = mkdtempSync(join(tmpdir(), "wizyty-bench-memory-"));
  const settle = () => sleep(500);
  try {
    const dataset = people(documents, "memory");

    let store = await startStore(dataDir);
    let client = await new MongoClient(`${store.uri}${DB}`).connect();
    let collection = client.db(DB).collection<Person>("people");
    await collection.createIndex({ email: 1 }, { unique: true });
    await settle();
    const empty = await store.memory();
    await step(`memory: insert ${documents / 1000}k, new store`, documents, async (advance) => {
      for (let b = 0; b < documents / batch; b++) {
        await collection.insertMany(dataset.slice(b * batch, (b + 1) * batch));
        advance(batch);
      }
    });
    await settle();
    const inserted = await store.memory();
    await client.close();
    await store.stop();

    store = await startStore(dataDir);
    client = await new MongoClient(`${store.uri}${DB}`).connect();
    collection = client.db(DB).collection<Person>("people");
    await settle();
    const reopened = await store.memory();
    const loaded = await step("memory: restart, load from disk", 1, async (advance) => {
      const count = await collection.countDocuments(); // a collection loads on first use
      advance();
      return count;
    });
    if (loaded !== documents) throw new Error(`loaded ${loaded} documents, not ${documents}`);
    await settle();
    const reloaded = await store.memory();
    await client.close();
    await store.stop();

    const per100k = (bytes: number) => bytes / MiB / (documents / 100_000);
    const bson = dataset.reduce((sum, p) => sum + BSON.calculateObjectSize(p), 0) / documents;
    return {
      method:
        vmRss(process.pid) === undefined
          ? "the store's child process: process.memoryUsage() after gc(), minus the same before loading"
          : "the store's child process: VmRSS (/proc/<pid>/status) after gc(), minus the same before loading",
      documents,
      averageBsonBytes: Math.round(bson),
      rssAfterInsert: per100k(inserted.rss - empty.rss),
      liveAfterInsert: per100k(inserted.live - empty.live),
      rssAfterReload: per100k(reloaded.rss - reopened.rss),
      liveAfterReload: per100k(reloaded.live - reopened.live),
      diskMiB: filesBytes(dataDir) / MiB,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Output

function table(rows: Row[]): string {
  const figure = (value: number, unit: string) =>
    unit === "ms" ? value.toFixed(1) : Math.round(value).toLocaleString("en-US");
  const header = ["measurement", "unit", "driver", "mongoose", "mongoose/driver"];
  const body = rows.map((r) => [
    r.measurement,
    `${r.unit} ${r.higherIsBetter ? "↑" : "↓"}`,
    figure(r.driver, r.unit),
    figure(r.mongoose, r.unit),
    `${r.ratio.toFixed(2)}×`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function report(rows: Row[], memory: Memory, seconds: number): string {
  const cpu = cpus();
  return [
    "",
    "Embedded store: official driver vs mongoose",
    `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? "cpu"}`,
    "store: a child process (bench/store-process.ts), temporary data folder on disk",
    "clients: this process, TCP to 127.0.0.1, one operation in flight, driver and mongoose in turns",
    "mongoose: Model.create and Model.insertMany (validating), findById/findOne(…).lean(), Model.aggregate",
    "",
    table(rows),
    "↑ higher is better, ↓ lower is better",
    "",
    `Store memory per 100k small documents (~${memory.averageBsonBytes} B of BSON each, unique index on email),`,
    `measured in ${memory.method}:`,
    `  right after inserting them:          RSS ${memory.rssAfterInsert.toFixed(1)} MiB, live heap + buffers ${memory.liveAfterInsert.toFixed(1)} MiB`,
    `  after a restart loading them (disk): RSS ${memory.rssAfterReload.toFixed(1)} MiB, live heap + buffers ${memory.liveAfterReload.toFixed(1)} MiB`,
    `  SQLite files after a clean stop:     ${memory.diskMiB.toFixed(1)} MiB`,
    "",
    `took ${seconds.toFixed(0)} s; results written to ${resultsFile("store").slice(ROOT.length)}`,
  ].join("\n");
}

export async function runStoreBenchmark(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "wizyty-bench-store-"));
  try {
    const store = await startStore(dataDir);
    const rows = await compareClients(store.uri);
    await store.stop();
    const memory = await measureMemory();
    const seconds = (performance.now() - started) / 1000;
    console.log(report(rows, memory, seconds));

    const results = {
      benchmark: "store",
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      setup: {
        store: "child process (bench/store-process.ts), temporary data folder",
        clients:
          "bench process, TCP to 127.0.0.1, one operation in flight, driver and mongoose in turns",
        sizes: SIZES,
      },
      rows,
      memoryPer100kMiB: memory,
      durationSeconds: Math.round(seconds),
    };
    writeResults("store", results);
  } finally {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}
