import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

import { closeServer, listen } from "../../src/shared/process.js";

export interface RecordingProxy {
  url: string;
  /** The headers of every request the proxy has passed on, oldest first. */
  seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

// Set by fetch itself for the hop to the target.
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "keep-alive"]);

/** Sits between a gateway and a real subgraph and records what the gateway sends. */
export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer(async (req, res) => {
    seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.entries(req.headers).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" && !HOP_BY_HOP.has(entry[0]),
    );
    const answer = await fetch(target, { method: "POST", headers, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  const { port } = await listen(server, 0, "127.0.0.1");
  return { url: `http://127.0.0.1:${port}/graphql`, seen, close: () => closeServer(server) };
}
