// Many clients at once over TCP: no lost updates, one winner per unique key, no ticket claimed
// twice, and transactions that keep an invariant while they conflict and retry.
import { type Collection, MongoClient, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestStore, type TestStore } from "../support/store.js";

const CLIENTS = 20;

let store: TestStore;
let clients: MongoClient[];
let counter = 0;

/** The same collection as each of the clients sees it. */
function collectionPerClient<T extends object>(name: string): Collection<T>[] {
  return clients.map((client) => client.db(store.db.databaseName).collection<T>(name));
}

interface Counter {
  _id: string;
  n: number;
  by?: Record<string, number>;
}

function freshName(prefix: string): string {
  return `${prefix}_${++counter}`;
}

beforeAll(async () => {
  store = await startTestStore();
  clients = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      new MongoClient(store.uri, { serverSelectionTimeoutMS: 5_000, maxPoolSize: 5 }).connect(),
    ),
  );
});
afterAll(async () => {
  await Promise.all((clients ?? []).map((client) => client.close()));
  await store?.stop();
});

describe("many clients at once", () => {
  it("loses no $inc when 20 clients update one counter 50 times each", async () => {
    // Arrange
    const name = freshName("counters");
    await store.db.collection<Counter>(name).insertOne({ _id: "visits", n: 0 });
    const perClient = collectionPerClient<Counter>(name);
    const UPDATES = 50;

    // Act: each client runs its updates one after another, and all clients run at once.
    const results = await Promise.all(
      perClient.map(async (counters, c) => {
        let modified = 0;
        for (let i = 0; i < UPDATES; i++) {
          const result = await counters.updateOne(
            { _id: "visits" },
            { $inc: { n: 1, [`by.c${c}`]: 1 } },
          );
          modified += result.modifiedCount;
        }
        return modified;
      }),
    );
    const counterDocument = await store.db.collection<Counter>(name).findOne({ _id: "visits" });

    // Assert
    expect(results).toEqual(Array(CLIENTS).fill(UPDATES));
    expect(counterDocument?.n).toBe(CLIENTS * UPDATES);
    expect(counterDocument?.by).toEqual(
      Object.fromEntries(Array.from({ length: CLIENTS }, (_, c) => [`c${c}`, UPDATES])),
    );
  });

  it("lets exactly one of 20 identical inserts win a unique key, for every key", async () => {
    // Arrange
    const name = freshName("registrations");
    await store.db.collection(name).createIndex({ email: 1 }, { unique: true });
    const perClient = collectionPerClient<{ email: string; client: number }>(name);
    const KEYS = 10;
    const emails = Array.from({ length: KEYS }, (_, k) => `person${k}@x.pl`);

    // Act: every client tries every key; for each key, all 20 attempts are in flight at once.
    const outcomes = await Promise.all(
      emails.map((email) =>
        Promise.all(
          perClient.map((registrations, c) =>
            registrations.insertOne({ email, client: c }).then(
              () => "won" as const,
              (error: unknown) =>
                error instanceof MongoServerError && error.code === 11000 ? "E11000" : error,
            ),
          ),
        ),
      ),
    );
    const stored = await store.db.collection(name).find().toArray();

    // Assert
    for (const perKey of outcomes) {
      expect(perKey.filter((o) => o === "won")).toHaveLength(1);
      expect(perKey.filter((o) => o === "E11000")).toHaveLength(CLIENTS - 1);
    }
    expect(stored.map((d) => d.email).sort()).toEqual([...emails].sort());
    for (const [k, email] of emails.entries()) {
      const winner = outcomes[k]!.indexOf("won");
      expect(stored.find((d) => d.email === email)?.client).toBe(winner);
    }
  });

  it("never hands one ticket to two clients claiming with findOneAndUpdate", async () => {
    // Arrange
    const name = freshName("tickets");
    const TICKETS = 150;
    await store.db
      .collection<{ _id: number; claimedBy: number | null }>(name)
      .insertMany(Array.from({ length: TICKETS }, (_, i) => ({ _id: i, claimedBy: null })));
    const perClient = collectionPerClient<{ _id: number; claimedBy: number | null }>(name);

    // Act: every client claims free tickets until none is left.
    const claims = await Promise.all(
      perClient.map(async (tickets, c) => {
        const mine: number[] = [];
        for (;;) {
          const ticket = await tickets.findOneAndUpdate(
            { claimedBy: null },
            { $set: { claimedBy: c } },
            { returnDocument: "after" },
          );
          if (!ticket) return mine;
          expect(ticket.claimedBy).toBe(c);
          mine.push(ticket._id);
        }
      }),
    );
    const stored = await store.db
      .collection<{ _id: number; claimedBy: number | null }>(name)
      .find()
      .toArray();

    // Assert
    const all = claims.flat();
    expect(all).toHaveLength(TICKETS);
    expect(new Set(all).size).toBe(TICKETS);
    for (const [c, mine] of claims.entries()) {
      for (const id of mine) expect(stored.find((t) => t._id === id)?.claimedBy).toBe(c);
    }
    expect(stored.filter((t) => t.claimedBy === null)).toEqual([]);
    expect(claims.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it("keeps the total of all balances while 20 clients transfer in conflicting transactions", async () => {
    // Arrange
    const accountsName = freshName("accounts");
    const ledgerName = freshName("transfers");
    const ACCOUNTS = 4;
    const INITIAL = 1_000;
    const TRANSFERS = 5;
    await store.db
      .collection<{ _id: number; balance: number }>(accountsName)
      .insertMany(Array.from({ length: ACCOUNTS }, (_, a) => ({ _id: a, balance: INITIAL })));
    await store.db.createCollection(ledgerName);
    type Transfer = { from: number; to: number; amount: number; client: number };
    const totalsSeen: number[] = [];
    let transferring = true;

    // Act: each client moves money between two random accounts; meanwhile a reader sums them.
    const reader = (async () => {
      const accounts = store.db.collection<{ _id: number; balance: number }>(accountsName);
      while (transferring) {
        const all = await accounts.find().toArray();
        totalsSeen.push(all.reduce((sum, a) => sum + a.balance, 0));
      }
    })();
    const attempts = await Promise.all(
      clients.map(async (client, c) => {
        const db = client.db(store.db.databaseName);
        const accounts = db.collection<{ _id: number; balance: number }>(accountsName);
        const transfers = db.collection<Transfer>(ledgerName);
        let tries = 0;
        for (let t = 0; t < TRANSFERS; t++) {
          const from = (c + t) % ACCOUNTS;
          const to = (from + 1 + ((c * 7 + t) % (ACCOUNTS - 1))) % ACCOUNTS;
          const amount = 1 + ((c * 13 + t * 5) % 50);
          const session = client.startSession();
          try {
            await session.withTransaction(async () => {
              tries += 1;
              await accounts.updateOne({ _id: from }, { $inc: { balance: -amount } }, { session });
              await accounts.updateOne({ _id: to }, { $inc: { balance: amount } }, { session });
              await transfers.insertOne({ from, to, amount, client: c }, { session });
            });
          } finally {
            await session.endSession();
          }
        }
        return tries;
      }),
    );
    transferring = false;
    await reader;
    const balances = await store.db
      .collection<{ _id: number; balance: number }>(accountsName)
      .find()
      .sort({ _id: 1 })
      .toArray();
    const ledger = await store.db.collection<Transfer>(ledgerName).find().toArray();

    // Assert: the total never changed, and each balance is what the committed transfers say.
    const expected = Array.from({ length: ACCOUNTS }, () => INITIAL);
    for (const { from, to, amount } of ledger) {
      expected[from]! -= amount;
      expected[to]! += amount;
    }
    expect(ledger).toHaveLength(CLIENTS * TRANSFERS);
    expect(balances.map((a) => a.balance)).toEqual(expected);
    expect(balances.reduce((sum, a) => sum + a.balance, 0)).toBe(ACCOUNTS * INITIAL);
    expect(totalsSeen.length).toBeGreaterThan(0);
    expect(new Set(totalsSeen)).toEqual(new Set([ACCOUNTS * INITIAL]));
    // The transactions did conflict: some of them ran more than once.
    expect(attempts.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(CLIENTS * TRANSFERS);
  });
});
