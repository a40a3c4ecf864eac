// `npm run db:start -- --port P --data-dir D [--host H]`: the embedded store alone, for any
// MongoDB client. Prints the URI on the first line of stdout.
import { parseArgs } from "node:util";

import { startEmbeddedStore, StoreStartError } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "27017" },
    "data-dir": { type: "string", default: "./data" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0-65535), got "${values.port}"`);
  process.exit(1);
}

try {
  const store = await startEmbeddedStore({ port, dataDir: values["data-dir"], host: values.host });
  console.log(store.uri);
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
