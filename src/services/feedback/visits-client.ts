import { GraphQLError } from "graphql";

import type { SectorCode } from "../../reference/index.js";
import { CLIENT_ADDRESS_HEADER } from "../../shared/client-address.js";
import type { RequestInfo } from "../../shared/context.js";
import { serviceUnavailable } from "../../shared/graphql/errors.js";
import type { Logger } from "../../shared/logger.js";
import { SUBGRAPH_SECRET_HEADER, type SubgraphSecret } from "../../shared/subgraph-secret.js";

/** What issuing invitations needs to know about a visit, from the visits subgraph. */
export interface VisitForInvitations {
  id: string;
  title: string;
  programme: string;
  status: string;
  /** `YYYY-MM-DD`; analytics go by its month. */
  startDate: string;
  subregion: { code: string };
  stops: { order: number }[];
  registrations: {
    id: string;
    sector: SectorCode;
    institution: string;
    /** `erasedAt` set: name and e-mail are placeholders, and nobody is written to. */
    participant: { name: string; email: string; erasedAt?: string | null };
  }[];
}

export interface VisitsClient {
  /** The visit with its attendees; NOT_FOUND when there is no such visit. */
  attendees(visitId: string, caller: RequestInfo): Promise<VisitForInvitations>;
  /** Whether the visit exists (as far as the caller may see). */
  exists(visitId: string, caller: RequestInfo): Promise<boolean>;
}

const ATTENDEES = /* GraphQL */ `
  query FeedbackAttendees($id: ID!) {
    visit(id: $id) {
      id
      title
      programme
      status
      startDate
      subregion {
        code
      }
      stops {
        order
      }
      registrations(status: ATTENDED) {
        id
        sector
        institution
        participant {
          name
          email
          erasedAt
        }
      }
    }
  }
`;

const EXISTS = /* GraphQL */ `
  query FeedbackVisitExists($id: ID!) {
    visit(id: $id) {
      id
    }
  }
`;

/** Errors the visits subgraph raises that mean the same to our caller; they pass through. */
const PASSED_ON = new Set(["NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT"]);

const TIMEOUT_MS = 10_000;

/**
 * Calls the visits subgraph over HTTP, with the subgraph secret, on the caller's behalf (their
 * Authorization header, so visits applies its own rules to them). A failure that is not the
 * caller's to fix is logged here and reaches the client as a plain internal error, without URLs
 * or messages from inside.
 */
export function createVisitsClient(
  url: () => string | undefined,
  secret: SubgraphSecret,
  logger: Logger,
): VisitsClient {
  async function call<T>(query: string, visitId: string, caller: RequestInfo): Promise<T | null> {
    const target = url();
    let body: { data?: { visit?: T | null } | null; errors?: GraphQLErrorShape[] };
    try {
      if (!target) throw new Error("the visits subgraph has no URL");
      const response = await fetch(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-request-id": caller.requestId,
          // Whom visits records in its audit log: the client, not this subgraph.
          [CLIENT_ADDRESS_HEADER]: caller.clientAddress,
          [SUBGRAPH_SECRET_HEADER]: secret.current,
          ...(caller.authorization ? { authorization: caller.authorization } : {}),
        },
        body: JSON.stringify({ query, variables: { id: visitId } }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw unavailable(logger, caller, error);
    }
    const passed = body.errors?.find((e) => PASSED_ON.has(String(e.extensions?.["code"])));
    if (passed) {
      const extensions = { ...passed.extensions };
      // Visits names its own argument; ours is `visitId`.
      if (extensions["code"] === "BAD_USER_INPUT") extensions["field"] = "visitId";
      throw new GraphQLError(passed.message, { extensions });
    }
    if (body.errors?.length || !body.data) {
      throw unavailable(logger, caller, new Error(JSON.stringify(body.errors ?? body)));
    }
    return body.data.visit ?? null;
  }

  return {
    async attendees(visitId, caller) {
      const visit = await call<VisitForInvitations>(ATTENDEES, visitId, caller);
      if (!visit) throw visitNotFound(visitId);
      return visit;
    },
    async exists(visitId, caller) {
      return (await call<{ id: string }>(EXISTS, visitId, caller)) !== null;
    },
  };
}

interface GraphQLErrorShape {
  message: string;
  extensions?: Record<string, unknown>;
}

export function visitNotFound(visitId: string): GraphQLError {
  return new GraphQLError(`StudyVisit ${visitId} does not exist.`, {
    extensions: { code: "NOT_FOUND", entity: "StudyVisit", id: visitId },
  });
}

// The client learns only that it may retry; the cause stays in the log.
function unavailable(logger: Logger, caller: RequestInfo, cause: unknown): GraphQLError {
  logger.error("visits subgraph call failed", {
    requestId: caller.requestId,
    error: cause instanceof Error ? cause.message : String(cause),
  });
  return serviceUnavailable("The visits service did not answer; try again later.");
}
