import type { ClientSession, Types } from "mongoose";

import type { VisitDocument, VisitsModels } from "../../models/visits/index.js";
import { RegistrationStatus } from "../../schema/visits/enums.js";
import { trusted } from "../../shared/mongo.js";
import { forgetCancelled } from "./erasure.js";
import { countRegistrations, visitKeyOf } from "./participation-rollup.service.js";

/** What cancelling sets on a registration, whoever cancels it: it frees its seat or place. */
export const cancelledFields = () => ({
  status: RegistrationStatus.CANCELLED,
  active: false,
  waitlistSeq: null,
  cancelledAt: new Date(),
});

/** Whom to tell that their visit will not take place. */
export interface CancelledPerson {
  registrationId: string;
  name: string;
  email: string;
}

const OPEN = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED];

/**
 * Cancels every registration of a cancelled visit that still waits for it (REGISTERED and
 * WAITLISTED; attendance already recorded stays), with the visit's seat counters and the
 * participation rollups. Runs in the caller's transaction, after its write to the visit, so a
 * registration or cancellation meanwhile makes one of the two transactions retry.
 */
export async function cancelOpenRegistrations(
  models: VisitsModels,
  visit: Types.ObjectId,
  session: ClientSession,
): Promise<{ visit: VisitDocument; people: CancelledPerson[] } | null> {
  const open = await models.Registration.find(
    { visit, status: trusted({ $in: OPEN }) },
    { participant: 1, sector: 1, status: 1, recordKey: 1 },
  )
    .session(session)
    .lean<
      {
        _id: Types.ObjectId;
        participant: Types.ObjectId;
        sector: string;
        status: string;
        recordKey?: number;
      }[]
    >();
  if (open.length === 0) return null;
  await models.Registration.updateMany(
    { _id: trusted({ $in: open.map((r) => r._id) }), status: trusted({ $in: OPEN }) },
    { $set: cancelledFields() },
    { session },
  );
  const waitlisted = open.filter((r) => r.status === RegistrationStatus.WAITLISTED).length;
  const counted = await models.Visit.findOneAndUpdate(
    { _id: visit },
    { $inc: { seatsTaken: -(open.length - waitlisted), waitlistCount: -waitlisted } },
    { session, returnDocument: "after" },
  ).lean<VisitDocument>();
  const people = await models.Participant.find(
    { _id: trusted({ $in: open.map((r) => r.participant) }) },
    { name: 1, email: 1, gender: 1, erasedAt: 1 },
  )
    .session(session)
    .lean<
      {
        _id: Types.ObjectId;
        name: string;
        email: string;
        gender?: string | null;
        erasedAt?: Date | null;
      }[]
    >();
  const byId = new Map(people.map((p) => [p._id.toHexString(), p]));
  await countRegistrations(
    models,
    visitKeyOf(counted!),
    open.map((r) => ({
      sector: r.sector,
      gender: byId.get(r.participant.toHexString())?.gender ?? null,
      from: r.status as RegistrationStatus,
      to: RegistrationStatus.CANCELLED,
      key: r.recordKey,
    })),
    session,
  );
  // The people were read above, for the message that the visit will not take place.
  await forgetCancelled(
    models,
    open.map((r) => r._id),
    open.map((r) => r.participant),
    session,
  );
  return {
    visit: counted!,
    people: open.flatMap((r) => {
      const person = byId.get(r.participant.toHexString());
      // An erased participant's address is a placeholder that no mail reaches.
      return person && !person.erasedAt
        ? [{ registrationId: r._id.toHexString(), name: person.name, email: person.email }]
        : [];
    }),
  };
}
