import { type GraphQLSchema, Kind } from "graphql";

import { badInput } from "./errors.js";

/**
 * Makes `_entities` refuse malformed representations (not an object, a type this subgraph does
 * not resolve, a key field missing or not a string) as BAD_USER_INPUT before any reference
 * resolver runs; @apollo/subgraph would throw plain errors, masked as INTERNAL_SERVER_ERROR.
 */
export function checkRepresentations(schema: GraphQLSchema, entities: string[]): void {
  const field = schema.getQueryType()?.getFields()["_entities"];
  if (!field?.resolve) return;
  const keysByType = new Map(entities.map((name) => [name, keysOf(schema, name)]));
  const resolve = field.resolve;
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    args.representations.forEach((representation, index) => {
      const problem = problemWith(representation, keysByType);
      if (problem)
        throw badInput(`representations.${index}`, `representations.${index}: ${problem}`);
    });
    return resolve(source, args, context, info);
  };
}

function problemWith(representation: unknown, keysByType: Map<string, string[][]>) {
  if (
    representation === null ||
    typeof representation !== "object" ||
    Array.isArray(representation)
  )
    return "must be an object";
  const fields = representation as Record<string, unknown>;
  const keys = keysByType.get(fields["__typename"] as string);
  if (typeof fields["__typename"] !== "string" || !keys) {
    return `__typename must be one of ${[...keysByType.keys()].join(", ")}`;
  }
  // Every key of this schema is an ID or a String.
  const complete = keys.some((key) => key.every((name) => typeof fields[name] === "string"));
  if (!complete)
    return `a ${fields["__typename"]} needs ${keys.map((k) => k.join(" ")).join(" or ")}`;
  return undefined;
}

/** The field names of each `@key(fields: "…")` of the type. */
function keysOf(schema: GraphQLSchema, name: string): string[][] {
  const type = schema.getType(name);
  const nodes = [type?.astNode, ...(type?.extensionASTNodes ?? [])];
  const keys = nodes
    .flatMap((node) => node?.directives ?? [])
    .filter((d) => d.name.value === "key");
  return keys.map((key) => {
    const fields = key.arguments?.find((arg) => arg.name.value === "fields")?.value;
    return fields?.kind === Kind.STRING ? fields.value.trim().split(/\s+/) : [];
  });
}
