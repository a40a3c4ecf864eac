import { BSON, type Document, Long } from "bson";

import { ErrorCode, MongoServerError } from "../errors.js";
import { MAX_BSON_OBJECT_SIZE } from "../wire/protocol.js";

const DEFAULT_FIRST_BATCH = 101;
/** MongoDB's cursorTimeoutMillis: an idle cursor is closed after ten minutes. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** Room left in a reply for everything around the batch. */
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

interface OpenCursor {
  namespace: string;
  documents: Document[];
  position: number;
  lastUsed: number;
}

/** Open cursors of the whole store; results are materialised when the cursor opens. */
export class Cursors {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1n;

  /** The reply for a query's first batch, opening a cursor when more remains. */
  first(
    namespace: string,
    documents: Document[],
    batchSize?: number,
    singleBatch = false,
  ): Document {
    const size = batchSize === undefined || batchSize === 0 ? DEFAULT_FIRST_BATCH : batchSize;
    if (batchSize === 0) return this.reply(namespace, [], documents, 0, singleBatch, "firstBatch");
    return this.reply(namespace, documents, documents, size, singleBatch, "firstBatch");
  }

  private reply(
    namespace: string,
    source: Document[],
    all: Document[],
    batchSize: number,
    singleBatch: boolean,
    field: "firstBatch" | "nextBatch",
  ): Document {
    const batch = takeBatch(source, 0, batchSize);
    let id = Long.ZERO;
    if (!singleBatch && batch.length < all.length) {
      id = Long.fromBigInt(this.nextId++);
      this.open.set(id.toString(), {
        namespace,
        documents: all,
        position: batch.length,
        lastUsed: Date.now(),
      });
    }
    return { cursor: { [field]: batch, id, ns: namespace }, ok: 1 };
  }

  more(id: Long | number, collection: string, db: string, batchSize?: number): Document {
    this.expire();
    const cursor = this.open.get(id.toString());
    if (!cursor) {
      throw new MongoServerError(ErrorCode.CursorNotFound, `cursor id ${id.toString()} not found`);
    }
    if (cursor.namespace !== `${db}.${collection}`) {
      throw new MongoServerError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${db}.${collection}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    }
    const batch = takeBatch(cursor.documents, cursor.position, batchSize || Infinity);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    let replyId = Long.fromString(id.toString());
    if (cursor.position >= cursor.documents.length) {
      this.open.delete(id.toString());
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns: cursor.namespace }, ok: 1 };
  }

  kill(ids: (Long | number)[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const long = Long.fromString(id.toString());
      (this.open.delete(long.toString()) ? killed : notFound).push(long);
    }
    return {
      cursorsKilled: killed,
      cursorsNotFound: notFound,
      cursorsAlive: [],
      cursorsUnknown: [],
      ok: 1,
    };
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, cursor] of this.open) {
      if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.open.delete(id);
    }
  }

  get size(): number {
    return this.open.size;
  }
}

/** Up to `count` documents from `start`, and never more than one reply can carry. */
function takeBatch(documents: Document[], start: number, count: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  for (let i = start; i < documents.length && batch.length < count; i++) {
    const size = BSON.calculateObjectSize(documents[i]!) + 16;
    if (batch.length > 0 && bytes + size > BATCH_BYTES) break;
    bytes += size;
    batch.push(documents[i]!);
  }
  return batch;
}
