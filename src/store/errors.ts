import type { Document } from "bson";

/** MongoDB's server error codes that the store answers with (src/mongo/base/error_codes.yml). */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  WriteConflict: 112,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  Unauthorized: 13,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
} as const;

const codeNames = new Map<number, string>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

/** An error answered to the client as `{ ok: 0, errmsg, code, codeName }`. */
export class MongoServerError extends Error {
  readonly code: number;
  readonly errorLabels: string[];
  readonly extra: Document;

  constructor(
    code: number,
    message: string,
    options: { labels?: string[]; extra?: Document } = {},
  ) {
    super(message);
    this.name = "MongoServerError";
    this.code = code;
    this.errorLabels = options.labels ?? [];
    this.extra = options.extra ?? {};
  }

  get codeName(): string | undefined {
    return codeNames.get(this.code);
  }

  toReply(): Document {
    const reply: Document = { ok: 0, errmsg: this.message, code: this.code };
    if (this.codeName) reply.codeName = this.codeName;
    if (this.errorLabels.length > 0) reply.errorLabels = this.errorLabels;
    return { ...reply, ...this.extra };
  }

  /** The shape of one entry in a write command's `writeErrors`. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export const badValue = (message: string) => new MongoServerError(ErrorCode.BadValue, message);
export const failedToParse = (message: string) =>
  new MongoServerError(ErrorCode.FailedToParse, message);
export const typeMismatch = (message: string) =>
  new MongoServerError(ErrorCode.TypeMismatch, message);
export const notSupported = (what: string) =>
  new MongoServerError(
    ErrorCode.CommandNotSupported,
    `${what} is not supported by the embedded store; use a real MongoDB (MONGODB_URI) for it`,
  );

export const TRANSIENT = ["TransientTransactionError"];

/** Another write got there first; the driver retries the whole transaction. */
export function writeConflict(): MongoServerError {
  return new MongoServerError(
    ErrorCode.WriteConflict,
    "Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.",
    { labels: TRANSIENT },
  );
}

/** Any thrown value as a MongoServerError; unknown errors become InternalError without details. */
export function asServerError(error: unknown): MongoServerError {
  if (error instanceof MongoServerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoServerError(ErrorCode.InternalError, message);
}

/** Start-up failures the caller can name a setting for. */
export class StoreStartError extends Error {
  constructor(
    readonly reason:
      "PORT_IN_USE" | "DATA_DIR_UNWRITABLE" | "DATA_DIR_LOCKED" | "SOCKET_PATH_TOO_LONG",
    message: string,
  ) {
    super(message);
    this.name = "StoreStartError";
  }
}
