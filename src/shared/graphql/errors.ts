import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";

/** The codes clients may rely on; anything else reaches them as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  // Raised by Apollo Server itself before any resolver runs.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
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

function subgraphMessage(response: unknown): string | undefined {
  const body = (response as { body?: { errors?: { message?: unknown }[] } } | undefined)?.body;
  const message = body?.errors?.[0]?.message;
  return typeof message === "string" ? message : undefined;
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
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
  const {
    stacktrace: _stack,
    validationErrors,
    response,
    serviceName: _service,
    ...extensions
  } = formatted.extensions ?? {};
  if (Array.isArray(validationErrors)) return fromValidation(formatted, validationErrors);
  // A subgraph that refused the whole request: the gateway wraps its answer in `response`,
  // with the subgraph's URL; clients get the subgraph's own message and nothing internal.
  const message = subgraphMessage(response) ?? formatted.message;
  return { ...formatted, message, extensions: { ...extensions, code } };
}

// type-graphql's class-validator errors become one message naming the first bad field.
function fromValidation(
  formatted: GraphQLFormattedError,
  failures: ValidationFailure[],
): GraphQLFormattedError {
  const [field, message] = firstFailure(failures, []) ?? ["input", "Invalid input."];
  return {
    message: `${field}: ${message}`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "BAD_USER_INPUT", field },
  };
}

function firstFailure(failures: ValidationFailure[], path: string[]): [string, string] | undefined {
  for (const failure of failures) {
    const here = [...path, failure.property];
    const message = Object.values(failure.constraints ?? {})[0];
    if (message) return [here.join("."), message];
    const nested = firstFailure(failure.children ?? [], here);
    if (nested) return nested;
  }
  return undefined;
}
