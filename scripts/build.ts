// `npm run build` (and so `npm start`): the server with `tsc -b`, which skips itself when no
// input changed, and the dashboard with Vite, skipped when the hash of its inputs is the one
// stamped on the last build. A second `npm start` with nothing changed rebuilds nothing.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { sdlFile, SUBGRAPHS } from "../src/gateway/index.js";
import { initialJavaScript } from "./dashboard-size.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = path.join(root, "dist/dashboard");
const stamp = path.join(out, ".inputs-hash");

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Every file the dashboard build reads: its sources, its reference data, the subgraphs' SDL (the
 * API explorer's schema, `dashboard/api-schema.ts`), the lock file.
 */
function inputsHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(path.relative(root, file)).update("\0").update(readFileSync(file));
    }
  };
  walk(path.join(root, "dashboard"));
  for (const name of SUBGRAPHS) hash.update(readFileSync(sdlFile(name)));
  hash.update(readFileSync(path.join(root, "package-lock.json")));
  return hash.digest("hex");
}

const started = Date.now();
run(process.execPath, [
  path.join(root, "node_modules/typescript/bin/tsc"),
  "-b",
  "tsconfig.build.json",
]);

const hash = inputsHash();
if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log(`build: up to date (${Date.now() - started} ms)`);
} else {
  // The build is what `npm start` serves, also when a test run asks for it: Vite follows
  // NODE_ENV, which vitest sets to "test", and would bundle React's development build.
  process.env.NODE_ENV = "production";
  const { build } = await import("vite");
  await build({ configFile: path.join(root, "dashboard/vite.config.ts"), logLevel: "warn" });
  writeFileSync(stamp, hash);
  const size = initialJavaScript(out);
  const form = initialJavaScript(out, ["feedback.html"]);
  console.log(
    `build: dashboard built in ${Date.now() - started} ms; initial JavaScript ${(size.gzip / 1024).toFixed(1)} kB gzipped (${(size.raw / 1024).toFixed(1)} kB raw, ${size.files.length} files); the feedback form's ${(form.gzip / 1024).toFixed(1)} kB gzipped`,
  );
}
