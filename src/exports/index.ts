import type { ServerResponse } from "node:http";

import type { RunningGateway } from "../gateway/server.js";
import type { RouteHandler } from "../shared/graphql/http.js";
import { type ExportRequest, TABLES } from "./tables.js";
import { type Delimiter, toCsv, toXlsx } from "./write.js";

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
};

/**
 * `GET /exports/<table>.<csv|xlsx>?<filters>`: a table of the dashboard as a file. It runs the
 * same GraphQL operation through the gateway with the caller's token, so the filters, the roles
 * and the suppression of small groups are exactly those of the API.
 */
export function exportsRoute(gateway: RunningGateway): RouteHandler {
  return async (req, res) => {
    if (req.method !== "GET") return fail(res, 405, "BAD_REQUEST", "Use GET.");
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/exports\/([a-z-]+)\.(csv|xlsx)$/.exec(url.pathname);
    const table = match ? TABLES[match[1]!] : undefined;
    if (!match || !table) {
      const names = Object.keys(TABLES).join(", ");
      return fail(res, 404, "NOT_FOUND", `No such export; tables: ${names}; formats: csv, xlsx.`);
    }
    const request = parseRequest(url.searchParams);
    if (typeof request === "string") return fail(res, 400, "BAD_USER_INPUT", request);
    const result = await gateway.execute<Record<string, unknown>>(
      req,
      table.query,
      table.variables(request),
    );
    const error = result.errors?.[0];
    if (error || !result.data) {
      const code = String(error?.extensions?.["code"] ?? "INTERNAL_SERVER_ERROR");
      return fail(res, STATUS[code] ?? 500, code, error?.message ?? "Internal server error");
    }
    const rendered = table.render(result.data, request);
    const file = `${match[1]}.${match[2]}`;
    const body = match[2] === "csv" ? toCsv(rendered, request.delimiter) : await toXlsx(rendered);
    res.writeHead(200, {
      "Content-Type":
        match[2] === "csv"
          ? "text/csv; charset=utf-8"
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Content-Length": body.length,
      "Cache-Control": "no-store",
    });
    res.end(body);
  };
}

const LIST = (value: string | null) =>
  value
    ?.split(",")
    .map((v) => v.trim())
    .filter(Boolean);

function parseRequest(params: URLSearchParams): ExportRequest | string {
  const delimiter = params.get("delimiter") ?? "comma";
  if (delimiter !== "comma" && delimiter !== "semicolon") {
    return "delimiter must be comma or semicolon.";
  }
  const lang = params.get("lang") ?? "pl";
  if (lang !== "pl" && lang !== "en") return "lang must be pl or en.";
  return {
    filter: {
      from: params.get("from"),
      to: params.get("to"),
      subregions: LIST(params.get("subregions")) ?? null,
      sectors: LIST(params.get("sectors")) ?? null,
      programme: params.get("programme"),
      visitId: params.get("visitId"),
    },
    theme: params.get("theme") ?? "NEEDS",
    by: params.get("by") ?? "SECTOR",
    measure: params.get("measure") ?? "RESPONSES",
    interval: params.get("interval") ?? "MONTH",
    delimiter: (delimiter === "semicolon" ? ";" : ",") as Delimiter,
    lang,
  };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(body);
}
