import { toNumber } from "./compare.js";

type Bsonish = { _bsontype?: string; toHexString?: () => string; toString: () => string };

/**
 * A string that is equal for two values exactly when MongoDB considers them equal: numbers of
 * any BSON type compare by value, embedded documents by field order and values. Used for `_id`
 * lookups, index keys and change detection.
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return "z";
  switch (typeof value) {
    case "number":
      return numberKey(value);
    case "bigint":
      return numberKey(Number(value));
    case "string":
      return `s${JSON.stringify(value)}`;
    case "boolean":
      return value ? "b1" : "b0";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(",")}]`;
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return `r${JSON.stringify([value.source, value.flags])}`;
  const bson = value as Bsonish;
  switch (bson._bsontype) {
    case "ObjectId":
      return `o${bson.toHexString!()}`;
    case "Long":
    case "Int32":
    case "Double":
      return numberKey(toNumber(value));
    case "Decimal128":
      return numberKey(Number(bson.toString()));
    case "Binary": {
      const binary = value as { sub_type: number; toString: (encoding: string) => string };
      return `x${binary.sub_type}:${binary.toString("base64")}`;
    }
    case undefined:
      break;
    default:
      return `${bson._bsontype}:${JSON.stringify(bson.toString())}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, field]) => field !== undefined,
  );
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalKey(field)}`).join(",")}}`;
}

function numberKey(value: number): string {
  return Object.is(value, -0) ? "n0" : `n${value}`;
}
