import type { ClientSession, Types } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import { RegistrationStatus } from "../../schema/visits/enums.js";
import { countRegistrations, gendersOf, visitKeyOf } from "./participation-rollup.service.js";

/**
 * Gives up to `seats` free seats to the first waitlisted registrations, in waitlist order, and
 * moves the visit's counters and rollups with them. Runs inside the caller's transaction. Each
 * pick is one findAndModify, so two transactions never promote the same registration without
 * one of them failing at commit.
 */
export async function promoteFromWaitlist(
  models: VisitsModels,
  visit: Types.ObjectId,
  seats: number,
  session: ClientSession,
): Promise<number> {
  const promoted: { participant: Types.ObjectId; sector: string; recordKey?: number }[] = [];
  while (promoted.length < seats) {
    const next = await models.Registration.findOneAndUpdate(
      { visit, status: RegistrationStatus.WAITLISTED },
      { $set: { status: RegistrationStatus.REGISTERED, waitlistSeq: null } },
      {
        sort: { waitlistSeq: 1 },
        session,
        projection: { participant: 1, sector: 1, recordKey: 1 },
      },
    ).lean<{ participant: Types.ObjectId; sector: string; recordKey?: number }>();
    if (!next) break;
    promoted.push(next);
  }
  if (promoted.length === 0) return 0;
  const counted = await models.Visit.findOneAndUpdate(
    { _id: visit },
    { $inc: { seatsTaken: promoted.length, waitlistCount: -promoted.length } },
    { session, projection: { subregion: 1, programme: 1, startDate: 1 } },
  ).lean<{ subregion: string; programme: string; startDate: string }>();
  const genders = await gendersOf(
    models,
    promoted.map((r) => r.participant),
    session,
  );
  await countRegistrations(
    models,
    visitKeyOf(counted!),
    promoted.map((r) => ({
      sector: r.sector,
      gender: genders.get(r.participant.toHexString()) ?? null,
      from: RegistrationStatus.WAITLISTED,
      to: RegistrationStatus.REGISTERED,
      key: r.recordKey,
    })),
    session,
  );
  return promoted.length;
}
