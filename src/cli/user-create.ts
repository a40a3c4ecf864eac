import "reflect-metadata";

import { parseArgs } from "node:util";

import { GraphQLError } from "graphql";

import { loadConfig } from "../config.js";
import { UserService } from "../services/visits/user.service.js";
import { Role } from "../shared/auth.js";
import { StartupError } from "../shared/errors.js";
import { withVisitsDatabase } from "./visits-database.js";

const USAGE = `Usage: npm run user:create -- --email <e-mail> --password <password> --role <${Object.values(Role).join("|")}>

Creates a staff user in the visits database named by MONGODB_URI / MONGODB_DB, or in the
embedded store in DATA_DIR (through the running service's socket when the service is running).
The password needs at least 12 characters.`;

async function main(): Promise<number> {
  let values: { email?: string; password?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { email, password, role } = values;
  if (!email || !password || !role) {
    return fail(`--email, --password and --role are required.\n\n${USAGE}`);
  }
  const roleName = role.toUpperCase();
  if (!(Object.values(Role) as string[]).includes(roleName)) {
    return fail(`--role must be one of ${Object.values(Role).join(", ")} (got "${role}").`);
  }

  const config = loadConfig();
  try {
    const user = await withVisitsDatabase(config, (_db, models) =>
      new UserService(models).create({ email, password, role: roleName as Role }),
    );
    process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
    return 0;
  } catch (error) {
    // The service's errors are meant for people: a duplicate e-mail, a short password.
    if (error instanceof GraphQLError) return fail(error.message);
    throw error;
  }
}

function fail(message: string): number {
  process.stderr.write(`wizyty user:create: ${message}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof StartupError
        ? error.message
        : `failed: ${error instanceof Error ? error.stack : String(error)}`;
    process.stderr.write(`wizyty user:create: ${message}\n`);
    process.exit(1);
  },
);
