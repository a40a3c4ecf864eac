import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import { Directive } from "type-graphql";

import { badInput } from "./errors.js";

@ObjectType({ description: "Relay page information." })
// Every subgraph defines the same PageInfo; federation merges shareable value types.
@Directive("@shareable")
export class PageInfo {
  @Field((_type) => Boolean)
  hasNextPage!: boolean;

  @Field((_type) => String, { nullable: true, description: "Pass as `after` for the next page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Counted when first read, so only when a client selects it: a count costs a command. */
  readonly totalCount: Promise<number>;
}

/** Builds `XConnection { edges { cursor node } pageInfo totalCount }` and `XEdge` for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field((_type) => String)
    cursor!: string;

    @Field((_type) => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field((_type) => [EdgeType])
    edges!: Edge<T>[];

    @Field((_type) => PageInfo)
    pageInfo!: PageInfo;

    @Field((_type) => Int, { description: "How many items match the filter, across all pages." })
    totalCount!: number;
  }
  return ConnectionClass;
}

export const MAX_PAGE = 100;

/** Checks `first` (1–100, default 20) for a connection argument. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw badInput("first", `first must be between 1 and ${MAX_PAGE}.`);
  }
  return size;
}

/** Cursors are opaque to clients: base64url of the sort key values. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === "string" || typeof v === "number")
    ) {
      return values as (string | number)[];
    }
  } catch {
    // falls through to the error below
  }
  throw badInput("after", "after is not a cursor this API gave out.");
}

/**
 * Turns `limit + 1` fetched items into a page: the extra one only tells whether more exist.
 * `count` runs only if `totalCount` is read, which GraphQL does only when it is selected.
 */
export function toConnection<T>(
  fetched: T[],
  limit: number,
  count: () => Promise<number>,
  cursorOf: (item: T) => string,
): Connection<T> {
  const items = fetched.slice(0, limit);
  const edges = items.map((node) => ({ node, cursor: cursorOf(node) }));
  let total: Promise<number> | undefined;
  return {
    edges,
    get totalCount() {
      return (total ??= count());
    },
    pageInfo: { hasNextPage: fetched.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
