/**
 * Every value a dotted path reaches in a document, descending into arrays the way MongoDB does:
 * `a.b` on `{ a: [{ b: 1 }, { b: 2 }] }` reaches 1 and 2. A path that reaches nothing yields
 * `undefined` once; an array at the end of the path yields its elements (multikey), and an empty
 * one yields `emptyArray` (undefined unless given).
 */
export function valuesAtPath(document: unknown, path: string, emptyArray?: unknown): unknown[] {
  const out: unknown[] = [];
  for (const value of leafValues(document, path)) {
    if (Array.isArray(value)) out.push(...(value.length > 0 ? value : [emptyArray]));
    else out.push(value);
  }
  return out.length > 0 ? out : [undefined];
}

/**
 * The values a dotted path ends on, arrays at the end kept whole; nothing when the path reaches
 * nothing. A query predicate on the path holds when it holds for one of these values or, for an
 * array, for one of its elements (see `queryCandidates`).
 */
export function leafValues(document: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(document, path.split("."), 0, out);
  return out;
}

/** What a query predicate on `path` is tried against: the leaf values and the arrays' elements. */
export function queryCandidates(document: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  for (const value of leafValues(document, path)) {
    out.push(value);
    if (Array.isArray(value)) out.push(...value);
  }
  return out;
}

function collect(value: unknown, parts: string[], at: number, out: unknown[]): void {
  if (at === parts.length) {
    if (value !== undefined) out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[at]!;
    if (/^\d+$/.test(part) && Number(part) < value.length) {
      collect(value[Number(part)], parts, at + 1, out);
    }
    for (const element of value) {
      if (element !== null && typeof element === "object" && !Array.isArray(element)) {
        collect(element, parts, at, out);
      }
    }
    return;
  }
  if (value === null || typeof value !== "object") return;
  const next = (value as Record<string, unknown>)[parts[at]!];
  if (next === undefined) return;
  collect(next, parts, at + 1, out);
}
