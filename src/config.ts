import path from "node:path";

import { z } from "zod";

import { StartupError } from "./shared/errors.js";
import { LOG_LEVELS, type LogLevel } from "./shared/logger.js";

export interface Config {
  /** HTTP port; 0 picks a free one. */
  port: number;
  host: string;
  /** When set, the embedded store is not started. */
  mongodbUri: string | undefined;
  dbName: string;
  /** Absolute path of the embedded store's data folder. */
  dataDir: string;
  /** Embedded store port on 127.0.0.1; 0 picks a free one. */
  storePort: number;
  logLevel: LogLevel;
}

// Variables whose value must never be echoed back (credentials in the URI).
const SECRET = new Set(["MONGODB_URI"]);

// `PORT=` in a .env file or a compose file means "not set", not "invalid".
const unsetIfEmpty = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const port = (fallback: number) => {
  const message = "must be a whole number from 0 to 65535";
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, message)
      .transform(Number)
      .refine((n) => n <= 65535, message)
      .default(fallback),
  );
};

const text = (fallback: string) => z.preprocess(unsetIfEmpty, z.string().trim().default(fallback));

const schema = z.object({
  PORT: port(4000),
  HOST: text("0.0.0.0"),
  MONGODB_URI: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(
        /^mongodb(\+srv)?:\/\/\S+$/,
        "must be a mongodb:// or mongodb+srv:// connection string",
      )
      .optional(),
  ),
  MONGODB_DB: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(
        /^[^/\\. "$*<>:|?]{1,63}$/,
        'must be a MongoDB database name: 1–63 characters, none of / \\ . " $ * < > : | ?',
      )
      .default("wizyty"),
  ),
  DATA_DIR: text("./data"),
  STORE_PORT: port(0),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" ? unsetIfEmpty(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
});

/** Reads and validates the environment; throws a StartupError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = SECRET.has(name) ? "" : ` (got ${JSON.stringify(env[name])})`;
      return `${name} ${issue.message}${got}`;
    });
    throw new StartupError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const vars = result.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    mongodbUri: vars.MONGODB_URI,
    dbName: vars.MONGODB_DB,
    dataDir: path.resolve(vars.DATA_DIR),
    storePort: vars.STORE_PORT,
    logLevel: vars.LOG_LEVEL,
  };
}
