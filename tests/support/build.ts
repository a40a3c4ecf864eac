// Vitest global set-up: the browser tests open the dashboard that `npm run build` puts in
// `dist/dashboard`. The build skips itself when nothing changed, so this costs a second then.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
}
