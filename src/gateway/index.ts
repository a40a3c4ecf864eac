import { readFileSync } from "node:fs";

/** The subgraphs the gateway composes, in the order they appear in the supergraph. */
export const SUBGRAPHS = ["visits", "feedback"] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

/**
 * Where each subgraph listens when started alone with its documented port; the committed
 * supergraph carries these, and `VISITS_URL` / `FEEDBACK_URL` override them.
 */
export const DEFAULT_SUBGRAPH_URLS: Record<SubgraphName, string> = {
  visits: "http://127.0.0.1:4001/graphql",
  feedback: "http://127.0.0.1:4002/graphql",
};

export const SUPERGRAPH_FILE = new URL("../../supergraph.graphql", import.meta.url);

/** Each subgraph's emitted SDL, committed next to its type classes. */
export function sdlFile(name: SubgraphName): URL {
  return new URL(`../../src/schema/${name}/${name}.graphql`, import.meta.url);
}

export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_FILE, "utf8");
}

/** Each subgraph's committed SDL (what `npm run schema:emit` last wrote). */
export function readSubgraphSdl(): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPHS.map((name) => [name, readFileSync(sdlFile(name), "utf8")]),
  ) as Record<SubgraphName, string>;
}
