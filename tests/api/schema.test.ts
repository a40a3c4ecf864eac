import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { composeSupergraph, emitSubgraphSdl } from "../../src/gateway/compose.js";
import { readSupergraph, sdlFile, SUBGRAPHS } from "../../src/gateway/index.js";

// The gateway serves the committed supergraph; a type changed without `npm run schema:emit`
// would be invisible to clients, so the committed files must equal a fresh build.
describe("committed schema", () => {
  it.each(SUBGRAPHS)("src/schema/%s SDL matches the subgraph's classes", async (name) => {
    // Arrange
    const committed = readFileSync(sdlFile(name), "utf8");

    // Act
    const fresh = (await emitSubgraphSdl())[name];

    // Assert
    expect(committed, "run `npm run schema:emit` and commit the result").toBe(fresh);
  });

  it("supergraph.graphql matches a fresh composition of the subgraphs", async () => {
    // Arrange
    const committed = readSupergraph();

    // Act
    const fresh = composeSupergraph(await emitSubgraphSdl());

    // Assert
    expect(committed, "run `npm run schema:emit` and commit the result").toBe(fresh);
  });
});
