import type { Types } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import {
  REGISTRATION_COUNTERS,
  type RegistrationCounter,
} from "../../models/visits/participation-rollup.model.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS } from "../../reference/index.js";
import type { NormalisedFilter } from "../../schema/analytics-filter.input.js";
import { Gender, type RegistrationStatus, VisitStatus } from "../../schema/visits/enums.js";
import { badInput } from "../../shared/graphql/errors.js";
import { objectId, trusted } from "../../shared/mongo.js";
import {
  type Cell,
  cellOf,
  isSmall,
  isSmallCount,
  shown,
  SUPPRESSED,
  suppressList,
} from "../../shared/suppression.js";
import { gendersOf } from "./participation-rollup.service.js";

/** The gender group of participants who did not give one. */
export const NOT_GIVEN = "NOT_GIVEN";

const GENDER_LABELS: Record<string, [string, string]> = {
  [Gender.WOMAN]: ["Kobiety", "Women"],
  [Gender.MAN]: ["Mężczyźni", "Men"],
  [Gender.NON_BINARY]: ["Osoby niebinarne", "Non-binary"],
  [Gender.UNDISCLOSED]: ["Odmowa podania", "Undisclosed"],
  [NOT_GIVEN]: ["Nie podano", "Not given"],
};

const SECTOR_LABELS = new Map(
  FEEDBACK_OPTIONS.sectors.map((s) => [s.code as string, [s.pl, s.en] as [string, string]]),
);

export interface GroupCount {
  group: string;
  labelPl: string;
  labelEn: string;
  count: Cell;
}

export interface Participation {
  visitsHeld: Cell;
  registrations: Cell;
  attended: Cell;
  noShows: Cell;
  waitlisted: Cell;
  attendanceRate: Cell;
  participantsBySector: GroupCount[];
  participantsByGender: GroupCount[];
}

/** What the measures are computed from: raw counts, before suppression. */
export interface ParticipationCounts {
  visitsHeld: number;
  byStatus: Record<RegistrationCounter, number>;
  /** Participants (ATTENDED) per sector code and per gender (NOT_GIVEN for none). */
  attendedBySector: Record<string, number>;
  attendedByGender: Record<string, number>;
}

/** One (sector, gender) cell of registrations by status, as rollups and raw counts give it. */
type CountedCell = { sector: string; gender: string | null } & Record<RegistrationCounter, number>;

const COUNTERS = Object.values(REGISTRATION_COUNTERS);

/** Sums (sector, gender) cells into the totals the measures need. */
export function countsOf(visitsHeld: number, cells: CountedCell[]): ParticipationCounts {
  const counts: ParticipationCounts = {
    visitsHeld,
    byStatus: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as ParticipationCounts["byStatus"],
    attendedBySector: {},
    attendedByGender: {},
  };
  for (const cell of cells) {
    for (const counter of COUNTERS) counts.byStatus[counter] += cell[counter];
    const gender = cell.gender ?? NOT_GIVEN;
    counts.attendedBySector[cell.sector] =
      (counts.attendedBySector[cell.sector] ?? 0) + cell.attended;
    counts.attendedByGender[gender] = (counts.attendedByGender[gender] ?? 0) + cell.attended;
  }
  return counts;
}

/**
 * The published measures, with small groups suppressed (K = `k`). Visits are not people, so
 * their number is never hidden.
 */
export function participation(c: ParticipationCounts, k: number): Participation {
  const count = (n: number) => cellOf(n, isSmallCount(n, k));
  const { attended, noShow, waitlisted } = c.byStatus;
  const registrations = COUNTERS.reduce((sum, counter) => sum + c.byStatus[counter], 0);
  // Both breakdowns add up to `attended`, which is published.
  const breakdown = (groups: string[], counts: Record<string, number>) => {
    const values = groups.map((g) => counts[g] ?? 0);
    return { values, mask: suppressList(values, k, { total: true }) };
  };
  const sectors = breakdown([...SECTORS], c.attendedBySector);
  const genders = breakdown(Object.keys(GENDER_LABELS), c.attendedByGender);
  // When a breakdown can protect its small groups only with `attended` hidden (1 + 1 + 1 + 1 + 1
  // = 5 with k = 5), the other breakdown would add up to it: everything of the three is hidden.
  const totalHidden = sectors.mask.total || genders.mask.total;
  const attendedCell = totalHidden ? SUPPRESSED : count(attended);
  const noShowCell = count(noShow);
  const groupCounts = (
    groups: string[],
    { values, mask }: ReturnType<typeof breakdown>,
    label: (g: string) => [string, string],
  ): GroupCount[] =>
    groups.map((group, i) => {
      const [labelPl, labelEn] = label(group);
      return { group, labelPl, labelEn, count: cellOf(values[i]!, totalHidden || mask.cells[i]!) };
    });
  return {
    visitsHeld: shown(c.visitsHeld),
    registrations: count(registrations),
    attended: attendedCell,
    noShows: noShowCell,
    waitlisted: count(waitlisted),
    // With one of its two counts published, the rate would give the hidden one away.
    attendanceRate:
      isSmall(attended + noShow, k) || attendedCell.suppressed || noShowCell.suppressed
        ? SUPPRESSED
        : shown(attended / (attended + noShow)),
    participantsBySector: groupCounts([...SECTORS], sectors, (g) => SECTOR_LABELS.get(g)!),
    participantsByGender: groupCounts(
      Object.keys(GENDER_LABELS),
      genders,
      (g) => GENDER_LABELS[g]!,
    ),
  };
}

/**
 * Participation measures for ESF+ monitoring, read from the rollups (bounded by the key space:
 * subregion × programme × month × sector × gender), or for one visit from its own registrations.
 */
export class ParticipationService {
  constructor(
    private readonly models: VisitsModels,
    private readonly k: number,
  ) {}

  async measures(filter: NormalisedFilter): Promise<Participation> {
    return participation(await this.counts(filter), this.k);
  }

  /**
   * Raw counts for a filter, before suppression. `visitId` narrows to one visit and, as in the
   * feedback measures, only `sectors` still applies then.
   */
  async counts(filter: NormalisedFilter): Promise<ParticipationCounts> {
    return filter.visitId ? this.countVisit(filter) : this.countArea(filter);
  }

  private async countArea(filter: NormalisedFilter): Promise<ParticipationCounts> {
    for (const code of filter.subregions ?? []) {
      if (!NUTS.subregion(code)) {
        throw badInput("filter.subregions", `${code} is not a NUTS-3 code of ${NUTS.nutsVersion}.`);
      }
    }
    if (filter.from && filter.to && filter.from > filter.to) {
      throw badInput("filter.to", "to must not be before from.");
    }
    const area: Record<string, unknown> = {};
    if (filter.from || filter.to) {
      area["month"] = trusted({
        ...(filter.from ? { $gte: filter.from } : {}),
        ...(filter.to ? { $lte: filter.to } : {}),
      });
    }
    if (filter.subregions) area["subregion"] = trusted({ $in: filter.subregions });
    if (filter.programme) area["programme"] = filter.programme;
    const sectors = filter.sectors ? { sector: trusted({ $in: filter.sectors }) } : {};
    const sums = Object.fromEntries(COUNTERS.map((c) => [c, { $sum: `$${c}` }]));
    const [cells, held] = await Promise.all([
      this.models.ParticipationRollup.aggregate<CountedCell & { _id: object }>([
        { $match: { ...area, ...sectors } },
        { $group: { _id: { sector: "$sector", gender: "$gender" }, ...sums } },
        { $addFields: { sector: "$_id.sector", gender: "$_id.gender" } },
      ]),
      this.models.VisitsHeldRollup.aggregate<{ completed: number }>([
        { $match: area },
        { $group: { _id: null, completed: { $sum: "$completed" } } },
      ]),
    ]);
    return countsOf(held[0]?.completed ?? 0, cells);
  }

  /** One visit: tens of registrations, counted directly. */
  private async countVisit(filter: NormalisedFilter): Promise<ParticipationCounts> {
    const _id = objectId(filter.visitId!);
    const visit = _id
      ? await this.models.Visit.findById(_id, { status: 1 }).lean<{ status: string }>()
      : null;
    if (!visit) return countsOf(0, []);
    const registrations = await this.models.Registration.find(
      { visit: _id, ...(filter.sectors ? { sector: trusted({ $in: filter.sectors }) } : {}) },
      { status: 1, sector: 1, participant: 1 },
    ).lean<{ status: RegistrationStatus; sector: string; participant: Types.ObjectId }[]>();
    const genders = await gendersOf(
      this.models,
      registrations.map((r) => r.participant),
    );
    const cells = registrations.map((r) => ({
      sector: r.sector,
      gender: genders.get(r.participant.toHexString()) ?? null,
      ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<RegistrationCounter, number>),
      [REGISTRATION_COUNTERS[r.status]]: 1,
    }));
    return countsOf(visit.status === VisitStatus.COMPLETED ? 1 : 0, cells);
  }
}
