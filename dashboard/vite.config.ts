import path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

import { apiSchema } from "./api-schema.js";

const root = path.dirname(fileURLToPath(import.meta.url));
// `npm run dev:dashboard` sends API calls to a running `npm start` (or `npm run dev`).
const gateway = process.env.WIZYTY_URL ?? "http://localhost:4000";

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  plugins: [apiSchema()],
  build: {
    outDir: path.join(root, "../dist/dashboard"),
    emptyOutDir: true,
    // The build script and the bench read the manifest to add up the initial JavaScript.
    manifest: true,
    target: "es2022",
    // Monaco alone is a 2.8 MB chunk of the API explorer; the dashboard's own size is held by
    // the initial-JavaScript budget the build script reports (scripts/dashboard-size.ts).
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: {
        dashboard: path.join(root, "index.html"),
        explorer: path.join(root, "explorer.html"),
        // The participant's feedback form (/feedback/<token>) and its service worker, which
        // must keep one unhashed name: src/web/feedback.ts serves it as /feedback/sw.js.
        feedback: path.join(root, "feedback.html"),
        "feedback-sw": path.join(root, "src/feedback/sw.ts"),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === "feedback-sw" ? "feedback-sw.js" : "assets/[name]-[hash].js",
      },
      // GraphiQL's dependencies mark their modules "use client" for React Server Components,
      // which a browser bundle does not need; the warning would repeat for each such module.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    proxy: { "/graphql": gateway, "/exports": gateway },
  },
  // The dev server's pre-bundler cannot follow GraphiQL's `?worker` imports of Monaco; leaving
  // GraphiQL's React package to Vite's own module pipeline makes both pages work in dev.
  optimizeDeps: { exclude: ["@graphiql/react"] },
});
