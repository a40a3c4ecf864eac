import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";

/** The codes clients may rely on; anything else reaches them as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "SERVICE_UNAVAILABLE",
  "TOO_MANY_REQUESTS",
  // Raised by Apollo Server itself before any resolver runs.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  // Limits of src/shared/graphql/limits.ts that are not validation rules.
  "REQUEST_TOO_LARGE",
  "RESPONSE_TOO_LARGE",
  "TIMEOUT",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** `field` is the argument path, e.g. `input.capacity`, so a form can mark the right box. */
export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}

export function unauthenticated(message = "Sign in to do this."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED" } });
}

export function forbidden(message = "Your role does not allow this."): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN" } });
}

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} does not exist.`, {
    extensions: { code: "NOT_FOUND", entity: what, id },
  });
}

/** `reason` tells the cases apart: FULL, ALREADY_USED, DUPLICATE, … */
export function conflict(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "CONFLICT", reason } });
}

/** Another service this one depends on did not answer; the client may retry later. */
export function serviceUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "SERVICE_UNAVAILABLE" } });
}

/** Refused for now, unchecked; `extensions.retryAfter` is how many whole seconds to wait. */
export function tooManyRequests(retryAfterMs: number): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GraphQLError(`Too many attempts; try again in ${retryAfter} s.`, {
    extensions: { code: "TOO_MANY_REQUESTS", retryAfter },
  });
}

/**
 * Lets known client errors through and masks everything else, whatever NODE_ENV says: a
 * database message or a stack trace tells an attacker more than it helps a client.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  _error: unknown,
): GraphQLFormattedError {
  const code = formatted.extensions?.["code"];
  if (typeof code !== "string" || !(ERROR_CODES as readonly string[]).includes(code)) {
    return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  // `response` and `serviceName` are the gateway's notes about a subgraph: internal addresses.
  const {
    stacktrace: _stack,
    response: _response,
    serviceName: _service,
    ...extensions
  } = formatted.extensions ?? {};
  return { ...formatted, extensions: { ...extensions, code } };
}
