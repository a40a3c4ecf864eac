// What MongoDB's update operators do and mingo's updater (which takes no custom operators) does not:
// - `$inc`/`$mul` on a non-numeric field fail with TypeMismatch (mingo leaves the field alone);
// - `$push`/`$addToSet`/`$pull`/`$pullAll`/`$pop` on a non-array field fail (mingo ignores them);
// - `$currentDate: { f: { $type: "timestamp" } }` sets a Timestamp (mingo sets milliseconds);
// - `$inc`/`$mul` compute exactly with Decimal128 and Long operands (mingo refuses them);
// - `$addToSet` compares documents with their field order (mingo ignores it).
// The checks cover fields named without positional operators; the rest is left to mingo.
import { Decimal128, type Document, Long, Timestamp } from "bson";

import { badValue, ErrorCode, MongoServerError, typeMismatch } from "../errors.js";
import { canonicalKey } from "./keys.js";
import { bsonTypeName } from "./types.js";

const numericTypes = new Set(["int", "long", "double", "decimal"]);
const isNumeric = (value: unknown) => numericTypes.has(bsonTypeName(value));

/** The modifiers to hand to mingo for `document` (its original, before this update). */
export function prepareModifiers(
  document: Document,
  modifiers: Document,
  now = new Date(),
): Document {
  const out: Document = { ...modifiers };
  const set: Document = { ...(modifiers.$set as Document | undefined) };
  const id = describeId(document._id);

  for (const operator of ["$inc", "$mul"] as const) {
    const spec = modifiers[operator] as Document | undefined;
    if (!spec) continue;
    const kept: Document = {};
    for (const [path, operand] of Object.entries(spec)) {
      if (!isNumeric(operand)) {
        throw typeMismatch(
          `Cannot ${operator === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${String(operand)}}`,
        );
      }
      const current = positional(path) ? undefined : valueAt(document, path);
      if (current !== undefined && !isNumeric(current)) {
        throw typeMismatch(
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${id}} has the field '${leaf(path)}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
      const exact = positional(path) ? undefined : exactArithmetic(operator, current, operand);
      if (exact === undefined) kept[path] = operand;
      else set[path] = exact;
    }
    if (Object.keys(kept).length > 0) out[operator] = kept;
    else delete out[operator];
  }

  for (const operator of ["$push", "$addToSet", "$pull", "$pullAll", "$pop"] as const) {
    const spec = modifiers[operator] as Document | undefined;
    for (const path of Object.keys(spec ?? {})) {
      if (positional(path)) continue;
      const current = valueAt(document, path);
      if (current === undefined || Array.isArray(current)) continue;
      const type = bsonTypeName(current);
      switch (operator) {
        case "$push":
          throw badValue(
            `The field '${path}' must be an array but is of type ${type} in document {_id: ${id}}`,
          );
        case "$addToSet":
          throw badValue(
            `Cannot apply $addToSet to non-array field. Field named '${leaf(path)}' has non-array type ${type}`,
          );
        case "$pop":
          throw typeMismatch(`Path '${path}' contains an element of non-array type '${type}'`);
        default:
          throw badValue(`Cannot apply ${operator} to a non-array value`);
      }
    }
  }

  const addToSet = modifiers.$addToSet as Document | undefined;
  if (addToSet) {
    const kept: Document = {};
    for (const [path, spec] of Object.entries(addToSet)) {
      if (positional(path)) {
        kept[path] = spec;
        continue;
      }
      const each = isEach(spec) ? (spec as Document).$each : [spec];
      if (!Array.isArray(each))
        throw badValue("The argument to $each in $addToSet must be an array");
      const values = [...((valueAt(document, path) as unknown[] | undefined) ?? [])];
      const present = new Set(values.map(canonicalKey));
      for (const value of each) {
        if (!present.has(canonicalKey(value))) values.push(value);
        present.add(canonicalKey(value));
      }
      set[path] = values;
    }
    if (Object.keys(kept).length > 0) out.$addToSet = kept;
    else delete out.$addToSet;
  }

  const currentDate = modifiers.$currentDate as Document | undefined;
  if (currentDate) {
    for (const [path, type] of Object.entries(currentDate)) {
      const wanted = typeof type === "boolean" ? "date" : (type as Document | null)?.$type;
      if (wanted === "date") set[path] = new Date(now.getTime());
      else if (wanted === "timestamp")
        set[path] = new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 });
      else {
        throw new MongoServerError(
          ErrorCode.BadValue,
          "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
        );
      }
    }
    delete out.$currentDate;
  }

  if (Object.keys(set).length > 0) out.$set = set;
  return out;
}

const isEach = (spec: unknown) =>
  spec !== null && typeof spec === "object" && !Array.isArray(spec) && "$each" in spec;
const positional = (path: string) => path.split(".").some((part) => part.startsWith("$"));
const leaf = (path: string) => path.slice(path.lastIndexOf(".") + 1);

function describeId(id: unknown): string {
  if (typeof id === "string") return JSON.stringify(id);
  if (bsonTypeName(id) === "objectId")
    return `ObjectId('${(id as { toHexString(): string }).toHexString()}')`;
  return String(id);
}

/** The value at a dotted path (numeric parts index arrays); undefined when there is none. */
function valueAt(document: Document, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split(".")) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (value !== null && typeof value === "object" && !Array.isArray(value))
      value = (value as Document)[part];
    else return undefined;
  }
  return value;
}

/**
 * `$inc`/`$mul` with a Decimal128 or a Long involved, computed exactly; undefined when plain
 * JavaScript numbers do (mingo's job). A missing field counts as zero of the operand's type.
 */
function exactArithmetic(operator: "$inc" | "$mul", current: unknown, operand: unknown): unknown {
  const types = [bsonTypeName(current ?? 0), bsonTypeName(operand)];
  if (current === undefined && operator === "$mul") {
    if (types[1] === "decimal") return Decimal128.fromString("0");
    if (types[1] === "long") return Long.fromNumber(0);
    return undefined;
  }
  if (types.includes("decimal")) {
    const a = decimalParts(current ?? 0);
    const b = decimalParts(operand);
    if (!a || !b) return undefined;
    const [coefficient, exponent] =
      operator === "$mul" ? [a[0] * b[0], a[1] + b[1]] : addDecimals(a, b);
    return Decimal128.fromStringWithRounding(`${coefficient}E${exponent}`);
  }
  if (types.includes("long") && !types.includes("double")) {
    const a = BigInt(String(current ?? 0));
    const b = BigInt(String(operand));
    return Long.fromBigInt(operator === "$mul" ? a * b : a + b);
  }
  return undefined;
}

type DecimalParts = [coefficient: bigint, exponent: number];

function decimalParts(value: unknown): DecimalParts | undefined {
  const match = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(String(value));
  if (!match) return undefined;
  const fraction = match[3] ?? "";
  const coefficient = BigInt(match[2]! + fraction) * (match[1] === "-" ? -1n : 1n);
  return [coefficient, Number(match[4] ?? 0) - fraction.length];
}

function addDecimals([a, ea]: DecimalParts, [b, eb]: DecimalParts): DecimalParts {
  const exponent = Math.min(ea, eb);
  return [a * 10n ** BigInt(ea - exponent) + b * 10n ** BigInt(eb - exponent), exponent];
}
