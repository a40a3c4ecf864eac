// The store's composition root for commands: the table of every command it answers, and the
// session rules (transactions, retryable writes) around running one.
import type { Document } from "bson";

import type { Catalog } from "../engine/catalog.js";
import { Transaction } from "../engine/transaction.js";
import type { Writer } from "../engine/writer.js";
import { asServerError, ErrorCode, MongoServerError, TRANSIENT } from "../errors.js";
import { adminCommands } from "./admin.js";
import type { CommandContext, Handler } from "./context.js";
import { Cursors } from "./cursors.js";
import { readCommands } from "./read.js";
import { writeCommands } from "./write.js";

const handlers: Record<string, Handler> = { ...adminCommands, ...readCommands, ...writeCommands };

/** Commands MongoDB allows inside a multi-document transaction. */
const transactional = new Set([
  "find",
  "getMore",
  "killCursors",
  "aggregate",
  "distinct",
  "insert",
  "update",
  "delete",
  "findAndModify",
  "findandmodify",
]);
const retryable = new Set(["insert", "update", "delete", "findAndModify", "findandmodify"]);

const TRANSACTION_LIFETIME_MS = 60_000;
const RETRY_MEMORY = 10_000;

interface SessionTransaction {
  txnNumber: string;
  state: "active" | "committed" | "aborted";
  transaction: Transaction;
  lastUsed: number;
}

export class CommandRunner {
  readonly cursors = new Cursors();
  private readonly transactions = new Map<string, SessionTransaction>();
  /** Replies of retryable writes by session and transaction number, to answer a retry. */
  private readonly retries = new Map<string, Document>();

  constructor(
    private readonly catalog: Catalog,
    private readonly address: string,
  ) {}

  /** Runs one command and returns its reply; never throws. */
  run(command: Document, db: string, connectionId: number): Document {
    const name = Object.keys(command)[0] ?? "";
    try {
      const session = sessionKey(command);
      if (name === "commitTransaction" || name === "abortTransaction") {
        return this.finishTransaction(name, command, session);
      }
      const handler = handlers[name];
      if (!handler) {
        throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
      }
      if (command.autocommit === false && session) {
        return this.runInTransaction(name, handler, command, db, connectionId, session);
      }
      const retryKey =
        session && command.txnNumber !== undefined && retryable.has(name)
          ? `${session}:${String(command.txnNumber)}`
          : undefined;
      const remembered = retryKey ? this.retries.get(retryKey) : undefined;
      if (remembered) return remembered;
      const work = this.catalog.unitOfWork();
      let reply: Document;
      try {
        reply = handler(this.context(command, db, connectionId, work, false));
      } catch (error) {
        work.rollback();
        throw error;
      }
      work.commit();
      if (retryKey) this.remember(retryKey, reply);
      return reply;
    } catch (error) {
      return asServerError(error).toReply();
    }
  }

  private context(
    command: Document,
    db: string,
    connectionId: number,
    writer: Writer,
    inTransaction: boolean,
  ): CommandContext {
    return {
      command,
      db,
      catalog: this.catalog,
      cursors: this.cursors,
      writer,
      inTransaction,
      connectionId,
      address: this.address,
    };
  }

  private remember(key: string, reply: Document): void {
    this.retries.set(key, reply);
    if (this.retries.size > RETRY_MEMORY) this.retries.delete(this.retries.keys().next().value!);
  }

  private runInTransaction(
    name: string,
    handler: Handler,
    command: Document,
    db: string,
    connectionId: number,
    session: string,
  ): Document {
    const txnNumber = String(command.txnNumber);
    this.expireTransactions();
    let current = this.transactions.get(session);
    if (command.startTransaction === true) {
      if (current && current.txnNumber === txnNumber) {
        throw new MongoServerError(
          ErrorCode.IllegalOperation,
          `Transaction with txnNumber ${txnNumber} has already been started`,
        );
      }
      current = {
        txnNumber,
        state: "active",
        transaction: new Transaction(),
        lastUsed: Date.now(),
      };
      this.transactions.set(session, current);
    }
    if (!current || current.txnNumber !== txnNumber || current.state !== "active") {
      throw noSuchTransaction(txnNumber);
    }
    if (!transactional.has(name)) {
      current.state = "aborted";
      throw new MongoServerError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot run '${name}' in a multi-document transaction.`,
      );
    }
    current.lastUsed = Date.now();
    try {
      return handler(this.context(command, db, connectionId, current.transaction, true));
    } catch (error) {
      current.state = "aborted"; // as in MongoDB, a failed operation aborts its transaction
      throw error;
    }
  }

  private finishTransaction(
    name: string,
    command: Document,
    session: string | undefined,
  ): Document {
    const txnNumber = String(command.txnNumber);
    const current = session ? this.transactions.get(session) : undefined;
    if (!current || current.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    if (name === "abortTransaction") {
      if (current.state === "committed") {
        throw new MongoServerError(
          ErrorCode.TransactionCommitted,
          "Transaction has been committed.",
        );
      }
      if (current.state === "aborted") throw noSuchTransaction(txnNumber);
      current.state = "aborted";
      return { ok: 1 };
    }
    if (current.state === "committed") return { ok: 1 }; // a retried commit
    if (current.state === "aborted") throw noSuchTransaction(txnNumber);
    try {
      current.transaction.commit(this.catalog.storage);
      current.state = "committed";
      return { ok: 1 };
    } catch (error) {
      current.state = "aborted";
      throw error;
    }
  }

  /** Forgets transactions idle for longer than MongoDB's transactionLifetimeLimitSeconds. */
  private expireTransactions(): void {
    const now = Date.now();
    for (const [session, entry] of this.transactions) {
      if (now - entry.lastUsed > TRANSACTION_LIFETIME_MS) this.transactions.delete(session);
    }
  }
}

function noSuchTransaction(txnNumber: string): MongoServerError {
  return new MongoServerError(
    ErrorCode.NoSuchTransaction,
    `Transaction with txnNumber ${txnNumber} has been aborted or was never started.`,
    { labels: TRANSIENT },
  );
}

function sessionKey(command: Document): string | undefined {
  const id = (command.lsid as Document | undefined)?.id as
    { toString: (enc: string) => string } | undefined;
  return id ? id.toString("hex") : undefined;
}
