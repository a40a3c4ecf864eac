import { isIP } from "node:net";

import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import {
  defaultFieldResolver,
  type DocumentNode,
  getNullableType,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLScalarType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { type MiddlewareFn, UseMiddleware } from "type-graphql";

import type { AuditLog, NewAuditEvent } from "./audit-log.js";
import { PENDING } from "./audit-log.js";
import { addressKey } from "./client-address.js";
import type { RequestInfo } from "./context.js";
import { serviceUnavailable } from "./graphql/errors.js";
import type { Logger } from "./logger.js";

/**
 * What one request's resolvers noted for the audit log; new for every request (in `RequestInfo`).
 * Only field names and ids go in, never values.
 */
export interface AuditNotes {
  /** `Type.field` of each personal-data field that answered something. */
  personalData: Set<string>;
  /** Ids of the objects that mutations returned. */
  entityIds: Set<string>;
}

export function newAuditNotes(): AuditNotes {
  return { personalData: new Set(), entityIds: new Set() };
}

// An event is a few hundred bytes; a bulk operation's thousand ids would not help anyone read it.
const MAX_IDS = 100;

/**
 * Marks a field that holds personal data (a name, an e-mail, words people wrote, a list of
 * people): a query that gets an answer from it is recorded as PERSONAL_DATA_ACCESS. Put it next
 * to the `@Authorized` that guards the field; an empty answer (null, [], no edges) is not noted.
 */
export function PersonalData(): ReturnType<typeof UseMiddleware> {
  return UseMiddleware(notePersonalData);
}

const notePersonalData: MiddlewareFn<RequestInfo> = async ({ context, info }, next) => {
  const result: unknown = await next();
  if (holdsSomething(result))
    context.audit.personalData.add(`${info.parentType.name}.${info.fieldName}`);
  return result;
};

function holdsSomething(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  const edges = (value as { edges?: unknown }).edges;
  return Array.isArray(edges) ? edges.length > 0 : true;
}

/**
 * Notes the ids of what every mutation returns (a new registration's id is in no argument).
 * Wraps the resolvers of the schema's Mutation fields in place, whatever they are, so a new
 * mutation is covered without being listed anywhere.
 */
export function noteMutationResults(schema: GraphQLSchema): void {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context: RequestInfo, info) => {
      const result: unknown = await resolve(source, args, context, info);
      for (const id of returnedIds(result)) context.audit.entityIds.add(id);
      return result;
    };
  }
}

/** `id` of the object (or of each in a list) and of the objects right inside it. */
function returnedIds(result: unknown): string[] {
  const objects = (Array.isArray(result) ? result : [result]).filter(isObject);
  const ids = objects.flatMap((object) => [
    idOf(object),
    ...Object.values(object).filter(isObject).map(idOf),
  ]);
  return ids.filter((id): id is string => id !== undefined).slice(0, MAX_IDS);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !(value instanceof Date);

const idOf = (object: Record<string, unknown>) =>
  typeof object["id"] === "string" ? object["id"] : undefined;

/** What an operation asks for: its root fields, and the ids its arguments name. */
export function operationSummary(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): { fields: string[]; entityIds: string[] } {
  const ids = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [operation, ...fragments]) {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Argument(argument) {
          const definition = typeInfo.getArgument();
          if (!definition) return;
          collectIds(
            definition.type,
            valueFromAST(argument.value, definition.type, variables),
            ids,
          );
        },
      }),
    );
  }
  return { fields: rootFields(operation.selectionSet), entityIds: [...ids].slice(0, MAX_IDS) };
}

function rootFields(selectionSet: SelectionSetNode): string[] {
  const names = selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet);
    return [];
  });
  return [...new Set(names)].filter((name) => name !== "__typename");
}

/**
 * Only ID-typed values are taken, at any depth of an input object, and the `id` key of the
 * gateway's entity representations: never a String, so no name, e-mail, text or token.
 */
function collectIds(type: GraphQLInputType, value: unknown, ids: Set<string>): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (nullable instanceof GraphQLList) {
    for (const item of Array.isArray(value) ? value : [value]) {
      collectIds(nullable.ofType as GraphQLInputType, item, ids);
    }
  } else if (nullable instanceof GraphQLInputObjectType) {
    if (typeof value !== "object") return;
    for (const [name, field] of Object.entries(nullable.getFields())) {
      collectIds(field.type, (value as Record<string, unknown>)[name], ids);
    }
  } else if (nullable instanceof GraphQLScalarType) {
    if (nullable.name === "ID" && (typeof value === "string" || typeof value === "number")) {
      ids.add(String(value));
    } else if (nullable.name === "_Any" && isObject(value) && idOf(value)) {
      ids.add(idOf(value)!);
    }
  }
}

/** The gateway names its subgraph calls `<client's name>__<subgraph>__<n>`. */
function clientOperationName(name: string | null | undefined): string | null {
  if (!name) return null;
  return /^(.+?)__[a-z]+__\d+$/.exec(name)?.[1] ?? name;
}

/**
 * A member of the public is recorded by network only (IPv4 /24, IPv6 /64): enough to see a
 * flood, not enough to single out a participant. Staff addresses are kept whole.
 */
function recordedAddress(address: string, signedIn: boolean): string {
  if (signedIn) return address;
  if (isIP(address) === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  return isIP(address) === 6 ? addressKey(address) : "unknown";
}

function outcomeOf(context: GraphQLRequestContext<RequestInfo>): string {
  const body = context.response.body;
  const result = body?.kind === "single" ? body.singleResult : body?.initialResult;
  const code = result?.errors?.[0]?.extensions?.["code"];
  return result?.errors?.length ? String(code ?? "INTERNAL_SERVER_ERROR") : "OK";
}

/**
 * The audit log's hook into a subgraph's Apollo Server. Every mutation (staff or public) is
 * recorded, and every staff query whose answer held a `@PersonalData` field.
 *
 * - A mutation's event is written before it runs (outcome PENDING) and completed before its
 *   answer is sent; when the first write fails the mutation is refused (SERVICE_UNAVAILABLE),
 *   so no change happens unrecorded, and a crash midway leaves a PENDING event.
 * - A query's event is written before its answer is sent; when that write fails the answer is
 *   withheld (SERVICE_UNAVAILABLE): no personal data leaves unrecorded.
 */
export function auditPlugin(
  log: AuditLog,
  subgraph: string,
  logger: Logger,
): ApolloServerPlugin<RequestInfo> {
  return {
    async requestDidStart() {
      const at = new Date();
      let pending: string | undefined;
      let event: NewAuditEvent | undefined;
      const describe = (context: GraphQLRequestContext<RequestInfo>): NewAuditEvent => {
        const { viewer, requestId, clientAddress } = context.contextValue;
        const operation = context.operation!;
        const summary = operationSummary(
          context.schema,
          context.document!,
          operation,
          context.request.variables,
        );
        return {
          at,
          kind: operation.operation === "mutation" ? "CHANGE" : "PERSONAL_DATA_ACCESS",
          userId: viewer?.userId ?? "anonymous",
          role: viewer?.role ?? null,
          operation: operation.operation,
          operationName: clientOperationName(context.operationName),
          ...summary,
          personalData: [],
          subgraph,
          requestId,
          clientAddress: recordedAddress(clientAddress, !!viewer),
          outcome: PENDING,
        };
      };
      return {
        async didResolveOperation(context) {
          if (context.operation?.operation !== "mutation") return;
          event = describe(context);
          try {
            pending = await log.record(event);
          } catch (error) {
            logger.error("audit log write failed; mutation refused", {
              requestId: event.requestId,
              error,
            });
            throw refused("change");
          }
        },
        async willSendResponse(context) {
          const notes = context.contextValue.audit;
          const personalData = [...notes.personalData].sort();
          if (pending && event) {
            const entityIds = [...new Set([...event.entityIds, ...notes.entityIds])];
            await log
              .complete(pending, {
                outcome: outcomeOf(context),
                entityIds: entityIds.slice(0, MAX_IDS),
                personalData,
              })
              .catch((error: unknown) => {
                // The change is made and its PENDING event is there: answer, and say so here.
                logger.error("audit log outcome not recorded", {
                  requestId: event!.requestId,
                  error,
                });
              });
            return;
          }
          // A registrant reading their own registration is no staff access.
          if (!context.operation || !personalData.length || !context.contextValue.viewer) return;
          const access = { ...describe(context), personalData, outcome: outcomeOf(context) };
          try {
            await log.record(access);
          } catch (error) {
            logger.error("audit log write failed; answer withheld", {
              requestId: access.requestId,
              error,
            });
            const error503 = refused("answer");
            context.response.body = {
              kind: "single",
              singleResult: {
                errors: [{ message: error503.message, extensions: error503.extensions }],
              },
            };
          }
        },
      };
    },
  };
}

function refused(what: "change" | "answer") {
  return serviceUnavailable(
    what === "change"
      ? "The audit log cannot be written, so no change is made now; try again later."
      : "The audit log cannot be written, so this personal data cannot be shown now; try again later.",
  );
}
