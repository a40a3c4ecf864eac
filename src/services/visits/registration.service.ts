import type { ClientSession, Connection as Db, Types } from "mongoose";

import { hasStarted, visitNotStarted } from "../../domain/visit-calendar.js";
import type {
  ParticipantDocument,
  RegistrationDocument,
  VisitDocument,
  VisitsModels,
} from "../../models/visits/index.js";
import type { SectorCode } from "../../reference/index.js";
import {
  FINAL_VISIT_STATUSES,
  type Gender,
  RegistrationStatus,
  SEAT_HOLDING,
  VisitStatus,
} from "../../schema/visits/enums.js";
import { PERSONAL_DATA_ROLES, requireRole, type Viewer } from "../../shared/auth.js";
import { badInput, conflict, forbidden, notFound } from "../../shared/graphql/errors.js";
import { isDuplicateKey, objectId, trusted } from "../../shared/mongo.js";
import { newSecret, sameHash, sha256 } from "../../shared/secrets.js";
import { cancelledFields } from "./cancellation.js";
import { REGISTRATION_CONSENT } from "./consent.js";
import { forgetCancelled } from "./erasure.js";
import { countRegistrations, gendersOf, visitKeyOf } from "./participation-rollup.service.js";
import { notFoundAt, trimmed } from "./support.js";
import { isVisibleTo } from "./visit.service.js";
import { promoteFromWaitlist } from "./waitlist.js";

export interface RegistrationRecord {
  id: string;
  visitId: string;
  participantId: string;
  status: RegistrationStatus;
  sector: SectorCode;
  institution: string;
  /** 1 for the next in line; null unless WAITLISTED. */
  waitlistPosition: number | null;
  consentVersion: string;
  consentText: string;
  consentedAt: Date;
  createdAt: Date;
  cancelledAt: Date | null;
}

export interface ParticipantRecord {
  id: string;
  name: string;
  email: string;
  gender: Gender | null;
  institution: string;
  sector: SectorCode;
  /** When the personal data was erased (the fields above are placeholders then); null if not. */
  erasedAt: Date | null;
}

export interface RegistrationFields {
  visitId: string;
  name: string;
  email: string;
  gender?: Gender | null;
  institution: string;
  sector: SectorCode;
  consent: boolean;
}

export function toRegistration(
  doc: RegistrationDocument,
  waitlistPosition: number | null,
): RegistrationRecord {
  return {
    id: doc._id.toHexString(),
    visitId: doc.visit.toHexString(),
    participantId: doc.participant.toHexString(),
    status: doc.status as RegistrationStatus,
    sector: doc.sector as SectorCode,
    institution: doc.institution,
    waitlistPosition: doc.status === RegistrationStatus.WAITLISTED ? waitlistPosition : null,
    consentVersion: doc.consentVersion,
    consentText: doc.consentText,
    consentedAt: doc.consentedAt,
    createdAt: doc.createdAt,
    cancelledAt: doc.cancelledAt ?? null,
  };
}

export function toParticipant(doc: ParticipantDocument): ParticipantRecord {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    email: doc.email,
    gender: (doc.gender as Gender | null | undefined) ?? null,
    institution: doc.institution,
    sector: doc.sector as SectorCode,
    erasedAt: doc.erasedAt ?? null,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Registrations: seats, the waitlist and cancellations. Every change that moves a seat runs in
 * one transaction with the visit's counters (see visit.model.ts), so concurrent registrations
 * never overbook and concurrent cancellations never promote one person twice.
 */
export class RegistrationService {
  constructor(
    private readonly db: Db,
    private readonly models: VisitsModels,
  ) {}

  /**
   * Registers a person (no account needed) for an open visit: a seat while there is one, the
   * end of the waitlist after that. Returns the secret that lets them cancel; only its hash is
   * kept.
   */
  async register(
    viewer: Viewer | undefined,
    input: RegistrationFields,
  ): Promise<{ registration: RegistrationRecord; cancelToken: string }> {
    if (input.consent !== true) {
      throw badInput(
        "input.consent",
        "Registration needs consent to the processing of personal data.",
      );
    }
    const visitId = objectId(input.visitId);
    if (!visitId) throw notFoundAt("input.visitId", "StudyVisit", input.visitId);
    const email = normaliseEmail(input.email);
    const cancelToken = newSecret();
    const registration = await this.db
      .transaction(async (session) => {
        const visit = await this.models.Visit.findById(visitId)
          .session(session)
          .select({ status: 1 })
          .lean<Pick<VisitDocument, "_id" | "status">>();
        if (!visit || !isVisibleTo(viewer, visit.status)) {
          throw notFoundAt("input.visitId", "StudyVisit", input.visitId);
        }
        if (visit.status !== VisitStatus.OPEN_FOR_REGISTRATION) throw registrationClosed();
        // Found by e-mail, or created; an existing participant's data is not overwritten from an
        // anonymous form (the registration keeps its own sector and institution).
        const participant = await this.models.Participant.findOneAndUpdate(
          { email },
          {
            $setOnInsert: {
              name: trimmed(input.name),
              gender: input.gender ?? null,
              institution: trimmed(input.institution),
              sector: input.sector,
            },
          },
          { upsert: true, returnDocument: "after", session, projection: { _id: 1, gender: 1 } },
        ).lean<{ _id: Types.ObjectId; gender?: string | null }>();
        const active = await this.models.Registration.exists({
          visit: visitId,
          participant: participant!._id,
          active: true,
        }).session(session);
        if (active) throw duplicate();
        const place = await this.takePlace(visitId, session);
        const [doc] = await this.models.Registration.create(
          [
            {
              visit: visitId,
              participant: participant!._id,
              status: place.status,
              waitlistSeq: place.waitlistSeq,
              sector: input.sector,
              institution: trimmed(input.institution),
              consentVersion: REGISTRATION_CONSENT.version,
              consentText: REGISTRATION_CONSENT.text,
              consentedAt: new Date(),
              cancelTokenHash: sha256(cancelToken),
            },
          ],
          { session },
        );
        await countRegistrations(
          this.models,
          place.key,
          [
            {
              sector: input.sector,
              gender: participant!.gender ?? null,
              from: null,
              to: place.status,
              key: doc!.recordKey,
            },
          ],
          session,
        );
        return toRegistration(doc!.toObject(), place.waitlistPosition);
      })
      .catch((error: unknown) => {
        if (isDuplicateKey(error, "participant")) throw duplicate();
        throw error;
      });
    return { registration, cancelToken };
  }

  /**
   * One's own registration, read with the token from `register`, its waitlist place counted now
   * (it moves up as people ahead cancel or get seats). A wrong token answers exactly like a
   * missing id, so the answer never tells whether an id exists.
   */
  async status(id: string, cancelToken: string): Promise<RegistrationRecord> {
    const _id = objectId(id);
    const doc = _id
      ? await this.models.Registration.findById(_id).lean<RegistrationDocument>()
      : null;
    if (!doc || !sameHash(sha256(cancelToken), doc.cancelTokenHash)) {
      throw notFound("Registration", id);
    }
    if (doc.status !== RegistrationStatus.WAITLISTED) return toRegistration(doc, null);
    const ahead = await this.models.Registration.countDocuments({
      visit: doc.visit,
      status: RegistrationStatus.WAITLISTED,
      waitlistSeq: trusted({ $lt: doc.waitlistSeq }),
    }).exec();
    return toRegistration(doc, ahead + 1);
  }

  /**
   * Withdraws a registration: by the participant with the token they were given, or by ADMIN or
   * COORDINATOR without one. A freed seat goes to the first on the waitlist.
   */
  async cancel(
    viewer: Viewer | undefined,
    id: string,
    cancelToken: string | null | undefined,
  ): Promise<RegistrationRecord> {
    const _id = objectId(id);
    const found = _id
      ? await this.models.Registration.findById(_id)
          .select({ cancelTokenHash: 1 })
          .lean<Pick<RegistrationDocument, "_id" | "cancelTokenHash">>()
      : null;
    if (!found) throw notFound("Registration", id);
    if (cancelToken) {
      if (!sameHash(sha256(cancelToken), found.cancelTokenHash)) {
        throw forbidden("The cancellation token does not belong to this registration.");
      }
    } else {
      requireRole(viewer, PERSONAL_DATA_ROLES);
    }
    const doc = await this.db.transaction(async (session) => {
      const before = await this.models.Registration.findOneAndUpdate(
        {
          _id: found._id,
          status: trusted({ $in: [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED] }),
        },
        { $set: cancelledFields() },
        { session },
      ).lean<RegistrationDocument>();
      if (!before) throw await this.cannotCancel(found._id, session);
      const waitlisted = before.status === RegistrationStatus.WAITLISTED;
      const visit = await this.models.Visit.findOneAndUpdate(
        { _id: before.visit },
        { $inc: waitlisted ? { waitlistCount: -1 } : { seatsTaken: -1 } },
        { session, projection: VISIT_KEY_FIELDS },
      ).lean<VisitKeyFields>();
      await this.countChange(visit!, before, RegistrationStatus.CANCELLED, session);
      // Cancelling withdraws the consent: what it covered goes, what the counts need stays.
      await forgetCancelled(this.models, [found._id], [before.participant], session);
      // Also while PLANNED (registration paused): the seat is the waitlist's, not a newcomer's.
      if (!waitlisted && !FINAL_VISIT_STATUSES.includes(visit!.status as VisitStatus)) {
        await promoteFromWaitlist(this.models, before.visit, 1, session);
      }
      return this.models.Registration.findById(found._id)
        .session(session)
        .lean<RegistrationDocument>();
    });
    return toRegistration(doc!, null);
  }

  /**
   * Records whether a person with a seat came, from the visit's first day on; a waitlisted or
   * cancelled one cannot be marked.
   */
  async markAttendance(id: string, attended: boolean): Promise<RegistrationRecord> {
    const _id = objectId(id);
    const status = attended ? RegistrationStatus.ATTENDED : RegistrationStatus.NO_SHOW;
    const doc = _id
      ? await this.db.transaction(async (session) => {
          const before = await this.models.Registration.findOneAndUpdate(
            { _id, status: trusted({ $in: [...SEAT_HOLDING] }) },
            { $set: { status } },
            { session },
          ).lean<RegistrationDocument>();
          if (!before || before.status === status) return before;
          // Nothing else about the visit changes; the write makes this transaction conflict with
          // an edit that moves the visit's rollups (see visit.model.ts).
          const visit = await this.models.Visit.findOneAndUpdate(
            { _id: before.visit },
            { $inc: { registrationsRevision: 1 } },
            { session, projection: VISIT_KEY_FIELDS },
          ).lean<VisitKeyFields>();
          // Thrown inside the transaction, so the registration is left as it was.
          if (!hasStarted(visit!)) throw visitNotStarted(visit!, "attendance can be recorded");
          await this.countChange(visit!, before, status, session);
          return before;
        })
      : null;
    if (doc) return toRegistration({ ...doc, status }, null);
    const current = _id
      ? await this.models.Registration.findById(_id).select({ status: 1 }).lean()
      : null;
    if (!current) throw notFound("Registration", id);
    throw conflict(
      "INVALID_TRANSITION",
      `A ${current.status} registration holds no seat, so attendance cannot be recorded.`,
    );
  }

  /** For the DataLoader: every registration of these visits, waitlist positions included. */
  async forVisits(visitIds: readonly string[]): Promise<RegistrationRecord[][]> {
    const valid = visitIds.map(objectId).filter((id) => id !== undefined);
    const docs = valid.length
      ? await this.models.Registration.find({ visit: trusted({ $in: valid }) })
          .sort({ _id: 1 })
          .lean<RegistrationDocument[]>()
      : [];
    const byVisit = new Map<string, RegistrationDocument[]>();
    for (const doc of docs) {
      const key = doc.visit.toHexString();
      byVisit.set(key, [...(byVisit.get(key) ?? []), doc]);
    }
    return visitIds.map((id) => withPositions(byVisit.get(id.toLowerCase()) ?? []));
  }

  /** For the DataLoader: participants in the order of `ids`. */
  async participantsByIds(ids: readonly string[]): Promise<(ParticipantRecord | null)[]> {
    const valid = ids.map(objectId).filter((id) => id !== undefined);
    const docs = valid.length
      ? await this.models.Participant.find({ _id: trusted({ $in: valid }) }).lean<
          ParticipantDocument[]
        >()
      : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toParticipant(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /**
   * A seat if one is free, otherwise the end of the waitlist. The decision is the database's:
   * one conditional update on the visit, which also makes concurrent registrations conflict.
   */
  private async takePlace(visit: Types.ObjectId, session: ClientSession) {
    const seatFree: Record<string, unknown> = {
      _id: visit,
      status: VisitStatus.OPEN_FOR_REGISTRATION,
      $expr: trusted({ $lt: ["$seatsTaken", "$capacity"] }),
    };
    const seat = await this.models.Visit.findOneAndUpdate(
      seatFree,
      { $inc: { seatsTaken: 1 } },
      { session, projection: VISIT_KEY_FIELDS },
    ).lean<VisitKeyFields>();
    if (seat) {
      return {
        status: RegistrationStatus.REGISTERED,
        waitlistSeq: null,
        waitlistPosition: null,
        key: visitKeyOf(seat),
      };
    }
    const queued = await this.models.Visit.findOneAndUpdate(
      { _id: visit, status: VisitStatus.OPEN_FOR_REGISTRATION },
      { $inc: { waitlistCount: 1, waitlistSeq: 1 } },
      {
        session,
        returnDocument: "after",
        projection: { ...VISIT_KEY_FIELDS, waitlistCount: 1, waitlistSeq: 1 },
      },
    ).lean<VisitKeyFields & Pick<VisitDocument, "waitlistCount" | "waitlistSeq">>();
    if (!queued) throw registrationClosed();
    // Everyone else on the waitlist came earlier, so the newcomer is last.
    return {
      status: RegistrationStatus.WAITLISTED,
      waitlistSeq: queued.waitlistSeq,
      waitlistPosition: queued.waitlistCount,
      key: visitKeyOf(queued),
    };
  }

  /** One registration's change of status, in the participation rollups of its visit. */
  private async countChange(
    visit: VisitKeyFields,
    before: Pick<RegistrationDocument, "participant" | "sector" | "status" | "recordKey">,
    to: RegistrationStatus,
    session: ClientSession,
  ): Promise<void> {
    const genders = await gendersOf(this.models, [before.participant], session);
    await countRegistrations(
      this.models,
      visitKeyOf(visit),
      [
        {
          sector: before.sector,
          gender: genders.get(before.participant.toHexString()) ?? null,
          from: before.status as RegistrationStatus,
          to,
          key: before.recordKey,
        },
      ],
      session,
    );
  }

  private async cannotCancel(id: Types.ObjectId, session: ClientSession) {
    const current = await this.models.Registration.findById(id)
      .session(session)
      .select({ status: 1 })
      .lean();
    if (current?.status === RegistrationStatus.CANCELLED) {
      return conflict("ALREADY_CANCELLED", "The registration is already cancelled.");
    }
    return conflict(
      "INVALID_TRANSITION",
      `The registration is ${current?.status}; attendance has been recorded, so it cannot be cancelled.`,
    );
  }
}

/** Positions 1, 2, … among the WAITLISTED, in waitlist order. */
function withPositions(docs: RegistrationDocument[]): RegistrationRecord[] {
  const queue = docs
    .filter((doc) => doc.status === RegistrationStatus.WAITLISTED)
    .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
  const position = new Map(queue.map((doc, index) => [doc, index + 1]));
  return docs.map((doc) => toRegistration(doc, position.get(doc) ?? null));
}

// What a registration change reads from the visit document it writes: where it counts.
const VISIT_KEY_FIELDS = { status: 1, subregion: 1, programme: 1, startDate: 1 } as const;
type VisitKeyFields = Pick<VisitDocument, "status" | "subregion" | "programme" | "startDate">;

function registrationClosed() {
  return conflict("REGISTRATION_CLOSED", "The visit is not open for registration.");
}

function duplicate() {
  return conflict("DUPLICATE", "This e-mail address is already registered for the visit.");
}
