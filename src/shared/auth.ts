import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { AuthChecker } from "type-graphql";
import { registerEnumType } from "type-graphql";

import { forbidden, tooManyRequests, unauthenticated } from "./graphql/errors.js";

export enum Role {
  ADMIN = "ADMIN",
  COORDINATOR = "COORDINATOR",
  ANALYST = "ANALYST",
}
registerEnumType(Role, { name: "Role", description: "What a staff user may do." });

/** Roles that may see participants' names, e-mails and free-text answers. */
export const PERSONAL_DATA_ROLES = [Role.ADMIN, Role.COORDINATOR];
export const STAFF_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.ANALYST];

/** The signed-in staff user a request acts for. */
export interface Viewer {
  userId: string;
  email: string;
  role: Role;
}

export interface AuthContext {
  viewer: Viewer | undefined;
  /**
   * What this request's caller may read in full whatever their role: the very objects a
   * mutation made or proved they own (their own registration), never an id or a type.
   */
  grants?: WeakSet<object>;
}

const ISSUER = "wizyty";
const AUDIENCE = "wizyty-api";

/** What a token is checked against on every request: the user record, as it is now. */
export interface AccountState {
  email: string;
  role: Role;
  /** Raised by a revocation, a password change or a reset: older tokens stop working. */
  tokenVersion: number;
  disabled: boolean;
}

/** The account of a token's subject, or null when there is none (deleted, or never was). */
export type AccountLookup = (userId: string) => Promise<AccountState | null>;

export interface TokenService {
  /** `tokenVersion` is the account's at signing time (0 when left out). */
  sign(viewer: Viewer & { tokenVersion?: number }): Promise<{ token: string; expiresAt: Date }>;
  /**
   * Throws UNAUTHENTICATED for a token that is forged, expired or malformed, and, when the
   * service has an `AccountLookup`, for one whose account is gone, disabled, or has revoked it.
   * The role and e-mail are then the account's, not the token's: a new role applies at once.
   */
  verify(token: string): Promise<Viewer>;
}

export function createTokenService(
  secret: Uint8Array,
  ttlMinutes: number,
  accounts?: AccountLookup,
): TokenService {
  const signature = async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, secret, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      });
      const role = payload["role"];
      const email = payload["email"];
      const version = payload["ver"] ?? 0;
      if (!payload.sub || typeof email !== "string" || !isRole(role)) {
        throw unauthenticated("The token does not name a user and role.");
      }
      if (typeof version !== "number") throw unauthenticated("The token is not valid.");
      return { userId: payload.sub, email, role, tokenVersion: version };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw unauthenticated("The token has expired; sign in again.");
      }
      if (error instanceof joseErrors.JOSEError) throw unauthenticated("The token is not valid.");
      throw error;
    }
  };
  return {
    async sign(viewer) {
      const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
      const claims = { email: viewer.email, role: viewer.role, ver: viewer.tokenVersion ?? 0 };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(viewer.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(secret);
      return { token, expiresAt };
    },
    async verify(token) {
      const { tokenVersion, ...claimed } = await signature(token);
      if (!accounts) return claimed;
      const account = await accounts(claimed.userId);
      if (!account) throw unauthenticated("The account of this token no longer exists.");
      if (account.disabled) throw unauthenticated("This account is disabled.");
      if (account.tokenVersion !== tokenVersion) {
        throw unauthenticated("This token has been revoked; sign in again.");
      }
      return { userId: claimed.userId, email: account.email, role: account.role };
    },
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (Object.values(Role) as string[]).includes(value);
}

/** Reads `Authorization: Bearer …`; no header means an anonymous request. */
export async function viewerFromHeader(
  tokens: TokenService,
  header: string | undefined,
): Promise<Viewer | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthenticated("Send the token as `Authorization: Bearer <token>`.");
  return tokens.verify(match[1]);
}

/**
 * `@Authorized()` needs any staff user; `@Authorized(roles)` needs one of those roles. A field of
 * an object granted to the caller (see `AuthContext.grants`) needs nothing.
 */
export const authChecker: AuthChecker<AuthContext, Role> = ({ root, context }, roles) => {
  if (typeof root === "object" && root !== null && context.grants?.has(root)) return true;
  if (!context.viewer) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(context.viewer.role)) throw forbidden();
  return true;
};

/** For rules that depend on data, not only on the field: same errors as `@Authorized`. */
export function requireRole(viewer: Viewer | undefined, roles: readonly Role[]): Viewer {
  if (!viewer) throw unauthenticated();
  if (!roles.includes(viewer.role)) throw forbidden();
  return viewer;
}

export function canSeePersonalData(viewer: Viewer | undefined): boolean {
  return !!viewer && PERSONAL_DATA_ROLES.includes(viewer.role);
}

/**
 * JWT_SECRET when set; otherwise a random secret kept in DATA_DIR, so that a single machine
 * needs no setup and tokens survive restarts. Subgraphs on several machines need JWT_SECRET.
 */
export async function loadSigningSecret(
  jwtSecret: string | undefined,
  dataDir: string,
): Promise<Uint8Array> {
  if (jwtSecret) return new TextEncoder().encode(jwtSecret);
  const file = path.join(dataDir, "jwt-secret");
  try {
    return Buffer.from((await readFile(file, "utf8")).trim(), "base64url");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  // `wx` fails if another process created it meanwhile; then use theirs.
  await writeFile(file, secret.toString("base64url"), { mode: 0o600, flag: "wx" }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  return Buffer.from((await readFile(file, "utf8")).trim(), "base64url");
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs 128 MiB and ~0.3 s per login here.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keylen: 32 };

/** Runs at most `slots` tasks at once, lets `queue` more wait, and refuses the rest. */
class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  /** Whether `run` would refuse a task now. */
  get full(): boolean {
    return this.running >= this.slots && this.waiting.length >= this.queue;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.slots) this.running += 1;
    else if (this.waiting.length < this.queue) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else throw tooManyRequests(1000);
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

// scrypt runs on libuv's thread pool (4 threads), which file reads, DNS lookups, zlib and the
// rest of crypto share: 60 logins at once held a participant's form page up for 42 s. Two hashes
// at a time leave the other threads free; 4 more wait (two hashes' time), and a login beyond that
// is refused at once with TOO_MANY_REQUESTS rather than queued behind a flood.
const hashing = new Gate(2, 4);

/** Whether a password check would be refused now: lets a caller refuse before other work. */
export function passwordChecksFull(): boolean {
  return hashing.full;
}

function scryptBounded(password: string, salt: Buffer, params: typeof SCRYPT): Promise<Buffer> {
  const { N, r, p, keylen } = params;
  return hashing.run(() =>
    scryptAsync(password, salt, keylen, { N, r, p, maxmem: 256 * 1024 * 1024 }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptBounded(password, salt, SCRYPT);
  const { N, r, p } = SCRYPT;
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

// What a password is checked against when the e-mail names no account: a hash with the
// parameters every account's has, so that an unknown e-mail costs exactly what a wrong password
// does and the time of an answer does not tell which accounts exist.
const DECOY_HASH = [
  "scrypt",
  SCRYPT.N,
  SCRYPT.r,
  SCRYPT.p,
  Buffer.alloc(16).toString("base64url"),
  Buffer.alloc(SCRYPT.keylen).toString("base64url"),
].join("$");

/** Whether `password` matches `stored`; no `stored` (no such account) checks a decoy: false. */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? DECOY_HASH).split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptBounded(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return stored !== undefined && timingSafeEqual(actual, expected);
}
