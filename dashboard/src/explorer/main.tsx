// The staff API explorer at /explorer: GraphiQL on the product's own /graphql, with the schema
// built in (introspection is off on the gateway) and the dashboard's session as the token.
import "graphiql/setup-workers/vite";
// graphiql/style.css would add a second copy of Monaco's styles (Vite already bundles those from
// Monaco's own imports) and 470 kB of fonts as data: URLs; these are GraphiQL's styles alone,
// and its text falls back to the system's fonts.
import "@graphiql/react/style.css";
import "@graphiql/plugin-doc-explorer/style.css";
import "@graphiql/plugin-history/style.css";
import "graphiql/graphiql.css";
import "./explorer.css";

import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { buildSchema } from "graphql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import sdl from "virtual:api-schema";

import { authorizationHeader } from "../session";
import { SessionLine } from "./session-line.js";

const schema = buildSchema(sdl);

// The gateway answers every operation in one JSON body (no @defer), so no multipart reading.
const http = createGraphiQLFetcher({ url: "/graphql", enableIncrementalDelivery: false });

// The token is read for each request, so signing in on the dashboard needs no reload here.
// An Authorization typed in GraphiQL's headers editor, in any case, replaces it: fetch would
// otherwise join the two into one header.
const fetcher: Fetcher = (params, opts) => {
  const typed: Record<string, unknown> = opts?.headers ?? {};
  const ownToken = Object.keys(typed).some((name) => name.toLowerCase() === "authorization");
  return http(params, {
    ...opts,
    headers: { ...(ownToken ? {} : authorizationHeader()), ...typed },
  });
};

const DEFAULT_QUERY = `# Wizyty API explorer. Ctrl+Enter runs the operation; Ctrl+Space suggests fields.
# The Docs button on the left lists every type and field.

{
  me {
    email
    role
  }
  subregions {
    code
    name
  }
}
`;

createRoot(document.getElementById("explorer")!).render(
  <StrictMode>
    <SessionLine />
    <main className="explorer-main" aria-label="GraphQL explorer">
      <GraphiQL fetcher={fetcher} schema={schema} defaultQuery={DEFAULT_QUERY}>
        {/* The header above names the page; GraphiQL's own logo links off-site, in low contrast. */}
        <GraphiQL.Logo>{null}</GraphiQL.Logo>
      </GraphiQL>
    </main>
  </StrictMode>,
);
