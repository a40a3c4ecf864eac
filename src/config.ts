import path from "node:path";

import { z } from "zod";

import { StartupError } from "./shared/errors.js";
import { LOG_LEVELS, type LogLevel } from "./shared/logger.js";
import { PTABLE, type Ptable } from "./shared/perturbation.js";

export interface Config {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Unset: every interface for the service, loopback for a subgraph started alone. */
  host: string | undefined;
  /** Reverse proxies in front of the service; 0 ignores X-Forwarded-For. */
  trustProxy: number;
  /** When set, the embedded store is not started. */
  mongodbUri: string | undefined;
  dbName: string;
  /** Absolute path of the embedded store's data folder. */
  dataDir: string;
  /**
   * When set, the embedded store listens on this port of 127.0.0.1 (0 picks a free one), without
   * authentication; when unset, only on the Unix socket in DATA_DIR.
   */
  storePort: number | undefined;
  logLevel: LogLevel;
  /** HS256 key for staff tokens; when unset a random one is kept in DATA_DIR. */
  jwtSecret: string | undefined;
  /** What the gateway sends to subgraphs (the first) and what subgraphs accept (any); may be []. */
  subgraphSecrets: string[];
  tokenTtlMinutes: number;
  /** A subgraph's URL makes the gateway use it instead of running that subgraph in-process. */
  subgraphUrls: { visits: string | undefined; feedback: string | undefined };
  /** Base of the links participants open; the gateway's own address when unset. */
  publicUrl: string | undefined;
  /** `smtp://user:pass@host:587`; without it invitations are handed out as links and QR codes. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Seed demo data when the store holds no visits. */
  seedOnStart: boolean;
  /** Smallest group of respondents or people an analytics cell may show (K, at least 3). */
  analyticsMinGroup: number;
  /**
   * Months after a participant's last visit ended after which `npm run retention:erase` erases
   * their personal data.
   */
  retentionMonths: number;
  /**
   * The perturbation table every published count goes through: always the versioned reference
   * table (not configurable; only the test support swaps it, to check sums exactly).
   */
  ptable: Ptable;
  /** Whether the gateway answers introspection (`__schema`, `__type`); off unless asked for. */
  graphqlIntrospection: boolean;
}

// Variables whose value must never be echoed back (credentials in the URI).
const SECRET = new Set(["MONGODB_URI", "JWT_SECRET", "SMTP_URL", "SUBGRAPH_SECRET"]);

// `PORT=` in a .env file or a compose file means "not set", not "invalid".
const unsetIfEmpty = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const portNumber = () => {
  const message = "must be a whole number from 0 to 65535";
  return z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, message)
    .transform(Number)
    .refine((n) => n <= 65535, message);
};

const port = (fallback: number) => z.preprocess(unsetIfEmpty, portNumber().default(fallback));

const optionalPort = z.preprocess(unsetIfEmpty, portNumber().optional());

const text = (fallback: string) => z.preprocess(unsetIfEmpty, z.string().trim().default(fallback));

const httpUrl = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, "must be an http:// or https:// URL")
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
);

const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (typeof value === "string" ? unsetIfEmpty(value.toLowerCase()) : value),
    z
      .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
      .transform((v) => v === "true" || v === "1" || v === "yes")
      .default(fallback),
  );

const schema = z.object({
  PORT: port(4000),
  HOST: z.preprocess(unsetIfEmpty, z.string().trim().optional()),
  TRUST_PROXY: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, "must be the number of reverse proxies in front, from 0 to 10")
      .transform(Number)
      .refine((n) => n <= 10, "must be the number of reverse proxies in front, from 0 to 10")
      .default(0),
  ),
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
  STORE_PORT: optionalPort,
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" ? unsetIfEmpty(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  JWT_SECRET: z.preprocess(
    unsetIfEmpty,
    z.string().min(32, "must be at least 32 characters (use `openssl rand -base64 48`)").optional(),
  ),
  SUBGRAPH_SECRET: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((list) => list.split(",").map((secret) => secret.trim()))
      .refine(
        (secrets) => secrets.every((secret) => secret.length >= 32),
        "must be one or more secrets separated by commas, each at least 32 characters (use `openssl rand -base64 48`)",
      )
      .default([]),
  ),
  TOKEN_TTL_MINUTES: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, "must be a whole number of minutes from 1 to 10080")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 10080, "must be a whole number of minutes from 1 to 10080")
      .default(480),
  ),
  VISITS_URL: httpUrl,
  FEEDBACK_URL: httpUrl,
  PUBLIC_URL: httpUrl,
  SMTP_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  MAIL_FROM: text("Wizyty <no-reply@localhost>"),
  SEED_ON_START: flag(true),
  ANALYTICS_MIN_GROUP: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, "must be a whole number, at least 3")
      .transform(Number)
      // The Polish public statistics act (art. 38–39) forbids publishing data on fewer than 3 units.
      .refine((n) => n >= 3, "must be at least 3 (the statistics act forbids groups below 3)")
      .default(5),
  ),
  GRAPHQL_INTROSPECTION: flag(false),
  RETENTION_MONTHS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, "must be a whole number of months from 1 to 120")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 120, "must be a whole number of months from 1 to 120")
      .default(24),
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
    trustProxy: vars.TRUST_PROXY,
    mongodbUri: vars.MONGODB_URI,
    dbName: vars.MONGODB_DB,
    dataDir: path.resolve(vars.DATA_DIR),
    storePort: vars.STORE_PORT,
    logLevel: vars.LOG_LEVEL,
    jwtSecret: vars.JWT_SECRET,
    subgraphSecrets: vars.SUBGRAPH_SECRET,
    tokenTtlMinutes: vars.TOKEN_TTL_MINUTES,
    subgraphUrls: { visits: vars.VISITS_URL, feedback: vars.FEEDBACK_URL },
    publicUrl: vars.PUBLIC_URL,
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM,
    seedOnStart: vars.SEED_ON_START,
    analyticsMinGroup: vars.ANALYTICS_MIN_GROUP,
    ptable: PTABLE,
    graphqlIntrospection: vars.GRAPHQL_INTROSPECTION,
    retentionMonths: vars.RETENTION_MONTHS,
  };
}
