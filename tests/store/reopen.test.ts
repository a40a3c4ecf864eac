// A store reopened from disk answers through its indexes before anything has scanned a
// collection: the first query after a restart must see every document, whatever it asks.
import { rmSync } from "node:fs";

import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";

import { startEmbeddedStore } from "../../src/store/index.js";
import { realMongoUri, tempDir } from "../support/store.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function withStore<T>(dataDir: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const store = await startEmbeddedStore({ dataDir, port: 0 });
  const client = await new MongoClient(store.uri).connect();
  try {
    return await use(client);
  } finally {
    await client.close();
    await store.close();
  }
}

describe.skipIf(realMongoUri)("a store reopened from disk", () => {
  it("answers an equality on a unique index as the first query", async () => {
    // Arrange
    const dataDir = tempDir();
    dirs.push(dataDir);
    await withStore(dataDir, async (client) => {
      const users = client.db("app").collection("users");
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertMany([{ email: "a@example.pl" }, { email: "b@example.pl" }]);
    });

    // Act
    const found = await withStore(dataDir, (client) =>
      client.db("app").collection("users").findOne({ email: "b@example.pl" }),
    );

    // Assert
    expect(found?.email).toBe("b@example.pl");
  });

  it("enforces a unique index on the first write after reopening", async () => {
    // Arrange
    const dataDir = tempDir();
    dirs.push(dataDir);
    await withStore(dataDir, async (client) => {
      const users = client.db("app").collection("users");
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertOne({ email: "a@example.pl" });
    });

    // Act
    const attempt = withStore(dataDir, (client) =>
      client
        .db("app")
        .collection("users")
        .updateOne(
          { email: "x@example.pl" },
          { $set: { email: "a@example.pl" } },
          { upsert: true },
        ),
    );

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 11000 });
  });

  it("keeps an updated document in its place in natural order", async () => {
    // Arrange
    const dataDir = tempDir();
    dirs.push(dataDir);
    await withStore(dataDir, async (client) => {
      const tools = client.db("app").collection("tools");
      await tools.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
      await tools.updateOne({ _id: 2 } as never, { $set: { sharp: true } });
    });

    // Act
    const order = await withStore(dataDir, (client) =>
      client.db("app").collection("tools").find().toArray(),
    );

    // Assert
    expect(order.map((tool) => tool._id)).toEqual([1, 2, 3]);
  });

  it("keeps the same indexes live and reopened after a createIndexes that fails part way", async () => {
    // Arrange
    const dataDir = tempDir();
    dirs.push(dataDir);
    const live = await withStore(dataDir, async (client) => {
      const users = client.db("app").collection("users");
      await users.insertMany([{ email: "a@example.pl" }, { email: "a@example.pl" }]);
      const failed = await users
        .createIndexes([{ key: { name: 1 } }, { key: { email: 1 }, unique: true }])
        .catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: 11000 });
      return (await users.listIndexes().toArray()).map((index) => index.name);
    });

    // Act
    const reopened = await withStore(dataDir, async (client) =>
      (await client.db("app").collection("users").listIndexes().toArray()).map(
        (index) => index.name,
      ),
    );

    // Assert
    expect(live).toEqual(["_id_"]);
    expect(reopened).toEqual(live);
  });
});
