import path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));
// `npm run dev:dashboard` sends API calls to a running `npm start` (or `npm run dev`).
const gateway = process.env.WIZYTY_URL ?? "http://localhost:4000";

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  build: {
    outDir: path.join(root, "../dist/dashboard"),
    emptyOutDir: true,
    // The build script and the bench read the manifest to add up the initial JavaScript.
    manifest: true,
    target: "es2022",
    rollupOptions: {
      input: {
        dashboard: path.join(root, "index.html"),
        explorer: path.join(root, "explorer.html"),
      },
    },
  },
  server: {
    proxy: { "/graphql": gateway, "/exports": gateway },
  },
});
