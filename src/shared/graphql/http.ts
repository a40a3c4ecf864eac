import type { IncomingMessage, ServerResponse } from "node:http";

import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";

/** Larger than any real operation (the biggest is a feedback submission, a few KB). */
const MAX_BODY_BYTES = 1024 * 1024;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type ContextFactory<TContext> = (req: IncomingMessage) => Promise<TContext>;

/**
 * Serves an Apollo Server on node:http: the integration contract of `@apollo/server` 5
 * (`executeHTTPGraphQLRequest`), without a web framework we would use for nothing else.
 */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: ContextFactory<TContext>,
): RouteHandler {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      return sendError(res, error instanceof HttpError ? error.status : 400, String(error));
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
      context: () => context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  override toString(): string {
    return this.message;
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body is larger than 1 MiB.");
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

function sendError(res: ServerResponse, status: number, message: string): void {
  const json = JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(json);
}
