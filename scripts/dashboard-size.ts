import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/**
 * The JavaScript a browser must load before the dashboard's first page runs: the entry chunk of
 * `index.html` (or another page, `feedback.html`) and everything it imports statically (pages
 * loaded on demand are not counted).
 */
export function initialJavaScript(
  out: string,
  entry = "index.html",
): { raw: number; gzip: number; files: string[] } {
  const manifest = JSON.parse(
    readFileSync(path.join(out, ".vite/manifest.json"), "utf8"),
  ) as Record<string, ManifestChunk>;
  const files = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(path.join(out, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: [...files] };
}
