import type { Collection, Document } from "mongodb";

import { recordKey } from "./perturbation.js";

/**
 * Gives every record of `model` that has no record key (stored before cell-key perturbation)
 * one, at random, once: a key is never changed after it is set, so a rerun changes nothing.
 * Returns how many records got one.
 */
export async function giveRecordKeys(model: {
  collection: Pick<Collection<Document>, "find" | "updateOne">;
}): Promise<number> {
  const without = { recordKey: { $exists: false } };
  const missing = await model.collection.find(without, { projection: { _id: 1 } }).toArray();
  for (const { _id } of missing) {
    await model.collection.updateOne({ _id, ...without }, { $set: { recordKey: recordKey() } });
  }
  return missing.length;
}
