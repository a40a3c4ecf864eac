// The wire protocol below the driver: legacy OP_QUERY handshakes, message-size limits,
// fire-and-forget writes, malformed input. Raw sockets, so nothing is hidden by a driver.
import { connect, type Socket } from "node:net";

import { Binary, BSON, type Document, Long } from "bson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestStore, type TestStore } from "../support/store.js";

let store: TestStore;
let host: string;
let port: number;

beforeAll(async () => {
  store = await startTestStore();
  const url = new URL(store.uri);
  host = url.hostname;
  port = Number(url.port);
});
afterAll(() => store.stop());

function header(length: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

function opMsg(command: Document, requestId = 1, flags = 0): Buffer {
  const body = Buffer.from(BSON.serialize(command));
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32LE(flags, 0);
  prefix.writeUInt8(0, 4);
  return Buffer.concat([header(16 + 5 + body.length, requestId, 2013), prefix, body]);
}

function opQuery(namespace: string, query: Document, requestId = 1): Buffer {
  const body = Buffer.from(BSON.serialize(query));
  const flags = Buffer.alloc(4);
  const name = Buffer.from(`${namespace}\0`);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const length = 16 + 4 + name.length + 8 + body.length;
  return Buffer.concat([header(length, requestId, 2004), flags, name, skipReturn, body]);
}

async function open(): Promise<Socket> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) =>
    socket.once("connect", resolve).once("error", reject),
  );
  return socket;
}

/** Sends one message and reads one complete reply. */
async function exchange(
  message: Buffer,
): Promise<{ opCode: number; responseTo: number; reply: Document }> {
  const socket = await open();
  try {
    const received: Buffer[] = [];
    const reply = new Promise<Buffer>((resolve, reject) => {
      socket.on("data", (chunk: Buffer) => {
        received.push(chunk);
        const all = Buffer.concat(received);
        if (all.length >= 4 && all.length >= all.readInt32LE(0)) resolve(all);
      });
      socket.on("error", reject);
    });
    socket.write(message);
    const bytes = await reply;
    const opCode = bytes.readInt32LE(12);
    const documentAt = opCode === 1 ? 16 + 20 : 16 + 5;
    return {
      opCode,
      responseTo: bytes.readInt32LE(8),
      reply: BSON.deserialize(bytes.subarray(documentAt)),
    };
  } finally {
    socket.destroy();
  }
}

describe("wire protocol", () => {
  it("answers a legacy OP_QUERY isMaster with OP_REPLY", async () => {
    const { opCode, responseTo, reply } = await exchange(
      opQuery("admin.$cmd", { isMaster: 1 }, 42),
    );

    expect(opCode).toBe(1);
    expect(responseTo).toBe(42);
    expect(reply).toMatchObject({ ismaster: true, ok: 1 });
  });

  it("answers an OP_MSG command with OP_MSG", async () => {
    const { opCode, responseTo, reply } = await exchange(opMsg({ ping: 1, $db: "admin" }, 7));

    expect(opCode).toBe(2013);
    expect(responseTo).toBe(7);
    expect(reply.ok).toBe(1);
  });

  it("folds OP_MSG document sequences into the command", async () => {
    const collection = `seq${Date.now()}`;
    const command = Buffer.from(BSON.serialize({ insert: collection, $db: store.db.databaseName }));
    const documents = [{ _id: 1 }, { _id: 2 }].map((d) => Buffer.from(BSON.serialize(d)));
    const identifier = Buffer.from("documents\0");
    const sequenceSize = 4 + identifier.length + documents.reduce((n, d) => n + d.length, 0);
    const sequence = Buffer.alloc(5);
    sequence.writeUInt8(1, 0);
    sequence.writeInt32LE(sequenceSize, 1);
    const flagsAndBody = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), command]);
    const rest = Buffer.concat([flagsAndBody, sequence, identifier, ...documents]);
    const message = Buffer.concat([header(16 + rest.length, 3, 2013), rest]);

    const { reply } = await exchange(message);

    expect(reply).toMatchObject({ n: 2, ok: 1 });
    expect(await store.db.collection(collection).countDocuments()).toBe(2);
  });

  it("runs a moreToCome (w: 0) write without answering it", async () => {
    const collection = `w0${Date.now()}`;
    const socket = await open();
    let answered = false;
    socket.on("data", () => (answered = true));

    socket.write(
      opMsg({ insert: collection, documents: [{ _id: 1 }], $db: store.db.databaseName }, 1, 2),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();

    expect(answered).toBe(false);
    expect(await store.db.collection(collection).countDocuments()).toBe(1);
  });

  it("closes a connection that announces a message over 48 MB, and keeps serving others", async () => {
    const socket = await open();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));

    socket.write(header(48_000_001, 1, 2013));
    await closed;

    const { reply } = await exchange(opMsg({ ping: 1, $db: "admin" }));
    expect(reply.ok).toBe(1);
  });

  it("answers a malformed body with an error instead of crashing", async () => {
    const garbage = Buffer.concat([
      header(16 + 4 + 1 + 8, 9, 2013),
      Buffer.alloc(5),
      Buffer.from([200, 0, 0, 0, 1, 2, 3, 4]),
    ]);

    const { reply } = await exchange(garbage);

    expect(reply.ok).toBe(0);
    expect(typeof reply.code).toBe("number");
    expect((await exchange(opMsg({ ping: 1, $db: "admin" }))).reply.ok).toBe(1);
  });

  it("refuses compressed messages with an error", async () => {
    const { reply } = await exchange(Buffer.concat([header(16 + 9, 5, 2012), Buffer.alloc(9)]));

    expect(reply.ok).toBe(0);
  });

  it("answers a retried write from memory instead of applying it twice", async () => {
    const collection = `retry${Date.now()}`;
    const lsid = { id: new Binary(Buffer.alloc(16, 7), Binary.SUBTYPE_UUID) };
    const insert = {
      insert: collection,
      documents: [{ _id: 1 }],
      lsid,
      txnNumber: Long.fromNumber(1),
      $db: store.db.databaseName,
    };

    const first = await exchange(opMsg(insert, 1));
    const retry = await exchange(opMsg(insert, 2));

    expect(first.reply).toMatchObject({ n: 1, ok: 1 });
    expect(retry.reply).toMatchObject({ n: 1, ok: 1 });
    expect(retry.reply.writeErrors).toBeUndefined();
    expect(await store.db.collection(collection).countDocuments()).toBe(1);
  });
});
