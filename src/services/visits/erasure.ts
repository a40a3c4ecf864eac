import type { ClientSession, Types } from "mongoose";

import { ERASED_TEXT, erasedEmail } from "../../domain/personal-data.js";
import type { VisitsModels } from "../../models/visits/index.js";
import { RegistrationStatus } from "../../schema/visits/enums.js";
import { trusted } from "../../shared/mongo.js";

/**
 * Replaces the name, e-mail and institution of these participants, and the institution on each
 * of their registrations, with placeholders. Statuses, sectors, genders, visits and dates stay:
 * they are what every count and rollup is made of, and alone they name nobody. Participants
 * erased already are left as they are, so running it again changes nothing.
 */
export async function eraseParticipants(
  models: VisitsModels,
  ids: readonly Types.ObjectId[],
  session: ClientSession | undefined,
  now = new Date(),
): Promise<{ participants: number; registrations: number }> {
  let participants = 0;
  for (const _id of ids) {
    const erased = await models.Participant.updateOne(
      { _id, erasedAt: null },
      {
        $set: {
          name: ERASED_TEXT,
          email: erasedEmail(_id.toHexString()),
          institution: ERASED_TEXT,
          erasedAt: now,
        },
      },
      { session },
    );
    participants += erased.modifiedCount;
  }
  const registrations = ids.length
    ? await models.Registration.updateMany(
        { participant: trusted({ $in: [...ids] }), institution: trusted({ $ne: ERASED_TEXT }) },
        { $set: { institution: ERASED_TEXT } },
        { session },
      )
    : { modifiedCount: 0 };
  return { participants, registrations: registrations.modifiedCount };
}

/**
 * After cancelling (consent withdrawn): the cancelled registrations lose their institution, and
 * every participant left with no registration but cancelled ones is erased. A participant still
 * registered for, or recorded at, another visit keeps their data for that one.
 */
export async function forgetCancelled(
  models: VisitsModels,
  registrations: readonly Types.ObjectId[],
  participants: readonly Types.ObjectId[],
  session: ClientSession,
): Promise<void> {
  if (registrations.length === 0) return;
  await models.Registration.updateMany(
    { _id: trusted({ $in: [...registrations] }) },
    { $set: { institution: ERASED_TEXT } },
    { session },
  );
  const stillCovered = await models.Registration.distinct("participant", {
    participant: trusted({ $in: [...participants] }),
    status: trusted({ $ne: RegistrationStatus.CANCELLED }),
  }).session(session);
  const covered = new Set(stillCovered.map((id) => String(id)));
  await eraseParticipants(
    models,
    participants.filter((id) => !covered.has(id.toHexString())),
    session,
  );
}
