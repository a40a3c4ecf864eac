import { BSON, type Document } from "bson";

import { ErrorCode, MongoServerError } from "../errors.js";

/** Limits the store advertises in `hello`; the same numbers as MongoDB's. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;
/** MongoDB lets a command body exceed a user document by this much (BSONObjMaxInternalSize). */
const INTERNAL_DOCUMENT_SLACK = 16 * 1024;

export const OpCode = {
  REPLY: 1,
  QUERY: 2004,
  COMPRESSED: 2012,
  MSG: 2013,
} as const;

const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A decoded request: a command document plus where to send the answer. */
export interface Request {
  header: MessageHeader;
  /** The command, with OP_MSG document sequences folded in as arrays. */
  command: Document;
  /** Database the command runs against (`$db`, or the OP_QUERY namespace). */
  db: string;
  /** OP_MSG with moreToCome: the client wants no answer. */
  fireAndForget: boolean;
}

export const HEADER_SIZE = 16;

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    length: buffer.readInt32LE(0),
    requestId: buffer.readInt32LE(4),
    responseTo: buffer.readInt32LE(8),
    opCode: buffer.readInt32LE(12),
  };
}

const deserializeOptions = { promoteBuffers: false, validation: { utf8: false } } as const;

function readDocument(buffer: Buffer, offset: number, limit: number): [Document, number] {
  if (offset + 4 > buffer.length) throw protocolError("truncated BSON document");
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > buffer.length) throw protocolError("invalid BSON document size");
  if (size > limit) {
    throw new MongoServerError(
      ErrorCode.BSONObjectTooLarge,
      `BSONObj size: ${size} (0x${size.toString(16)}) is invalid. Size must be between 0 and ${limit}`,
    );
  }
  const document = BSON.deserialize(buffer.subarray(offset, offset + size), deserializeOptions);
  return [document, offset + size];
}

function readCString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw protocolError("unterminated string in message");
  return [buffer.toString("utf8", offset, end), end + 1];
}

function protocolError(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.FailedToParse, message);
}

/** Decodes one complete message (header included). Unknown opcodes throw. */
export function decodeRequest(message: Buffer): Request {
  const header = readHeader(message);
  if (header.opCode === OpCode.MSG) return decodeMsg(header, message);
  if (header.opCode === OpCode.QUERY) return decodeQuery(header, message);
  if (header.opCode === OpCode.COMPRESSED) {
    throw new MongoServerError(ErrorCode.BadValue, "compressed messages are not supported");
  }
  throw new MongoServerError(ErrorCode.BadValue, `unsupported opcode ${header.opCode}`);
}

function decodeMsg(header: MessageHeader, message: Buffer): Request {
  const flags = message.readUInt32LE(HEADER_SIZE);
  const end = flags & MSG_CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  const commandLimit = MAX_BSON_OBJECT_SIZE + INTERNAL_DOCUMENT_SLACK;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      [body, offset] = readDocument(message, offset, commandLimit);
    } else if (kind === 1) {
      const sectionEnd = offset + message.readInt32LE(offset);
      let identifier: string;
      [identifier, offset] = readCString(message, offset + 4);
      const documents: Document[] = [];
      while (offset < sectionEnd) {
        let document: Document;
        [document, offset] = readDocument(message, offset, commandLimit);
        documents.push(document);
      }
      sequences.push([identifier, documents]);
    } else {
      throw protocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw protocolError("OP_MSG without a body section");
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return {
    header,
    command: body,
    db: typeof body.$db === "string" ? body.$db : "admin",
    fireAndForget: (flags & MSG_MORE_TO_COME) !== 0,
  };
}

/** Legacy OP_QUERY: only commands against `<db>.$cmd` (the handshake of older clients). */
function decodeQuery(header: MessageHeader, message: Buffer): Request {
  const [namespace, afterName] = readCString(message, HEADER_SIZE + 4);
  // numberToSkip and numberToReturn (8 bytes) mean nothing for a command.
  const [query] = readDocument(message, afterName + 8, MAX_BSON_OBJECT_SIZE);
  const [db, collection] = splitOnce(namespace, ".");
  if (collection !== "$cmd") {
    throw new MongoServerError(
      ErrorCode.CommandNotSupported,
      "OP_QUERY is supported only for commands; use OP_MSG",
    );
  }
  // Old clients wrap the command as { $query: {...}, $readPreference: ... }.
  const command = query.$query && typeof query.$query === "object" ? query.$query : query;
  return { header, command, db, fireAndForget: false };
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ""] : [value.slice(0, at), value.slice(at + 1)];
}

const serializeOptions = { ignoreUndefined: true } as const;

/** Encodes the answer to `request` in the same protocol the request used. */
export function encodeReply(request: Request, reply: Document, requestId: number): Buffer {
  const body = BSON.serialize(reply, serializeOptions);
  const opCode = request.header.opCode === OpCode.QUERY ? OpCode.REPLY : OpCode.MSG;
  // OP_REPLY: flags, cursorID, startingFrom, numberReturned; OP_MSG: flags, section kind 0.
  const prefixSize = opCode === OpCode.REPLY ? 20 : 5;
  const message = Buffer.alloc(HEADER_SIZE + prefixSize + body.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(request.header.requestId, 8);
  message.writeInt32LE(opCode, 12);
  if (opCode === OpCode.REPLY) {
    message.writeInt32LE(1, HEADER_SIZE + 16); // numberReturned; flags, cursor and start stay 0
  }
  message.set(body, HEADER_SIZE + prefixSize);
  return message;
}
