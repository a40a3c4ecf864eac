import { createHash, randomBytes } from "node:crypto";

import mongoose, { Types } from "mongoose";

/** A one-time token for a feedback link: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Anything else cannot be a token we gave out; no need to ask the database. */
export function isTokenShaped(token: string): boolean {
  return TOKEN.test(token);
}

/** SHA-256, hex: what is stored in place of tokens and submission ids. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Marks an operator object that this code wrote (`{ $in: ids }`), to put as a field's value.
 * `sanitizeFilter` (set in src/shared/database.ts against operator injection) would otherwise
 * wrap it in `$eq`; it looks for the mark on each field's value, not on the whole filter.
 */
export function trusted<T>(filter: T): T {
  return mongoose.trusted(filter) as T;
}

/** The ids that can be ObjectIds, as ObjectIds; the others can match nothing. */
export function objectIds(ids: readonly string[]): Types.ObjectId[] {
  return ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));
}

export function isDuplicateKey(error: unknown, field?: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== 11000) {
    return false;
  }
  const pattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern;
  return !field || !pattern || field in pattern;
}

/** Trims and collapses runs of whitespace, as typed into forms; empty becomes null. */
export function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim().replace(/\s+/g, " ") ?? "";
  return text === "" ? null : text;
}

/** Like cleanText, but keeps line breaks (comments and notes have paragraphs). */
export function cleanParagraphs(value: string | null | undefined): string | null {
  const text =
    value
      ?.replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.replace(/[^\S\n]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() ?? "";
  return text === "" ? null : text;
}
