import { type Connection, type InferSchemaType, Schema, type Types } from "mongoose";

import type { Config } from "../config.js";
import {
  type Connection as Page,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "./graphql/connection.js";
import { badInput } from "./graphql/errors.js";
import { objectId, trusted } from "./mongo.js";

/** A change (any mutation), or a query whose answer held personal data. */
export const AUDIT_KINDS = ["CHANGE", "PERSONAL_DATA_ACCESS"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Written for a mutation before it runs, and replaced by its outcome when it has one. */
export const PENDING = "PENDING";

/**
 * One audited request to one subgraph. Never a name, an e-mail, a free-text argument, a password
 * or a token: ids only (see `src/shared/audit.ts`, which decides what goes in).
 */
const auditEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    kind: { type: String, enum: AUDIT_KINDS, required: true },
    /** The staff user's id, or `anonymous`. */
    userId: { type: String, required: true },
    role: { type: String, default: null },
    /** `mutation` or `query`. */
    operation: { type: String, required: true },
    /** The client's operation name, when it gave one. */
    operationName: { type: String, default: null },
    /** Root fields asked for, e.g. `registerForVisit`, `visit`, `_entities`. */
    fields: { type: [String], default: [] },
    /** Ids in the arguments (ID-typed values only) and of the objects a mutation returned. */
    entityIds: { type: [String], default: [] },
    /** The personal-data fields the answer held, e.g. `Registration.participant`. */
    personalData: { type: [String], default: [] },
    personal: { type: Boolean, required: true },
    subgraph: { type: String, required: true },
    requestId: { type: String, required: true },
    /** As the gateway saw it; for anonymous callers only the network (IPv4 /24, IPv6 /64). */
    clientAddress: { type: String, required: true },
    /** `OK`, the first error's code, or PENDING while a mutation runs (or if it never ended). */
    outcome: { type: String, required: true },
  },
  { collection: "auditEvents", versionKey: false },
);
auditEventSchema.index({ at: -1, _id: -1 });
auditEventSchema.index({ userId: 1, at: -1 });
auditEventSchema.index({ entityIds: 1 });

type AuditEventDocument = InferSchemaType<typeof auditEventSchema> & { _id: Types.ObjectId };

export interface AuditEventRecord {
  id: string;
  at: Date;
  kind: AuditKind;
  userId: string;
  role: string | null;
  operation: string;
  operationName: string | null;
  fields: string[];
  entityIds: string[];
  personalData: string[];
  subgraph: string;
  requestId: string;
  clientAddress: string;
  outcome: string;
}

export type NewAuditEvent = Omit<AuditEventRecord, "id">;

export interface AuditFilterFields {
  userId?: string | null;
  kind?: AuditKind | null;
  entityId?: string | null;
  /** Only events that touched personal data (of either kind). */
  personalData?: boolean | null;
  /** From this instant on (inclusive). */
  from?: Date | null;
  /** Before this instant (exclusive). */
  to?: Date | null;
}

export interface AuditLog {
  /** Writes the event; resolves once the store has it. Returns its id. */
  record(event: NewAuditEvent): Promise<string>;
  /** Sets what became known after the operation ran (outcome, ids, personal data). */
  complete(
    id: string,
    update: Pick<AuditEventRecord, "outcome" | "entityIds" | "personalData">,
  ): Promise<void>;
  /** Newest first. */
  list(
    filter: AuditFilterFields,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<AuditEventRecord>>;
}

// Acknowledged only once on disk (journal) and, on a replica set, on most members: an event a
// client was answered after survives a crash. The embedded store commits to disk on every write.
const DURABLE = { w: "majority", j: true } as const;

/** Both subgraphs write to, and the visits subgraph reads, one database: `wizyty_audit`. */
export function auditDatabaseName(config: Pick<Config, "dbName">): string {
  return `${config.dbName}_audit`;
}

/** `connection` is the store's connection; the log takes its own database from it. */
export async function openAuditLog(
  connection: Connection,
  config: Pick<Config, "dbName">,
): Promise<AuditLog> {
  const db = connection.useDb(auditDatabaseName(config), { useCache: true });
  const AuditEvent = db.model("AuditEvent", auditEventSchema);
  await AuditEvent.init();
  return {
    async record(event) {
      const doc = new AuditEvent({ ...event, personal: event.personalData.length > 0 });
      await doc.save(DURABLE);
      return doc._id.toHexString();
    },
    async complete(id, update) {
      await AuditEvent.updateOne(
        { _id: objectId(id) },
        { $set: { ...update, personal: update.personalData.length > 0 } },
        { writeConcern: DURABLE },
      );
    },
    async list(filter, first, after) {
      const limit = pageSize(first);
      const match = matchOf(filter);
      const page: Record<string, unknown>[] = [match];
      if (after) {
        const [at, id] = decodeCursor(after, 2);
        const afterId = typeof id === "string" ? objectId(id) : undefined;
        if (typeof at !== "number" || !afterId) {
          throw badInput("after", "after is not a cursor this API gave out.");
        }
        const instant = new Date(at);
        page.push({
          $or: [{ at: trusted({ $lt: instant }) }, { at: instant, _id: trusted({ $lt: afterId }) }],
        });
      }
      const docs = await AuditEvent.find({ $and: page })
        .sort({ at: -1, _id: -1 })
        .limit(limit + 1)
        .lean<AuditEventDocument[]>();
      return toConnection(
        docs.map(toRecord),
        limit,
        () => AuditEvent.countDocuments(match).exec(),
        (e) => encodeCursor([e.at.getTime(), e.id]),
      );
    },
  };
}

function matchOf(filter: AuditFilterFields): Record<string, unknown> {
  const match: Record<string, unknown> = {};
  if (filter.userId) match["userId"] = filter.userId;
  if (filter.kind) match["kind"] = filter.kind;
  if (filter.entityId) match["entityIds"] = filter.entityId;
  if (filter.personalData !== null && filter.personalData !== undefined) {
    match["personal"] = filter.personalData;
  }
  const at: Record<string, Date> = {};
  if (filter.from) at["$gte"] = filter.from;
  if (filter.to) at["$lt"] = filter.to;
  if (filter.from || filter.to) match["at"] = trusted(at);
  return match;
}

function toRecord(doc: AuditEventDocument): AuditEventRecord {
  return {
    id: doc._id.toHexString(),
    at: doc.at,
    kind: doc.kind as AuditKind,
    userId: doc.userId,
    role: doc.role ?? null,
    operation: doc.operation,
    operationName: doc.operationName ?? null,
    fields: doc.fields,
    entityIds: doc.entityIds,
    personalData: doc.personalData,
    subgraph: doc.subgraph,
    requestId: doc.requestId,
    clientAddress: doc.clientAddress,
    outcome: doc.outcome,
  };
}
