import { type Document, ObjectId } from "bson";

import type { Catalog } from "../engine/catalog.js";
import type { Writer } from "../engine/writer.js";
import { badValue, ErrorCode, MongoServerError, notSupported, typeMismatch } from "../errors.js";
import type { Cursors } from "./cursors.js";

/** Everything a command handler may use. */
export interface CommandContext {
  command: Document;
  db: string;
  catalog: Catalog;
  cursors: Cursors;
  /** Where reads and writes go: the transaction's overlay, or the command's unit of work. */
  writer: Writer;
  inTransaction: boolean;
  connectionId: number;
  /** `host:port` the store advertises to drivers. */
  address: string;
}

export type Handler = (context: CommandContext) => Document;

/** The collection name a command names in its first field. */
export function collectionName(context: CommandContext): string {
  const [name] = Object.keys(context.command);
  const value = context.command[name!];
  if (typeof value !== "string" || value.length === 0) {
    throw new MongoServerError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${value === null ? "null" : typeof value}`,
    );
  }
  return value;
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw typeMismatch(
      `BSON field '${field}' is the wrong type '${typeof value}', expected type 'object'`,
    );
  }
  return value as Document;
}

export function optionalArray(command: Document, field: string): Document[] | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw typeMismatch(
      `BSON field '${field}' is the wrong type '${typeof value}', expected type 'array'`,
    );
  }
  return value as Document[];
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === "number" ? value : Number(value?.valueOf?.());
  if (!Number.isFinite(number)) {
    throw typeMismatch(`BSON field '${field}' is the wrong type, expected a number`);
  }
  return number;
}

/** Options the store does not implement; refused rather than silently ignored. */
export function refuseUnsupportedOptions(command: Document, options: string[]): void {
  for (const option of options) {
    if (command[option] !== undefined) notSupportedOption(option);
  }
  const collation = command.collation as Document | undefined;
  if (collation && collation.locale !== "simple") notSupportedOption("collation");
}

function notSupportedOption(option: string): never {
  throw notSupported(`the '${option}' option`);
}

/** `_id` first, generated when missing, and of a type MongoDB allows. */
export function withId(document: Document): Document {
  if (document._id === undefined) return { _id: new ObjectId(), ...document };
  if (Array.isArray(document._id)) throw badValue("can't use an array for _id");
  if (document._id instanceof RegExp) throw badValue("can't use a regex for _id");
  const { _id, ...rest } = document;
  return { _id, ...rest };
}
