import type { Types } from "mongoose";

import type { VisitsModels } from "../../models/visits/index.js";
import {
  keyField,
  REGISTRATION_COUNTERS,
  type RegistrationCounter,
} from "../../models/visits/participation-rollup.model.js";
import { FEEDBACK_OPTIONS, NUTS, SECTORS } from "../../reference/index.js";
import type { NormalisedFilter } from "../../schema/analytics-filter.input.js";
import { Gender, type RegistrationStatus, VisitStatus } from "../../schema/visits/enums.js";
import { badInput } from "../../shared/graphql/errors.js";
import { objectId, trusted } from "../../shared/mongo.js";
import { perturb, perturbedCell, PTABLE, type Ptable, shareOf } from "../../shared/perturbation.js";
import {
  type Cell,
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
  /** The record-key sums of the counts above, in the same shape (cell-key perturbation). */
  keys: {
    byStatus: Record<RegistrationCounter, number>;
    attendedBySector: Record<string, number>;
    attendedByGender: Record<string, number>;
  };
}

/** One (sector, gender) cell of registrations by status, as rollups and raw counts give it. */
type CountedCell = { sector: string; gender: string | null } & Record<
  RegistrationCounter | `${RegistrationCounter}Key`,
  number
>;

const COUNTERS = Object.values(REGISTRATION_COUNTERS);
const KEY_FIELDS = COUNTERS.map(keyField);

const zeros = () =>
  Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<RegistrationCounter, number>;
const addTo = (into: Record<string, number>, at: string, n: number) =>
  (into[at] = (into[at] ?? 0) + n);

/** Sums (sector, gender) cells into the totals the measures need. */
export function countsOf(visitsHeld: number, cells: CountedCell[]): ParticipationCounts {
  const counts: ParticipationCounts = {
    visitsHeld,
    byStatus: zeros(),
    attendedBySector: {},
    attendedByGender: {},
    keys: { byStatus: zeros(), attendedBySector: {}, attendedByGender: {} },
  };
  for (const cell of cells) {
    for (const counter of COUNTERS) {
      counts.byStatus[counter] += cell[counter];
      counts.keys.byStatus[counter] += cell[keyField(counter)] ?? 0;
    }
    const gender = cell.gender ?? NOT_GIVEN;
    const attendedKey = cell.attendedKey ?? 0;
    addTo(counts.attendedBySector, cell.sector, cell.attended);
    addTo(counts.attendedByGender, gender, cell.attended);
    addTo(counts.keys.attendedBySector, cell.sector, attendedKey);
    addTo(counts.keys.attendedByGender, gender, attendedKey);
  }
  return counts;
}

/**
 * The published measures: every count of people perturbed by its cell key, and small groups
 * suppressed (K = `k`, decided on the true counts). Visits are not people, so their number is
 * neither perturbed nor hidden.
 */
export function participation(
  c: ParticipationCounts,
  k: number,
  table: Ptable = PTABLE,
): Participation {
  const { attended, noShow } = c.byStatus;
  const key = c.keys.byStatus;
  const noisy = (counter: RegistrationCounter) => perturb(c.byStatus[counter], key[counter], table);
  const count = (counter: RegistrationCounter) =>
    perturbedCell(c.byStatus[counter], key[counter], isSmallCount(c.byStatus[counter], k), table);
  const registrations = COUNTERS.reduce((sum, counter) => sum + c.byStatus[counter], 0);
  const registrationsKey = COUNTERS.reduce((sum, counter) => sum + key[counter], 0);
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
  const attendedCell = totalHidden ? SUPPRESSED : count("attended");
  const noShowCell = count("noShow");
  const groupCounts = (
    groups: string[],
    { values, mask }: ReturnType<typeof breakdown>,
    keys: Record<string, number>,
    label: (g: string) => [string, string],
  ): GroupCount[] =>
    groups.map((group, i) => {
      const [labelPl, labelEn] = label(group);
      const hidden = totalHidden || mask.cells[i]!;
      return {
        group,
        labelPl,
        labelEn,
        count: perturbedCell(values[i]!, keys[group] ?? 0, hidden, table),
      };
    });
  return {
    visitsHeld: shown(c.visitsHeld),
    registrations: perturbedCell(
      registrations,
      registrationsKey,
      isSmallCount(registrations, k),
      table,
    ),
    attended: attendedCell,
    noShows: noShowCell,
    waitlisted: count("waitlisted"),
    // With one of its two counts published, the rate would give the hidden one away. Computed
    // from the published (perturbed) counts, so it adds nothing to them.
    attendanceRate:
      isSmall(attended + noShow, k) || attendedCell.suppressed || noShowCell.suppressed
        ? SUPPRESSED
        : shown(shareOf(noisy("attended"), noisy("attended") + noisy("noShow"))),
    participantsBySector: groupCounts([...SECTORS], sectors, c.keys.attendedBySector, (g) =>
      SECTOR_LABELS.get(g)!,
    ),
    participantsByGender: groupCounts(
      Object.keys(GENDER_LABELS),
      genders,
      c.keys.attendedByGender,
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
    private readonly ptable: Ptable = PTABLE,
  ) {}

  async measures(filter: NormalisedFilter): Promise<Participation> {
    return participation(await this.counts(filter), this.k, this.ptable);
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
    const sums = Object.fromEntries(
      [...COUNTERS, ...KEY_FIELDS].map((c) => [c, { $sum: `$${c}` }]),
    );
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
      { status: 1, sector: 1, participant: 1, recordKey: 1 },
    ).lean<
      {
        status: RegistrationStatus;
        sector: string;
        participant: Types.ObjectId;
        recordKey?: number;
      }[]
    >();
    const genders = await gendersOf(
      this.models,
      registrations.map((r) => r.participant),
    );
    const cells = registrations.map((r) => ({
      sector: r.sector,
      gender: genders.get(r.participant.toHexString()) ?? null,
      ...(Object.fromEntries([...COUNTERS, ...KEY_FIELDS].map((c) => [c, 0])) as Record<
        RegistrationCounter | `${RegistrationCounter}Key`,
        number
      >),
      [REGISTRATION_COUNTERS[r.status]]: 1,
      [keyField(REGISTRATION_COUNTERS[r.status])]: r.recordKey ?? 0,
    }));
    return countsOf(visit.status === VisitStatus.COMPLETED ? 1 : 0, cells);
  }
}
