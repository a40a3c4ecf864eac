// MongoDB's comparison and sort order for BSON values (the "BSON comparison order"), which
// mingo's own comparator does not follow across types.

type Bsonish = { _bsontype?: string; toHexString?: () => string };

export enum Rank {
  MinKey = 1,
  Null,
  Number,
  String,
  Object,
  Array,
  Binary,
  ObjectId,
  Boolean,
  Date,
  Timestamp,
  Regex,
  MaxKey,
}

/** The place of a value's type in the BSON comparison order: values sort by it first. */
export function rank(value: unknown): number {
  if (value === null || value === undefined) return Rank.Null;
  switch (typeof value) {
    case "number":
    case "bigint":
      return Rank.Number;
    case "string":
      return Rank.String;
    case "boolean":
      return Rank.Boolean;
  }
  if (Array.isArray(value)) return Rank.Array;
  if (value instanceof Date) return Rank.Date;
  if (value instanceof RegExp) return Rank.Regex;
  switch ((value as Bsonish)._bsontype) {
    case "MinKey":
      return Rank.MinKey;
    case "MaxKey":
      return Rank.MaxKey;
    case "Long":
    case "Double":
    case "Int32":
    case "Decimal128":
      return Rank.Number;
    case "BSONSymbol":
      return Rank.String;
    case "Binary":
      return Rank.Binary;
    case "ObjectId":
      return Rank.ObjectId;
    case "Timestamp":
      return Rank.Timestamp;
    case "BSONRegExp":
      return Rank.Regex;
  }
  return Rank.Object;
}

/** A number for anything of numeric rank (Long, Int32, Double, Decimal128 included). */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const bson = value as { _bsontype?: string; toNumber?: () => number; valueOf: () => unknown };
  if (bson._bsontype === "Long" && bson.toNumber) return bson.toNumber();
  return Number(String(bson.valueOf()));
}

const cmp = <T extends number | string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative, zero or positive as `a` sorts before, with or after `b` in MongoDB. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case Rank.MinKey:
    case Rank.MaxKey:
    case Rank.Null:
      return 0;
    case Rank.Number: {
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1; // NaN sorts below every number
      if (Number.isNaN(y)) return 1;
      return cmp(x, y);
    }
    case Rank.String:
      return cmp(String(a), String(b));
    case Rank.Boolean:
      return cmp(Number(a), Number(b));
    case Rank.Date:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case Rank.ObjectId:
      return cmp((a as Bsonish).toHexString!(), (b as Bsonish).toHexString!());
    case Rank.Array:
      return compareSequences(a as unknown[], b as unknown[]);
    case Rank.Binary:
      return compareBinary(a as BinaryLike, b as BinaryLike);
    case Rank.Timestamp:
      return Math.sign((a as { compare(other: unknown): number }).compare(b));
    case Rank.Object:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    default:
      return cmp(String(a), String(b));
  }
}

type BinaryLike = { buffer: Uint8Array; sub_type: number; position: number };

/** BinData sorts by length, then subtype, then bytes. */
function compareBinary(a: BinaryLike, b: BinaryLike): number {
  if (a.position !== b.position) return a.position - b.position;
  if (a.sub_type !== b.sub_type) return a.sub_type - b.sub_type;
  for (let i = 0; i < a.position; i++) {
    if (a.buffer[i] !== b.buffer[i]) return a.buffer[i]! - b.buffer[i]!;
  }
  return 0;
}

function compareSequences(a: unknown[], b: unknown[]): number {
  const size = Math.min(a.length, b.length);
  for (let i = 0; i < size; i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const size = Math.min(ka.length, kb.length);
  for (let i = 0; i < size; i++) {
    const byType = rank(a[ka[i]!]) - rank(b[kb[i]!]);
    if (byType !== 0) return byType;
    const byName = cmp(ka[i]!, kb[i]!);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[ka[i]!], b[kb[i]!]);
    if (byValue !== 0) return byValue;
  }
  return ka.length - kb.length;
}
