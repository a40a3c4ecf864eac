import type { Connection } from "mongoose";
import { RateLimiterMongo, RateLimiterRes } from "rate-limiter-flexible";
import type { MiddlewareFn } from "type-graphql";

import { addressKey } from "./client-address.js";
import type { RequestInfo } from "./context.js";
import { tooManyRequests } from "./graphql/errors.js";

export interface LimitRule {
  /** Attempts allowed in one window. */
  points: number;
  /** The window, from the first attempt in it, in seconds. */
  durationSeconds: number;
  /** Once over the limit, refused for this long from then, rather than until the window ends. */
  blockSeconds?: number;
}

/** Counted in each subgraph's database, so that every process serving it shares the counts. */
export const LIMITS = {
  // Sign-ins to one account (its normalised e-mail, known or not) since its last successful one:
  // the 6th within an hour is refused, the right password too, and locks the account for 15
  // minutes. Long enough to hold a guesser to about 20 passwords an hour; short enough that
  // locking someone out on purpose costs them a quarter of an hour, not their day.
  loginAccount: { points: 5, durationSeconds: 60 * 60, blockSeconds: 15 * 60 },
  // Failed sign-ins from one address, whatever the account: one address cannot try a few
  // passwords on each of many accounts. Successes are not counted, so staff behind one office
  // address never meet it.
  loginAddress: { points: 30, durationSeconds: 60 * 60 },
  // Registrations from one address by people not signed in: 200 from one address once took a
  // visit's last seats in 12 s. Signed-in staff registering a group are not counted.
  registration: { points: 10, durationSeconds: 10 * 60 },
  // Feedback from one address: a whole group answers at the end of a visit on the venue's Wi-Fi,
  // behind one address, within the same minute. A coachload is about 50; 120 leaves room for two
  // and for retries. Every submission needs a valid one-time link anyway, so the limit bounds the
  // load one address can cause, not real participants.
  feedback: { points: 120, durationSeconds: 60 },
} satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;
/** Tests shorten windows with these; production uses LIMITS as they are. */
export type LimitOverrides = Partial<Record<LimitName, LimitRule>>;

const COLLECTION = "ratelimits";
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * One limit on a key (an e-mail, an address). Refusing reads and never writes: with the embedded
 * store every write is a commit on the service's own thread, so a flood of refused calls must not
 * cost one each.
 */
export class RateLimit {
  constructor(
    private readonly limiter: RateLimiterMongo,
    private readonly rule: LimitRule,
    private readonly purgeExpired: () => void,
  ) {}

  /** TOO_MANY_REQUESTS with `retryAfter` while the key has used up its attempts. */
  async check(key: string): Promise<void> {
    const counted = await this.limiter.get(key);
    if (counted && counted.consumedPoints >= this.rule.points) {
      throw tooManyRequests(counted.msBeforeNext);
    }
  }

  /** Counts one attempt after the fact; the one that uses the limit up blocks the key. */
  async count(key: string): Promise<void> {
    this.purgeExpired();
    const counted = await this.limiter.penalty(key);
    if (this.rule.blockSeconds && counted.consumedPoints >= this.rule.points) {
      await this.limiter.block(key, this.rule.blockSeconds);
    }
  }

  /**
   * Checks and counts one attempt atomically (calls sent at once cannot all slip under the
   * limit); TOO_MANY_REQUESTS once the limit is used up.
   */
  async consume(key: string): Promise<void> {
    await this.check(key);
    this.purgeExpired();
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooManyRequests(error.msBeforeNext);
      throw error;
    }
  }

  /** Forgets every attempt on the key. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

export type RateLimits<Name extends LimitName = LimitName> = Record<Name, RateLimit>;

/**
 * The named limits, counted in the `ratelimits` collection of `db` (the subgraph's database).
 * rate-limiter-flexible would make `expire` a TTL index, which the embedded store does not have:
 * it makes only the unique index on `key` its upserts rely on, its queries skip expired counters
 * themselves, and expired ones are deleted here every ten minutes so the collection stays small.
 */
export async function createRateLimits<Name extends LimitName>(
  db: Connection,
  names: readonly Name[],
  overrides: LimitOverrides = {},
): Promise<RateLimits<Name>> {
  const client = db.getClient();
  const collection = client.db(db.name).collection(COLLECTION);
  await collection.createIndex({ key: 1 }, { unique: true });
  let nextPurge = 0;
  const purgeExpired = () => {
    if (Date.now() < nextPurge) return;
    nextPurge = Date.now() + PURGE_EVERY_MS;
    // Best effort: a failed purge (the database closing) is tried again at the next interval.
    collection.deleteMany({ expire: { $lte: new Date() } }).catch(() => {
      nextPurge = 0;
    });
  };
  const limits = {} as RateLimits<Name>;
  for (const name of names) {
    const rule: LimitRule = overrides[name] ?? LIMITS[name];
    const limiter = new RateLimiterMongo({
      storeClient: client,
      dbName: db.name,
      tableName: COLLECTION,
      disableIndexesCreation: true,
      keyPrefix: name,
      points: rule.points,
      duration: rule.durationSeconds,
    });
    limits[name] = new RateLimit(limiter, rule, purgeExpired);
  }
  return limits;
}

/**
 * Counts a call from someone not signed in against a limit per address (an IPv6 /64) before the
 * resolver runs. Signed-in staff are accountable and often share an office address: not counted.
 */
export function perAddress<TContext extends RequestInfo>(
  limit: (context: TContext) => RateLimit,
): MiddlewareFn<TContext> {
  return async ({ context }, next) => {
    if (!context.viewer) await limit(context).consume(addressKey(context.clientAddress));
    return next();
  };
}
