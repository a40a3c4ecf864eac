import type { ClientSession, Connection as Db } from "mongoose";

import { hasEnded, visitNotEnded } from "../../domain/visit-calendar.js";
import type { StopDocument, VisitDocument, VisitsModels } from "../../models/visits/index.js";
import { NUTS } from "../../reference/index.js";
import {
  FINAL_VISIT_STATUSES,
  PUBLIC_VISIT_STATUSES,
  type VisitMode,
  VisitStatus,
} from "../../schema/visits/enums.js";
import type { Viewer } from "../../shared/auth.js";
import {
  type Connection,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "../../shared/graphql/connection.js";
import { badInput, conflict, notFound } from "../../shared/graphql/errors.js";
import type { Logger } from "../../shared/logger.js";
import { MAIL_CONCURRENCY, mapLimited } from "../../shared/mail.js";
import { objectId, trusted } from "../../shared/mongo.js";
import { type CancelledPerson, cancelOpenRegistrations } from "./cancellation.js";
import type { VisitsMailer } from "./mailer.js";
import type { OrganizationService } from "./organization.service.js";
import { countVisit, moveVisit, visitKeyOf } from "./participation-rollup.service.js";
import { notFoundAt, trimmed } from "./support.js";
import { promoteFromWaitlist } from "./waitlist.js";

export interface VisitStopRecord {
  order: number;
  day: number;
  hostId: string;
  topics: string[];
}

export interface VisitRecord {
  id: string;
  title: string;
  edition: number;
  programme: string;
  organiser: string;
  subregionCode: string;
  countyTeryt: string | null;
  startDate: string;
  endDate: string;
  mode: VisitMode;
  status: VisitStatus;
  capacity: number;
  description: string | null;
  photoCredit: string | null;
  stops: VisitStopRecord[];
  registeredCount: number;
  waitlistCount: number;
  seatsLeft: number;
}

export interface VisitFilter {
  subregion?: string | null;
  subregions?: string[] | null;
  status?: VisitStatus | null;
  /** Visits that end on or after this date. */
  from?: string | null;
  /** Visits that start on or before this date. */
  to?: string | null;
  programme?: string | null;
}

export interface VisitFields {
  title: string;
  edition: number;
  programme: string;
  organiser: string;
  subregionCode: string;
  countyTeryt?: string | null;
  startDate: string;
  endDate: string;
  mode: VisitMode;
  status?: VisitStatus | null;
  capacity: number;
  description?: string | null;
  photoCredit?: string | null;
}

/** Fields to change; undefined leaves one alone, null clears it (rejected for required ones). */
export type VisitChanges = { [K in keyof VisitFields]?: VisitFields[K] | null };

export interface StopFields {
  day: number;
  /** 1-based position across the visit; omitted, the stop goes after the last one of its day. */
  order?: number | null;
  hostId: string;
  topics: string[];
}

/** A study visit lasts at most this many days. */
export const MAX_VISIT_DAYS = 31;
// Edits compare-and-set on the visit's revision; after this many lost races the caller retries.
const EDIT_ATTEMPTS = 5;

export function toVisit(doc: VisitDocument): VisitRecord {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    edition: doc.edition,
    programme: doc.programme,
    organiser: doc.organiser,
    subregionCode: doc.subregion,
    countyTeryt: doc.county ?? null,
    startDate: doc.startDate,
    endDate: doc.endDate,
    mode: doc.mode as VisitMode,
    status: doc.status as VisitStatus,
    capacity: doc.capacity,
    description: doc.description ?? null,
    photoCredit: doc.photoCredit ?? null,
    stops: [...doc.stops]
      .sort((a, b) => a.day - b.day || a.order - b.order)
      .map((stop) => ({
        order: stop.order,
        day: stop.day,
        hostId: stop.host.toHexString(),
        topics: [...stop.topics],
      })),
    registeredCount: doc.seatsTaken,
    waitlistCount: doc.waitlistCount,
    seatsLeft: Math.max(0, doc.capacity - doc.seatsTaken),
  };
}

/** Anonymous visitors see open and completed visits; every staff user sees all of them. */
export function isVisibleTo(viewer: Viewer | undefined, status: string): boolean {
  return !!viewer || (PUBLIC_VISIT_STATUSES as string[]).includes(status);
}

/** Days from start to end, both included. */
export function visitDays(startDate: string, endDate: string): number {
  const ms = Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

/** Who tells people that their visit was cancelled; without a mailer, nobody. */
export interface VisitNotices {
  mailer: VisitsMailer | undefined;
  logger: Logger;
}

export class VisitService {
  constructor(
    private readonly db: Db,
    private readonly models: VisitsModels,
    private readonly organizations: OrganizationService,
    private readonly notices?: VisitNotices,
  ) {}

  async list(
    viewer: Viewer | undefined,
    filter: VisitFilter = {},
    first?: number | null,
    after?: string | null,
  ): Promise<Connection<VisitRecord>> {
    const limit = pageSize(first);
    const match = this.match(viewer, filter);
    const page: Record<string, unknown>[] = [match];
    if (after) {
      const [startDate, id] = decodeCursor(after, 2);
      const afterId = typeof id === "string" ? objectId(id) : undefined;
      if (typeof startDate !== "string" || !afterId) {
        throw badInput("after", "after is not a cursor this API gave out.");
      }
      page.push({
        $or: [
          { startDate: trusted({ $lt: startDate }) },
          { startDate, _id: trusted({ $lt: afterId }) },
        ],
      });
    }
    const docs = await this.models.Visit.find({ $and: page })
      .sort({ startDate: -1, _id: -1 })
      .limit(limit + 1)
      .lean<VisitDocument[]>();
    return toConnection(
      docs.map(toVisit),
      limit,
      () => this.models.Visit.countDocuments(match).exec(),
      (v) => encodeCursor([v.startDate, v.id]),
    );
  }

  /** The visit, or null when it does not exist or the viewer may not know it does. */
  async get(viewer: Viewer | undefined, id: string): Promise<VisitRecord | null> {
    const [visit] = await this.byIds([id]);
    return visit && isVisibleTo(viewer, visit.status) ? visit : null;
  }

  /** For the DataLoader: one `$in` find, in the order of `ids`, whatever their status. */
  async byIds(ids: readonly string[]): Promise<(VisitRecord | null)[]> {
    const valid = ids.map(objectId).filter((id) => id !== undefined);
    const docs = valid.length
      ? await this.models.Visit.find({ _id: trusted({ $in: valid }) }).lean<VisitDocument[]>()
      : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toVisit(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  async create(input: VisitFields): Promise<VisitRecord> {
    const { startDate, endDate, subregionCode: subregion, countyTeryt: county = null } = input;
    this.check({ startDate, endDate, subregion, county }, []);
    const status = input.status ?? VisitStatus.PLANNED;
    if (status === VisitStatus.COMPLETED && !hasEnded(input)) throw visitNotEnded(input);
    const doc = await this.db.transaction(async (session) => {
      const [created] = await this.models.Visit.create([{ ...this.fields(input), status }], {
        session,
      });
      await countVisit(this.models, visitKeyOf(created!), null, status, session);
      return created!;
    });
    return toVisit(doc.toObject());
  }

  /**
   * Changes the given fields. The result must still make sense as a whole (dates, place, stops
   * within the days), capacity cannot drop below the seats taken, and COMPLETED and CANCELLED are
   * final; COMPLETED only after the visit's last day. Raising the capacity gives the new seats to
   * the waitlist, in order. Cancelling cancels the registrations still waiting for the visit and,
   * after the commit, e-mails those people when a mailer is configured.
   */
  async update(id: string, input: VisitChanges): Promise<VisitRecord> {
    for (const key of REQUIRED_FIELDS) {
      if (input[key] === null) throw badInput(`input.${key}`, `${key} cannot be removed.`);
    }
    const fields = this.fields(input);
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
      const current = await this.load(id);
      const next = { ...current, ...fields } as VisitDocument;
      this.check(next, current.stops);
      if (
        input.status &&
        input.status !== current.status &&
        FINAL_VISIT_STATUSES.includes(current.status as VisitStatus)
      ) {
        throw conflict(
          "INVALID_TRANSITION",
          `The visit is ${current.status}, which is final; it cannot become ${input.status}.`,
        );
      }
      const completing = next.status === VisitStatus.COMPLETED;
      if (completing && (input.status || input.endDate) && !hasEnded(next)) {
        throw visitNotEnded(next);
      }
      if (next.capacity < current.seatsTaken) {
        throw badInput(
          "input.capacity",
          `capacity cannot be below the ${current.seatsTaken} seats already taken.`,
        );
      }
      const updated = await this.db.transaction(async (session) => {
        const doc = await this.models.Visit.findOneAndUpdate(
          {
            _id: current._id,
            revision: current.revision,
            seatsTaken: trusted({ $lte: next.capacity }),
          },
          { $set: fields, $inc: { revision: 1 } },
          { session, returnDocument: "after" },
        ).lean<VisitDocument>();
        if (!doc) return null;
        // The revision matched, so `current` is what this edit changed.
        await moveVisit(
          this.models,
          doc._id,
          { key: visitKeyOf(current), status: current.status as VisitStatus },
          { key: visitKeyOf(doc), status: doc.status as VisitStatus },
          session,
        );
        if (doc.status === VisitStatus.CANCELLED && current.status !== VisitStatus.CANCELLED) {
          return (await cancelOpenRegistrations(this.models, doc._id, session)) ?? { visit: doc };
        }
        const free = doc.capacity - doc.seatsTaken;
        if (
          free > 0 &&
          doc.waitlistCount > 0 &&
          !FINAL_VISIT_STATUSES.includes(doc.status as VisitStatus)
        ) {
          await promoteFromWaitlist(this.models, doc._id, free, session);
          const promoted = await this.models.Visit.findById(doc._id)
            .session(session)
            .lean<VisitDocument>();
          return { visit: promoted! };
        }
        return { visit: doc };
      });
      if (updated) {
        const visit = toVisit(updated.visit);
        if ("people" in updated) await this.tellCancelled(visit, updated.people);
        return visit;
      }
    }
    throw conflict("CONCURRENT_UPDATE", "The visit changed while saving; try again.");
  }

  /** After the commit: a message that fails is logged, and the visit stays cancelled. */
  private async tellCancelled(visit: VisitRecord, people: CancelledPerson[]): Promise<void> {
    const { mailer, logger } = this.notices ?? {};
    if (!mailer) return;
    await mapLimited(people, MAIL_CONCURRENCY, async (person) => {
      try {
        await mailer.sendVisitCancelled({
          to: person.email,
          name: person.name,
          visitTitle: visit.title,
          startDate: visit.startDate,
        });
      } catch (error) {
        // No address in the log: the registration id is enough to find the person.
        logger?.warn("visit cancellation not e-mailed", {
          visitId: visit.id,
          registrationId: person.registrationId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
  }

  async addStop(visitId: string, input: StopFields): Promise<VisitRecord> {
    const host = await this.organizations.get(input.hostId);
    if (!host) throw notFoundAt("input.hostId", "Organization", input.hostId);
    const topics = input.topics.map(trimmed).filter((topic) => topic !== "");
    return this.editStops(visitId, (visit, stops) => {
      const days = visitDays(visit.startDate, visit.endDate);
      if (input.day < 1 || input.day > days) {
        throw badInput("input.day", `day must be between 1 and ${days}, the length of the visit.`);
      }
      const order = input.order ?? stops.filter((s) => s.day <= input.day).length + 1;
      if (order < 1 || order > stops.length + 1) {
        throw badInput("input.order", `order must be between 1 and ${stops.length + 1}.`);
      }
      const before = stops[order - 2];
      const after = stops[order - 1];
      if ((before && before.day > input.day) || (after && after.day < input.day)) {
        throw badInput(
          "input.order",
          `Stop ${order} would be on day ${input.day} between stops on days ${before?.day ?? "–"} and ${after?.day ?? "–"}; stops follow the days.`,
        );
      }
      const stop = { order, day: input.day, host: objectId(host.id)!, topics };
      return [...stops.slice(0, order - 1), stop, ...stops.slice(order - 1)];
    });
  }

  async removeStop(visitId: string, order: number): Promise<VisitRecord> {
    return this.editStops(visitId, (_visit, stops) => {
      if (!stops.some((s) => s.order === order)) {
        throw badInput("order", `The visit has no stop ${order}.`);
      }
      return stops.filter((s) => s.order !== order);
    });
  }

  /**
   * Moves stop `order` to position `toOrder`; the stops between shift by one. The stop keeps its
   * day, so it moves only among the stops of that day.
   */
  async moveStop(visitId: string, order: number, toOrder: number): Promise<VisitRecord> {
    return this.editStops(visitId, (_visit, stops) => {
      const from = stops.findIndex((s) => s.order === order);
      if (from < 0) throw badInput("order", `The visit has no stop ${order}.`);
      if (toOrder < 1 || toOrder > stops.length) {
        throw badInput("toOrder", `toOrder must be between 1 and ${stops.length}.`);
      }
      const stop = stops[from]!;
      const rest = stops.filter((_, i) => i !== from);
      const moved = [...rest.slice(0, toOrder - 1), stop, ...rest.slice(toOrder - 1)];
      const before = moved[toOrder - 2];
      const after = moved[toOrder];
      if ((before && before.day > stop.day) || (after && after.day < stop.day)) {
        throw badInput(
          "toOrder",
          `Stop ${order} is on day ${stop.day}; at ${toOrder} it would be among another day's stops.`,
        );
      }
      return moved;
    });
  }

  /** Recomputes a visit's seat and waitlist counters from its registrations (after an import). */
  async recount(visitId: string, session?: ClientSession): Promise<void> {
    const visit = await this.load(visitId);
    const registrations = await this.models.Registration.find({ visit: visit._id, active: true })
      .session(session ?? null)
      .select({ status: 1, waitlistSeq: 1 })
      .lean();
    const waitlisted = registrations.filter((r) => r.status === "WAITLISTED");
    await this.models.Visit.updateOne(
      { _id: visit._id },
      {
        $set: {
          seatsTaken: registrations.length - waitlisted.length,
          waitlistCount: waitlisted.length,
          waitlistSeq: Math.max(0, ...waitlisted.map((r) => r.waitlistSeq ?? 0)),
        },
      },
      { session },
    );
  }

  private async editStops(
    visitId: string,
    edit: (visit: VisitDocument, stops: StopDocument[]) => StopDocument[],
  ): Promise<VisitRecord> {
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
      const visit = await this.load(visitId);
      const ordered = [...visit.stops].sort((a, b) => a.day - b.day || a.order - b.order);
      const stops = edit(visit, ordered).map((stop, index) => ({ ...stop, order: index + 1 }));
      const doc = await this.models.Visit.findOneAndUpdate(
        { _id: visit._id, revision: visit.revision },
        { $set: { stops }, $inc: { revision: 1 } },
        { returnDocument: "after" },
      ).lean<VisitDocument>();
      if (doc) return toVisit(doc);
    }
    throw conflict("CONCURRENT_UPDATE", "The visit changed while saving; try again.");
  }

  private async load(id: string): Promise<VisitDocument> {
    const _id = objectId(id);
    const doc = _id ? await this.models.Visit.findById(_id).lean<VisitDocument>() : null;
    if (!doc) throw notFound("StudyVisit", id);
    return doc;
  }

  /** Rules on the visit as a whole, checked after every change. */
  private check(
    visit: Pick<VisitDocument, "startDate" | "endDate" | "subregion" | "county">,
    stops: StopDocument[],
  ): void {
    if (visit.endDate < visit.startDate) {
      throw badInput("input.endDate", "endDate cannot be before startDate.");
    }
    const days = visitDays(visit.startDate, visit.endDate);
    if (days > MAX_VISIT_DAYS) {
      throw badInput("input.endDate", `A visit lasts at most ${MAX_VISIT_DAYS} days.`);
    }
    const subregion = NUTS.subregion(visit.subregion);
    if (!subregion) {
      throw badInput("input.subregionCode", `No subregion has code ${visit.subregion}.`);
    }
    if (visit.county) {
      const county = NUTS.county(visit.county);
      if (!county) throw badInput("input.countyTeryt", `No county has TERYT code ${visit.county}.`);
      if (county.subregion !== subregion.code) {
        throw badInput(
          "input.countyTeryt",
          `County ${county.name} (${county.teryt}) is not in subregion ${subregion.name} (${subregion.code}).`,
        );
      }
    }
    const late = stops.find((stop) => stop.day > days);
    if (late) {
      throw badInput(
        "input.endDate",
        `Stop ${late.order} is on day ${late.day}; the visit would last ${days} day(s).`,
      );
    }
  }

  /** Input fields → document fields, trimmed; `undefined` leaves a field alone. */
  private fields(input: VisitChanges): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    const text = { title: input.title, programme: input.programme, organiser: input.organiser };
    for (const [key, value] of Object.entries(text)) {
      if (value !== undefined && value !== null) fields[key] = trimmed(value);
    }
    const plain = {
      edition: input.edition,
      startDate: input.startDate,
      endDate: input.endDate,
      mode: input.mode,
      status: input.status,
      capacity: input.capacity,
    };
    for (const [key, value] of Object.entries(plain)) {
      if (value !== undefined && value !== null) fields[key] = value;
    }
    if (input.subregionCode !== undefined) fields["subregion"] = input.subregionCode;
    if (input.countyTeryt !== undefined) fields["county"] = input.countyTeryt;
    for (const key of ["description", "photoCredit"] as const) {
      if (input[key] !== undefined) fields[key] = input[key]?.trim() || null;
    }
    return fields;
  }

  private match(viewer: Viewer | undefined, filter: VisitFilter): Record<string, unknown> {
    const match: Record<string, unknown> = {};
    const codes = [...(filter.subregion ? [filter.subregion] : []), ...(filter.subregions ?? [])];
    for (const code of codes) {
      if (!NUTS.subregion(code)) {
        const field = code === filter.subregion ? "filter.subregion" : "filter.subregions";
        throw badInput(field, `No subregion has code ${code}.`);
      }
    }
    if (filter.subregion && filter.subregions) {
      // Both given: visits in the one subregion, if the list allows it.
      match["subregion"] = filter.subregions.includes(filter.subregion) ? filter.subregion : null;
    } else if (codes.length) {
      match["subregion"] = trusted({ $in: codes });
    }
    const statuses = viewer ? Object.values(VisitStatus) : PUBLIC_VISIT_STATUSES;
    const wanted = filter.status ? statuses.filter((s) => s === filter.status) : statuses;
    if (wanted.length !== Object.values(VisitStatus).length)
      match["status"] = trusted({ $in: wanted });
    if (filter.from && filter.to && filter.to < filter.from) {
      throw badInput("filter.to", "to cannot be before from.");
    }
    if (filter.from) match["endDate"] = trusted({ $gte: filter.from });
    if (filter.to) match["startDate"] = trusted({ $lte: filter.to });
    if (filter.programme) match["programme"] = trimmed(filter.programme);
    return match;
  }
}

const REQUIRED_FIELDS = [
  "title",
  "edition",
  "programme",
  "organiser",
  "subregionCode",
  "startDate",
  "endDate",
  "mode",
  "status",
  "capacity",
] as const;
