import type { Document } from "bson";

/** An embedded document: a plain object, not an array nor a BSON value (ObjectId, Date…). */
export function isPlainObject(value: unknown): value is Document {
  return (
    value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** Deep copy of plain objects and arrays; BSON values (ObjectId, Date…) are immutable here. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const [key, field] of Object.entries(value)) copy[key] = cloneDocument(field);
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  return value;
}
