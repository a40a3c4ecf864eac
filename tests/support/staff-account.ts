// A staff account for tests and benchmarks that sign their own tokens: tokens are checked
// against the user record, so each needs one. Made on first use, given `role` when it has another.
import type { Db } from "mongodb";

import { USERS_COLLECTION } from "../../src/models/visits/user.model.js";
import type { Role } from "../../src/shared/auth.js";

/** `visits` is the visits subgraph's database; gives the account's id and token version. */
export async function staffAccount(
  visits: Db,
  role: Role,
  email: string,
): Promise<{ id: string; tokenVersion: number }> {
  const user = await visits.collection(USERS_COLLECTION).findOneAndUpdate(
    { email },
    {
      $set: { role },
      // No password signs in to it: "!" is no scrypt hash.
      $setOnInsert: { passwordHash: "!", disabled: false, tokenVersion: 0, createdAt: new Date() },
    },
    { upsert: true, returnDocument: "after" },
  );
  return { id: user!._id.toHexString(), tokenVersion: user!["tokenVersion"] as number };
}
