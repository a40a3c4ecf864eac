import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";

/**
 * What one operation may ask for, checked before any resolver runs (and, at the gateway, before
 * any subgraph is called). Every operation in examples.graphql and the exports stays well inside
 * (tests/api/examples.test.ts): the largest has depth 6, cost 1333, 133 tokens, no aliases.
 */
export const LIMITS = {
  /** Nested fields (fragments do not count), `{ a { b } }` is 2. */
  depth: 8,
  aliases: 15,
  /** graphql-armor's cost: objects 2, scalars 1, ×1.5 per level, ×`first` when it is a literal. */
  cost: 5000,
  /** Lexical tokens of the document (names, punctuation, values). */
  tokens: 1000,
  directives: 10,
  /** Bytes of a request body; the largest real one is a feedback submission of a few KB. */
  requestBytes: 256 * 1024,
  /** Bytes of a JSON answer; a page of 100 visits with everything on it is a few hundred KB. */
  responseBytes: 8 * 1024 * 1024,
  /** Milliseconds from receiving the body to answering (subgraph calls included). */
  requestMs: 10_000,
} as const;

// A subgraph sees the gateway's subquery, which adds `__typename` and key fields to lists the
// gateway's check has already priced: headroom so that what the gateway accepts a subgraph does too.
const SUBGRAPH_COST_FACTOR = 2;

type ArmorOptions = Required<
  Pick<ApolloServerOptions<BaseContext>, "validationRules" | "plugins" | "parseOptions">
>;

/**
 * The checks for one Apollo Server. Refusals are GRAPHQL_VALIDATION_FAILED (HTTP 400) and
 * name the limit; a document over the token limit is GRAPHQL_PARSE_FAILED. "Did you mean …"
 * hints are removed from every error message.
 */
export function operationLimits(role: "gateway" | "subgraph"): ArmorOptions {
  const { plugins, validationRules } = new ApolloArmor({
    // `__schema` is exempt from depth and cost (its `ofType` chains are deep): it is refused
    // anyway unless GRAPHQL_INTROSPECTION is on, and then tools must be able to read the schema.
    maxDepth: { n: LIMITS.depth, flattenFragments: true, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.aliases },
    costLimit: {
      maxCost: role === "gateway" ? LIMITS.cost : LIMITS.cost * SUBGRAPH_COST_FACTOR,
      ignoreIntrospection: true,
    },
    maxDirectives: { n: LIMITS.directives },
    // graphql-js counts tokens while parsing (below): armor's own parser plugin throws from a
    // hook, which Apollo Server answers with HTTP 500.
    maxTokens: { enabled: false },
  }).protect();
  return {
    // armor's declarations name @apollo/server's CommonJS build; the plugins are the same objects.
    plugins: plugins as unknown as ApolloServerPlugin[],
    validationRules,
    parseOptions: { maxTokens: LIMITS.tokens },
  };
}
