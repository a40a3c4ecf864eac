import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

import { GraphQLError } from "graphql";

import { type AuditNotes, newAuditNotes } from "./audit.js";
import { type TokenService, type Viewer, viewerFromHeader } from "./auth.js";
import { CLIENT_ADDRESS_HEADER, normaliseAddress, peerAddress } from "./client-address.js";

/** What every subgraph knows about a request; each subgraph adds its loaders and services. */
export interface RequestInfo {
  viewer: Viewer | undefined;
  /** From `x-request-id` (the gateway forwards it) or made up here; appears in logs. */
  requestId: string;
  /** Forwarded as-is when this subgraph calls another on the caller's behalf. */
  authorization: string | undefined;
  /** Whom the request comes from, for per-address limits (see `clientAddressOf`). */
  clientAddress: string;
  /** What the resolvers note for the audit log (see `src/shared/audit.ts`). */
  audit: AuditNotes;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's `x-request-id` when it is a sane token, otherwise a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = header(req, "x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export async function requestInfo(
  req: IncomingMessage,
  tokens: TokenService,
): Promise<RequestInfo> {
  const authorization = header(req, "authorization");
  return {
    viewer: await viewerFromHeader(tokens, authorization).catch(asHttp401),
    requestId: requestIdOf(req),
    authorization,
    clientAddress: clientAddressOf(req),
    audit: newAuditNotes(),
  };
}

/**
 * The gateway's `x-wizyty-client-address`, else the TCP peer. Only requests that carry the
 * subgraph secret get this far (`onlyForTheGateway` answers every other one with 401), so what
 * the header says comes from the gateway: a client cannot choose the address it is counted as.
 */
function clientAddressOf(req: IncomingMessage): string {
  return normaliseAddress(header(req, CLIENT_ADDRESS_HEADER) ?? "") || peerAddress(req);
}

// A bad token fails the whole request. 401 lets the gateway report UNAUTHENTICATED (it reads the
// status, not the body, of a failed subgraph request) and lets clients of a subgraph alone see it.
function asHttp401(error: unknown): never {
  if (!(error instanceof GraphQLError)) throw error;
  throw new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status: 401 } },
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
