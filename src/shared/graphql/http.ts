import type { IncomingMessage, ServerResponse } from "node:http";

import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";

import { LIMITS } from "./limits.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type ContextFactory<TContext> = (req: IncomingMessage) => Promise<TContext>;

/** The HTTP side of src/shared/graphql/limits.ts; tests shrink them. */
export type HttpLimits = Record<"requestBytes" | "responseBytes" | "requestMs", number>;

/**
 * Serves an Apollo Server on node:http: the integration contract of `@apollo/server` 5
 * (`executeHTTPGraphQLRequest`), without a web framework we would use for nothing else.
 */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: ContextFactory<TContext>,
  limits: HttpLimits = LIMITS,
): RouteHandler {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, limits.requestBytes);
    } catch (error) {
      if (!(error instanceof HttpError)) return sendError(res, 400, String(error));
      return sendError(res, error.status, error.message, error.code);
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const response = await withinTimeLimit(
      server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
        context: () => context(req),
      }),
      limits.requestMs,
    );
    if (!response) {
      const seconds = limits.requestMs / 1000;
      return sendError(res, 503, `The operation took longer than ${seconds} s.`, "TIMEOUT");
    }
    const { body: answer } = response;
    if (answer.kind === "complete" && Buffer.byteLength(answer.string) > limits.responseBytes) {
      const message = `The answer is larger than ${mebibytes(limits.responseBytes)}; ask for less.`;
      return sendError(res, 400, message, "RESPONSE_TOO_LARGE");
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (answer.kind === "complete") {
      res.end(answer.string);
      return;
    }
    for await (const chunk of answer.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The answer, or undefined when the request time limit passed first. */
async function withinTimeLimit<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "BAD_REQUEST",
  ) {
    super(message);
  }
  override toString(): string {
    return this.message;
  }
}

async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      const message = `Request body is larger than ${mebibytes(maxBytes)}.`;
      throw new HttpError(413, message, "REQUEST_TOO_LARGE");
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/(graphql-response\+)?json/i.test(type)) return text;
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON.");
  }
}

/** A GraphQL-shaped error answer for a request that never reached Apollo Server. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  code = "BAD_REQUEST",
) {
  const json = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(json);
}
