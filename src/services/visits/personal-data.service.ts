import type { Connection as Db, Types } from "mongoose";

import type {
  ParticipantDocument,
  RegistrationDocument,
  UserDocument,
  VisitDocument,
} from "../../models/visits/index.js";
import type { VisitsModels } from "../../models/visits/index.js";
import { trusted } from "../../shared/mongo.js";
import { LIMITS } from "../../shared/rate-limits.js";
import { eraseParticipants } from "./erasure.js";
import { normaliseEmail } from "./registration.service.js";

/** Rate-limit counters are kept under `<limit>:<key>`; sign-in limits key on the e-mail. */
const RATE_LIMITS = "ratelimits";
const limitKeys = (email: string) => Object.keys(LIMITS).map((name) => `${name}:${email}`);

export interface PersonalDataRecord {
  email: string;
  exportedAt: Date;
  /** Ids of the person's registrations: the feedback subgraph lists their invitations. */
  registrationIds: string[];
  /** Everything the visits subgraph holds about the person, as plain JSON. */
  data: Record<string, unknown>;
}

export interface ErasureRecord {
  /** Whether a participant with this e-mail was found (and is now erased). */
  found: boolean;
  participantsErased: number;
  registrationsErased: number;
  rateLimitRecordsDeleted: number;
}

export interface RetentionRecord {
  /** Visits that ended before this day make a participant's data due for erasure. */
  cutoff: string;
  /** Participants erased now, or that would be with a dry run. */
  participantIds: string[];
  registrationsErased: number;
}

type ParticipantFields = Omit<ParticipantDocument, "gender"> & {
  gender?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
};

/**
 * Participants' rights over their data: an export of everything held about a person, erasure on
 * request, and erasure of everyone whose last visit ended RETENTION_MONTHS ago. Erasure keeps
 * every count as it was (see src/services/visits/erasure.ts).
 */
export class PersonalDataService {
  constructor(
    private readonly db: Db,
    private readonly models: VisitsModels,
  ) {}

  async export(rawEmail: string, now = new Date()): Promise<PersonalDataRecord> {
    const email = normaliseEmail(rawEmail);
    const participant = await this.models.Participant.findOne({
      email,
    }).lean<ParticipantFields>();
    const registrations = participant
      ? await this.models.Registration.find({ participant: participant._id })
          .sort({ _id: 1 })
          .lean<(RegistrationDocument & { updatedAt?: Date })[]>()
      : [];
    const visits = registrations.length
      ? await this.models.Visit.find(
          { _id: trusted({ $in: registrations.map((r) => r.visit) }) },
          { title: 1, edition: 1, programme: 1, subregion: 1, startDate: 1, endDate: 1, status: 1 },
        ).lean<VisitDocument[]>()
      : [];
    const visitById = new Map(visits.map((v) => [v._id.toHexString(), v]));
    const user = await this.models.User.findOne({ email }).lean<UserDocument>();
    const limits = await this.db
      .collection(RATE_LIMITS)
      .find({ key: { $in: limitKeys(email) } }, { projection: { _id: 0 } })
      .toArray();
    return {
      email,
      exportedAt: now,
      registrationIds: registrations.map((r) => r._id.toHexString()),
      data: {
        participant: participant && {
          id: participant._id.toHexString(),
          name: participant.name,
          email: participant.email,
          gender: participant.gender ?? null,
          institution: participant.institution,
          sector: participant.sector,
          createdAt: participant.createdAt ?? null,
          updatedAt: participant.updatedAt ?? null,
        },
        registrations: registrations.map((r) => {
          const visit = visitById.get(r.visit.toHexString());
          return {
            id: r._id.toHexString(),
            status: r.status,
            sector: r.sector,
            institution: r.institution,
            consentVersion: r.consentVersion,
            consentText: r.consentText,
            consentedAt: r.consentedAt,
            createdAt: r.createdAt,
            updatedAt: r.updatedAt ?? null,
            cancelledAt: r.cancelledAt ?? null,
            visit: visit && {
              id: visit._id.toHexString(),
              title: visit.title,
              edition: visit.edition,
              programme: visit.programme,
              subregion: visit.subregion,
              startDate: visit.startDate,
              endDate: visit.endDate,
              status: visit.status,
            },
          };
        }),
        // A staff account with the same address is the person's data too (its password hash is
        // a credential, not something they could read).
        staffAccount: user && {
          email: user.email,
          role: user.role,
          createdAt: user.createdAt,
        },
        signInAttemptCounters: limits.map((limit) => ({
          limit: String(limit["key"]).split(":", 1)[0],
          attempts: limit["points"] ?? null,
          expires: limit["expire"] ?? null,
        })),
      },
    };
  }

  /** Erases one person's data, found by e-mail. Erasing an unknown or erased address finds nothing. */
  async erase(rawEmail: string): Promise<ErasureRecord> {
    const email = normaliseEmail(rawEmail);
    const participant = await this.models.Participant.findOne({ email }, { _id: 1 }).lean<{
      _id: Types.ObjectId;
    }>();
    const erased = participant
      ? await this.db.transaction((session) =>
          eraseParticipants(this.models, [participant._id], session),
        )
      : { participants: 0, registrations: 0 };
    const limits = await this.db
      .collection(RATE_LIMITS)
      .deleteMany({ key: { $in: limitKeys(email) } });
    return {
      found: participant !== null,
      participantsErased: erased.participants,
      registrationsErased: erased.registrations,
      rateLimitRecordsDeleted: limits.deletedCount,
    };
  }

  /**
   * Erases every participant whose visits all ended more than `months` months before `now`
   * (registered for none: created that long ago). Erased participants are skipped, so a second
   * run erases nothing new. With `dryRun`, only says whom it would erase.
   */
  async eraseExpired(
    months: number,
    { now = new Date(), dryRun = false }: { now?: Date; dryRun?: boolean } = {},
  ): Promise<RetentionRecord> {
    const cutoff = monthsBefore(now, months);
    const people = await this.models.Participant.find(
      { erasedAt: null },
      { _id: 1, createdAt: 1 },
    ).lean<{ _id: Types.ObjectId; createdAt?: Date }[]>();
    const registrations = await this.models.Registration.find(
      {},
      { participant: 1, visit: 1 },
    ).lean<{ participant: Types.ObjectId; visit: Types.ObjectId }[]>();
    const visits = await this.models.Visit.find({}, { endDate: 1 }).lean<
      { _id: Types.ObjectId; endDate: string }[]
    >();
    const endOf = new Map(visits.map((v) => [v._id.toHexString(), v.endDate]));
    const lastVisit = new Map<string, string>();
    for (const r of registrations) {
      const id = r.participant.toHexString();
      const end = endOf.get(r.visit.toHexString()) ?? "";
      if (end > (lastVisit.get(id) ?? "")) lastVisit.set(id, end);
    }
    const due = people.filter((p) => {
      const last = lastVisit.get(p._id.toHexString());
      if (last !== undefined) return last < cutoff;
      return (p.createdAt?.toISOString().slice(0, 10) ?? "") < cutoff;
    });
    const ids = due.map((p) => p._id);
    if (dryRun || ids.length === 0) {
      return { cutoff, participantIds: ids.map(String), registrationsErased: 0 };
    }
    let registrationsErased = 0;
    // In batches, each its own transaction: a large first run does not hold one huge one.
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const erased = await this.db.transaction((session) =>
        eraseParticipants(this.models, batch, session, now),
      );
      registrationsErased += erased.registrations;
    }
    return { cutoff, participantIds: ids.map(String), registrationsErased };
  }
}

const BATCH = 500;

/** `YYYY-MM-DD` of the same day `months` months before `now` (the month's last day if shorter). */
export function monthsBefore(now: Date, months: number): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const target = new Date(Date.UTC(year, month, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}
