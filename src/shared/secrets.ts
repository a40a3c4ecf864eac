import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A secret for a link or a cancellation: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Anything else cannot be a secret we gave out; no need to ask the database. */
export function isSecretShaped(value: string): boolean {
  return SECRET.test(value);
}

/** SHA-256, hex: what is stored in place of secrets and submission ids. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
