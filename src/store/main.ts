// `npm run db:start -- [--data-dir D] [--port P [--host H]]`: the embedded store alone, for any
// MongoDB client. Prints the URI on the first line of stdout. Without --port it listens only on
// the Unix socket D/store.sock (mode 0600 in a 0700 folder); a port is served without
// authentication, on 127.0.0.1 unless --host names another interface.
import { parseArgs } from "node:util";

import { startEmbeddedStore, StoreStartError } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string", default: "./data" },
    host: { type: "string" },
  },
});

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`--port must be a port number (0-65535), got "${values.port}"`);
  process.exit(1);
}
if (values.host !== undefined && port === undefined) {
  console.error("--host needs --port: without a port the store listens only on its socket");
  process.exit(1);
}

const loopback = (host: string) =>
  host === "localhost" || host === "::1" || host.startsWith("127.");

try {
  const store = await startEmbeddedStore({ port, dataDir: values["data-dir"], host: values.host });
  console.log(store.uri);
  if (values.host !== undefined && !loopback(values.host)) {
    console.error(
      `warning: the store has no authentication; anyone who reaches ${values.host} can read and change every database`,
    );
  }
  console.error(`embedded store ready; data in ${values["data-dir"]}; Ctrl-C to stop`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    store.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if (!(error instanceof StoreStartError)) throw error;
  const setting = error.reason === "PORT_IN_USE" ? "--port" : "--data-dir";
  console.error(`cannot start the embedded store (${setting}): ${error.message}`);
  process.exit(1);
}
