import "reflect-metadata";

import { writeFile } from "node:fs/promises";

import { composeSupergraph, emitSubgraphSdl } from "./compose.js";
import { sdlFile, type SubgraphName, SUPERGRAPH_FILE } from "./index.js";

// `npm run schema:emit`: writes each subgraph's SDL and the composed supergraph, to commit.
const sdl = await emitSubgraphSdl();
for (const name of Object.keys(sdl) as SubgraphName[]) {
  await writeFile(sdlFile(name), sdl[name]);
}
await writeFile(SUPERGRAPH_FILE, composeSupergraph(sdl));
console.log("wrote src/schema/*/*.graphql and supergraph.graphql");
