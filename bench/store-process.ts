// The embedded store alone, for bench/store.ts: `node --expose-gc --import tsx
// bench/store-process.ts <dataDir>` with an IPC channel. Prints the URI on the first line of
// stdout; answers the IPC message "memory" with its memory usage after a full garbage
// collection; closes the store and exits on SIGTERM.
import { startEmbeddedStore } from "../src/store/index.js";

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error("usage: node --expose-gc --import tsx bench/store-process.ts <dataDir> (with IPC)");
  process.exit(64);
}

const store = await startEmbeddedStore({ dataDir, port: 0 });
process.stdout.write(`${store.uri}\n`);

process.on("message", (message) => {
  if (message !== "memory") return;
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  process.send!({ collected: collect !== undefined, ...process.memoryUsage() });
});
process.once("SIGTERM", () => {
  void store.close().then(() => process.exit(0));
});
