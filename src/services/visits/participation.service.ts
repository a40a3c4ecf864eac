import type { Types } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS } from "../../reference/index.js";
import type { NormalisedFilter } from "../../schema/analytics-filter.input.js";
import { Gender, VisitStatus } from "../../schema/visits/enums.js";
import { badInput } from "../../shared/graphql/errors.js";
import { objectId, trusted } from "../../shared/mongo.js";
import {
  type Cell,
  cellOf,
  isSmall,
  shown,
  SUPPRESSED,
  suppressList,
} from "../../shared/suppression.js";

const GENDER_LABELS: Record<string, [string, string]> = {
  [Gender.WOMAN]: ["Kobiety", "Women"],
  [Gender.MAN]: ["Mężczyźni", "Men"],
  [Gender.NON_BINARY]: ["Osoby niebinarne", "Non-binary"],
  [Gender.UNDISCLOSED]: ["Odmowa podania", "Undisclosed"],
  NOT_GIVEN: ["Nie podano", "Not given"],
};

export interface Participation {
  visitsHeld: Cell;
  registrations: Cell;
  attended: Cell;
  noShows: Cell;
  waitlisted: Cell;
  attendanceRate: Cell;
  participantsBySector: { group: string; labelPl: string; labelEn: string; count: Cell }[];
  participantsByGender: { group: string; labelPl: string; labelEn: string; count: Cell }[];
}

/**
 * Participation measures for ESF+ monitoring. They are counted from the registrations of the
 * visits in the filter (indexed by visit): tens of people per visit, far fewer than responses.
 */
export class ParticipationService {
  constructor(
    private readonly models: VisitsModels,
    private readonly k: number,
  ) {}

  async measures(filter: NormalisedFilter): Promise<Participation> {
    const visits = await this.models.Visit.find(this.visitQuery(filter), { status: 1 }).lean<
      { _id: Types.ObjectId; status: string }[]
    >();
    const registrations = await this.models.Registration.find(
      {
        visit: trusted({ $in: visits.map((v) => v._id) }),
        ...(filter.sectors ? { sector: trusted({ $in: filter.sectors }) } : {}),
      },
      { status: 1, sector: 1, participant: 1 },
    ).lean<{ status: string; sector: string; participant: Types.ObjectId }[]>();
    const attendedOnes = registrations.filter((r) => r.status === "ATTENDED");
    const people = await this.models.Participant.find(
      { _id: trusted({ $in: [...new Set(attendedOnes.map((r) => r.participant.toHexString()))] }) },
      { gender: 1 },
    ).lean<{ _id: Types.ObjectId; gender: string | null }[]>();
    const genderOf = new Map(people.map((p) => [p._id.toHexString(), p.gender ?? "NOT_GIVEN"]));

    const k = this.k;
    const count = (n: number) => cellOf(n, n > 0 && n < k);
    const by = (status: string) => registrations.filter((r) => r.status === status).length;
    const attended = attendedOnes.length;
    const noShows = by("NO_SHOW");
    const breakdown = (
      groups: string[],
      groupOf: (r: (typeof attendedOnes)[number]) => string,
      label: (g: string) => [string, string],
    ) => {
      const counts = groups.map((g) => attendedOnes.filter((r) => groupOf(r) === g).length);
      // The groups add up to `attended`, which is published.
      const mask = suppressList(counts, k, { total: true });
      return groups.map((group, i) => {
        const [labelPl, labelEn] = label(group);
        return { group, labelPl, labelEn, count: cellOf(counts[i]!, mask.cells[i]!) };
      });
    };
    const sectorLabel = new Map(
      FEEDBACK_OPTIONS.sectors.map((s) => [s.code as string, [s.pl, s.en] as [string, string]]),
    );
    return {
      visitsHeld: shown(visits.filter((v) => v.status === VisitStatus.COMPLETED).length),
      registrations: count(registrations.length),
      attended: count(attended),
      noShows: count(noShows),
      waitlisted: count(by("WAITLISTED")),
      attendanceRate: isSmall(attended + noShows, k)
        ? SUPPRESSED
        : shown(attended / (attended + noShows)),
      participantsBySector: breakdown(
        [...SECTORS],
        (r) => r.sector,
        (g) => sectorLabel.get(g)!,
      ),
      participantsByGender: breakdown(
        Object.keys(GENDER_LABELS),
        (r) => genderOf.get(r.participant.toHexString()) ?? "NOT_GIVEN",
        (g) => GENDER_LABELS[g]!,
      ),
    };
  }

  private visitQuery(filter: NormalisedFilter): Record<string, unknown> {
    if (filter.visitId) return { _id: objectId(filter.visitId) ?? null };
    for (const code of filter.subregions ?? []) {
      if (!NUTS.subregion(code))
        throw badInput("filter.subregions", `${code} is not a NUTS-3 code.`);
    }
    const query: Record<string, unknown> = {};
    if (filter.subregions) query["subregion"] = trusted({ $in: filter.subregions });
    if (filter.programme) query["programme"] = filter.programme;
    if (filter.from || filter.to) {
      // Months of the start date: "YYYY-MM-DD" strings compare as dates.
      query["startDate"] = trusted({
        ...(filter.from ? { $gte: `${filter.from}-01` } : {}),
        ...(filter.to ? { $lte: `${filter.to}-31` } : {}),
      });
    }
    return query;
  }
}
