import type { ClientSession, Types } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import { RegistrationStatus } from "../../schema/visits/enums.js";

/**
 * Gives up to `seats` free seats to the first waitlisted registrations, in waitlist order, and
 * moves the visit's counters with them. Runs inside the caller's transaction. Each pick is one
 * findAndModify, so two transactions never promote the same registration without one of them
 * failing at commit.
 */
export async function promoteFromWaitlist(
  models: VisitsModels,
  visit: Types.ObjectId,
  seats: number,
  session: ClientSession,
): Promise<number> {
  let promoted = 0;
  while (promoted < seats) {
    const next = await models.Registration.findOneAndUpdate(
      { visit, status: RegistrationStatus.WAITLISTED },
      { $set: { status: RegistrationStatus.REGISTERED, waitlistSeq: null } },
      { sort: { waitlistSeq: 1 }, session, projection: { _id: 1 } },
    ).lean();
    if (!next) break;
    promoted++;
  }
  if (promoted > 0) {
    await models.Visit.updateOne(
      { _id: visit },
      { $inc: { seatsTaken: promoted, waitlistCount: -promoted } },
      { session },
    );
  }
  return promoted;
}
