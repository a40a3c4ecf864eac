import { GraphQLError } from "graphql";

import { notFound } from "../../shared/graphql/errors.js";

/** NOT_FOUND that also names the argument, so a form can mark the box that holds the id. */
export function notFoundAt(field: string, what: string, id: string): GraphQLError {
  const { message, extensions } = notFound(what, id);
  return new GraphQLError(message, { extensions: { ...extensions, field } });
}

/** Trims and collapses runs of whitespace, as typed into forms. */
export function trimmed(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

/** Escapes a client's search text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
