// Pieces every benchmark uses: the embedded store in a child process, progress bars, medians.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import { SingleBar } from "cli-progress";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
const STORE_PROCESS = fileURLToPath(new URL("./store-process.ts", import.meta.url));

/** Where a benchmark's results go (output, not committed). */
export function resultsFile(name: string): string {
  return join(ROOT, "bench", "results", `${name}.json`);
}

/**
 * Writes a benchmark's results whole (a temporary file, then renamed, so that a run cut short
 * leaves the previous results), and returns their path from the project root.
 */
export function writeResults(name: string, results: unknown): string {
  const file = resultsFile(name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file.slice(ROOT.length);
}

export interface MemoryUsage {
  /** VmRSS from /proc/<pid>/status, or process.memoryUsage().rss where there is no /proc. */
  rss: number;
  /** V8 heap in use plus memory outside it (Buffers), after a full garbage collection. */
  live: number;
}

export interface StoreProcess {
  uri: string;
  /** The store's memory after a full garbage collection. */
  memory(): Promise<MemoryUsage>;
  stop(): Promise<void>;
}

export const children = new Set<ChildProcess>();

export async function startStore(dataDir: string): Promise<StoreProcess> {
  const child = spawn(
    process.execPath,
    // 1M feedback responses held in memory need more than the default heap limit.
    ["--expose-gc", "--max-old-space-size=16384", "--import", "tsx", STORE_PROCESS, dataDir],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const uri = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    void exited.then((code) => reject(new Error(`the store exited with ${code}: ${stderr}`)));
  });
  return {
    uri,
    memory: () =>
      new Promise((resolve) => {
        child.once("message", (usage) => {
          const { rss, heapUsed, external } = usage as NodeJS.MemoryUsage;
          resolve({ rss: vmRss(child.pid!) ?? rss, live: heapUsed + external });
        });
        child.send("memory");
      }),
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resident memory of a process in bytes from /proc (Linux), or undefined elsewhere. */
export function vmRss(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export type Advance = (by?: number) => void;

/** Runs a long step with a progress bar on a terminal, or one line when stderr is not one. */
export async function step<T>(
  label: string,
  total: number,
  work: (advance: Advance) => Promise<T>,
) {
  const started = performance.now();
  const interactive = process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: `${label.padEnd(40)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
    barsize: 24,
    hideCursor: true,
  });
  if (interactive) bar.start(total, 0);
  else process.stderr.write(`${label}… `);
  try {
    return await work((by = 1) => interactive && bar.increment(by));
  } finally {
    if (interactive) bar.stop();
    else process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
}
