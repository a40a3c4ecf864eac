import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run build (npm start's set-up)", () => {
  it("rebuilds nothing when nothing changed since the last build", () => {
    // Arrange: the suite's global set-up has just built everything.
    const files = ["dist/main.js", "dist/dashboard/index.html", "dist/dashboard/.inputs-hash"];
    const before = files.map((file) => statSync(`${root}/${file}`).mtimeMs);

    // Act
    const output = execFileSync("npm", ["run", "--silent", "build"], {
      cwd: root,
      encoding: "utf8",
    });

    // Assert
    expect(output).toMatch(/build: up to date/);
    expect(files.map((file) => statSync(`${root}/${file}`).mtimeMs)).toEqual(before);
  });
});
