import type { IncomingMessage, ServerResponse } from "node:http";

import { StartupError } from "./errors.js";
import { type RouteHandler, sendError } from "./graphql/http.js";
import { newSecret, sameHash, sha256 } from "./secrets.js";

/** Sent on every request to a subgraph; Apollo Router and Hive Gateway can send it too. */
export const SUBGRAPH_SECRET_HEADER = "x-wizyty-gateway-secret";

/** How the gateway proves itself to subgraphs, and how a subgraph checks it. */
export interface SubgraphSecret {
  /** What this process sends: the first of SUBGRAPH_SECRET. */
  current: string;
  /** Whether `given` is any of SUBGRAPH_SECRET (rotation keeps the old one for a while). */
  accepts(given: string | undefined): boolean;
}

/**
 * SUBGRAPH_SECRET's values; without it a random secret for this process alone, which is enough
 * when the gateway and every subgraph run in it. A subgraph in a process of its own, or a
 * gateway that calls one, cannot do without.
 */
export function subgraphSecret(configured: string[], allInOneProcess: boolean): SubgraphSecret {
  if (!configured.length && !allInOneProcess) {
    throw new StartupError(
      "SUBGRAPH_SECRET must be set when subgraphs run in processes of their own (VISITS_URL, " +
        "FEEDBACK_URL, npm run start:<subgraph>): the same value, at least 32 characters, for the " +
        "gateway and every subgraph (`openssl rand -base64 48`)",
    );
  }
  const secrets = configured.length ? configured : [newSecret()];
  // Hashes of equal length let timingSafeEqual compare secrets of any length.
  const hashes = secrets.map(sha256);
  return {
    current: secrets[0]!,
    accepts(given) {
      if (given === undefined) return false;
      const hash = sha256(given);
      return hashes.reduce((found, known) => sameHash(known, hash) || found, false);
    },
  };
}

/** Answers 401 to every request that does not carry the secret, before reading its body. */
export function onlyForTheGateway(secret: SubgraphSecret, handler: RouteHandler): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers[SUBGRAPH_SECRET_HEADER];
    if (secret.accepts(Array.isArray(given) ? given[0] : given)) return handler(req, res);
    const message = `This subgraph answers only the gateway (header ${SUBGRAPH_SECRET_HEADER}).`;
    sendError(res, 401, message, "UNAUTHENTICATED");
  };
}
