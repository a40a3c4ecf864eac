// The API explorer's schema, made when Vite builds: the API schema of the supergraph composed
// from the committed subgraph SDL (what clients can query, without federation's join__ and link
// machinery), so GraphiQL needs no introspection, which the gateway refuses by default.
import { fileURLToPath } from "node:url";

import type { Plugin } from "vite";

import { clientSdl } from "../src/gateway/composition.js";
import { readSubgraphSdl, sdlFile, SUBGRAPHS } from "../src/gateway/index.js";

const ID = "virtual:api-schema";
const RESOLVED = `\0${ID}`;

export function apiSchema(): Plugin {
  return {
    name: "wizyty-api-schema",
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      for (const name of SUBGRAPHS) this.addWatchFile(fileURLToPath(sdlFile(name)));
      return `export default ${JSON.stringify(clientSdl(readSubgraphSdl()))};`;
    },
  };
}
