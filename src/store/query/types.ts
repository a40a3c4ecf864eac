// MongoDB's names for BSON types, used by the `$type` query and expression operators. mingo names
// ObjectId "objectid", knows neither MinKey nor MaxKey, and does not match array elements.

import { ErrorCode, MongoServerError } from "../errors.js";

type Bsonish = { _bsontype?: string };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The `$type` name of a value. A plain JavaScript number is named as it will be stored: an
 * integer of the 32-bit range is an "int", anything else a "double".
 */
export function bsonTypeName(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? "int" : "double";
    case "bigint":
      return "long";
    case "string":
      return "string";
    case "boolean":
      return "bool";
  }
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  if (value instanceof RegExp) return "regex";
  if (value instanceof Uint8Array) return "binData";
  switch ((value as Bsonish)._bsontype) {
    case "ObjectId":
      return "objectId";
    case "Long":
      return "long";
    case "Int32":
      return "int";
    case "Double":
      return "double";
    case "Decimal128":
      return "decimal";
    case "Binary":
      return "binData";
    case "Timestamp":
      return "timestamp";
    case "BSONRegExp":
      return "regex";
    case "BSONSymbol":
      return "symbol";
    case "Code":
      return "javascript";
    case "MinKey":
      return "minKey";
    case "MaxKey":
      return "maxKey";
    case "DBRef":
      return "object";
  }
  return "object";
}

/** The aliases `$type` accepts, by BSON type number. */
const aliasByNumber = new Map<number, string>([
  [1, "double"],
  [2, "string"],
  [3, "object"],
  [4, "array"],
  [5, "binData"],
  [6, "undefined"],
  [7, "objectId"],
  [8, "bool"],
  [9, "date"],
  [10, "null"],
  [11, "regex"],
  [12, "dbPointer"],
  [13, "javascript"],
  [14, "symbol"],
  [15, "javascriptWithScope"],
  [16, "int"],
  [17, "timestamp"],
  [18, "long"],
  [19, "decimal"],
  [-1, "minKey"],
  [127, "maxKey"],
]);
const aliases = new Set([...aliasByNumber.values(), "number"]);
const numericTypes = new Set(["double", "int", "long", "decimal"]);

/** The alias a `$type` argument names, or undefined when it names no BSON type. */
export function typeAlias(type: unknown): string | undefined {
  if (typeof type === "number") return aliasByNumber.get(type);
  if (typeof type === "string" && aliases.has(type)) return type;
  const numeric = Number((type as { valueOf?: () => unknown } | null)?.valueOf?.());
  return Number.isFinite(numeric) ? aliasByNumber.get(numeric) : undefined;
}

/**
 * The store keeps numbers as JavaScript numbers, so a whole number read back may have been stored
 * as a double `2.0`, an int or a long: asked which, the store refuses rather than guess.
 * (A fractional number can only be a double.)
 */
export function refuseAmbiguousNumber(value: unknown, alias: string): void {
  if (numericTypes.has(alias) && typeof value === "number" && Number.isInteger(value)) {
    throw new MongoServerError(
      ErrorCode.CommandNotSupported,
      `$type '${alias}' of a whole number is not supported by the embedded store, which does not keep the BSON type of numbers; use 'number', or a real MongoDB (MONGODB_URI)`,
    );
  }
}

/** Whether `value` (not looking into arrays) is of the type `alias` names. */
export function isOfType(value: unknown, alias: string): boolean {
  refuseAmbiguousNumber(value, alias);
  const name = bsonTypeName(value);
  return alias === "number" ? numericTypes.has(name) : name === alias;
}
