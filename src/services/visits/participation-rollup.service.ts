import type { ClientSession, Types } from "mongoose";

import type { VisitKey, VisitsModels } from "../../models/visits/index.js";
import {
  keyField,
  REGISTRATION_COUNTERS,
  type RegistrationCounter,
  VISIT_COUNTERS,
} from "../../models/visits/participation-rollup.model.js";
import type { RegistrationStatus, VisitStatus } from "../../schema/visits/enums.js";
import { trusted } from "../../shared/mongo.js";
import { giveRecordKeys } from "../../shared/record-keys.js";

/** One registration moving from one status to another; null = not there before / after. */
export interface RegistrationChange {
  sector: string;
  gender: string | null;
  from: RegistrationStatus | null;
  to: RegistrationStatus | null;
  /** The registration's record key (0 for one stored before keys, until the rebuild). */
  key: number | undefined;
}

type Increments = Record<string, number>;

/** Where a visit counts: its subregion, programme and the month it starts in. */
export function visitKeyOf(visit: {
  subregion: string;
  programme: string;
  startDate: string;
}): VisitKey {
  return {
    month: visit.startDate.slice(0, 7),
    subregion: visit.subregion,
    programme: visit.programme,
  };
}

const sameKey = (a: VisitKey, b: VisitKey) =>
  a.month === b.month && a.subregion === b.subregion && a.programme === b.programme;

/** Participants' genders by id (null when not given, or the participant is gone). */
export async function gendersOf(
  models: VisitsModels,
  ids: readonly Types.ObjectId[],
  session?: ClientSession,
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const people = await models.Participant.find({ _id: trusted({ $in: ids }) }, { gender: 1 })
    .session(session ?? null)
    .lean<{ _id: Types.ObjectId; gender?: string | null }[]>();
  return new Map(people.map((p) => [p._id.toHexString(), p.gender ?? null]));
}

/** The `$inc` of each (sector, gender) cell the changes touch; cells that net to zero are left out. */
function cellIncrements(changes: RegistrationChange[]) {
  const cells = new Map<string, { sector: string; gender: string | null; inc: Increments }>();
  for (const { sector, gender, from, to, key } of changes) {
    if (from === to) continue;
    const id = JSON.stringify([sector, gender]);
    const cell = cells.get(id) ?? cells.set(id, { sector, gender, inc: {} }).get(id)!;
    if (from) addCounted(cell.inc, REGISTRATION_COUNTERS[from], -1, key ?? 0);
    if (to) addCounted(cell.inc, REGISTRATION_COUNTERS[to], 1, key ?? 0);
  }
  return [...cells.values()].filter(({ inc }) => Object.values(inc).some((n) => n !== 0));
}

function add(inc: Increments, path: string, by: number): void {
  inc[path] = (inc[path] ?? 0) + by;
}

/** Adds `by` registrations to a counter, and `by` × their record key to its key sum. */
function addCounted(inc: Increments, counter: RegistrationCounter, by: number, key: number) {
  add(inc, counter, by);
  add(inc, keyField(counter), by * key);
}

const PARTICIPATION_FIELDS = [
  ...Object.values(REGISTRATION_COUNTERS),
  ...Object.values(REGISTRATION_COUNTERS).map(keyField),
];
const VISIT_FIELDS = Object.values(VISIT_COUNTERS);

/** `$inc` that creates a missing document with every counter, so all documents look alike. */
function incrementing(inc: Increments, counters: readonly string[]) {
  const zero = counters.filter((name) => !(name in inc)).map((name) => [name, 0]);
  return { $inc: inc, $setOnInsert: Object.fromEntries(zero) };
}

/**
 * Keeps the participation rollups in step with the registrations of a visit at `key`. Runs in
 * the caller's transaction, which must also write the visit document (see visit.model.ts).
 */
export async function countRegistrations(
  models: VisitsModels,
  key: VisitKey,
  changes: RegistrationChange[],
  session: ClientSession,
): Promise<void> {
  for (const { sector, gender, inc } of cellIncrements(changes)) {
    await models.ParticipationRollup.collection.updateOne(
      { ...key, sector, gender },
      incrementing(inc, PARTICIPATION_FIELDS),
      { upsert: true, session },
    );
  }
}

/** Keeps the visits rollups in step with a visit that appears, or changes status. */
export async function countVisit(
  models: VisitsModels,
  key: VisitKey,
  from: VisitStatus | null,
  to: VisitStatus | null,
  session: ClientSession,
): Promise<void> {
  if (from === to) return;
  const inc: Increments = {};
  if (from) add(inc, VISIT_COUNTERS[from], -1);
  if (to) add(inc, VISIT_COUNTERS[to], 1);
  await models.VisitsHeldRollup.collection.updateOne(key, incrementing(inc, VISIT_FIELDS), {
    upsert: true,
    session,
  });
}

/**
 * An edit of a visit: a new status moves it between the visits counters; a new subregion,
 * programme or start month moves its whole contribution (the visit and every registration) from
 * the old key to the new one. Runs in the edit's transaction, after the edit's write to the
 * visit, so a registration that changes meanwhile makes one of the two transactions retry.
 */
export async function moveVisit(
  models: VisitsModels,
  visit: Types.ObjectId,
  before: { key: VisitKey; status: VisitStatus },
  after: { key: VisitKey; status: VisitStatus },
  session: ClientSession,
): Promise<void> {
  if (sameKey(before.key, after.key)) {
    await countVisit(models, after.key, before.status, after.status, session);
    return;
  }
  await countVisit(models, before.key, before.status, null, session);
  await countVisit(models, after.key, null, after.status, session);
  const registrations = await models.Registration.find(
    { visit },
    { participant: 1, sector: 1, status: 1, recordKey: 1 },
  )
    .session(session)
    .lean<
      {
        participant: Types.ObjectId;
        sector: string;
        status: RegistrationStatus;
        recordKey?: number;
      }[]
    >();
  const genders = await gendersOf(
    models,
    registrations.map((r) => r.participant),
    session,
  );
  const each = registrations.map((r) => ({
    sector: r.sector,
    gender: genders.get(r.participant.toHexString()) ?? null,
    key: r.recordKey,
  }));
  await countRegistrations(
    models,
    before.key,
    registrations.map((r, i) => ({ ...each[i]!, from: r.status, to: null })),
    session,
  );
  await countRegistrations(
    models,
    after.key,
    registrations.map((r, i) => ({ ...each[i]!, from: null, to: r.status })),
    session,
  );
  await pruneEmpty(models, before.key, session);
}

/** Deletes the rollup documents at `key` that count nothing any more, as a rebuild would. */
async function pruneEmpty(models: VisitsModels, key: VisitKey, session: ClientSession) {
  const zero = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, 0]));
  await models.ParticipationRollup.collection.deleteMany(
    { ...key, ...zero(Object.values(REGISTRATION_COUNTERS)) },
    { session },
  );
  await models.VisitsHeldRollup.collection.deleteMany(
    { ...key, ...zero(VISIT_FIELDS) },
    { session },
  );
}

const BATCH = 1_000;

/**
 * Recomputes both rollups from the raw visits and registrations: counts in memory (bounded by
 * the key space), then replaces the rollup collections. For `npm run analytics:rebuild` and
 * after a bulk load, which bypasses the services that keep the rollups; run it while nobody
 * registers. `onProgress(done, total)` follows the registrations.
 */
export async function rebuildParticipationRollups(
  models: VisitsModels,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ visits: number; registrations: number }> {
  // Registrations from before cell keys get theirs now, once.
  await giveRecordKeys(models.Registration);
  const visits = await models.Visit.find(
    {},
    { subregion: 1, programme: 1, startDate: 1, status: 1 },
  ).lean<
    {
      _id: Types.ObjectId;
      subregion: string;
      programme: string;
      startDate: string;
      status: VisitStatus;
    }[]
  >();
  const keyOf = new Map(visits.map((v) => [v._id.toHexString(), visitKeyOf(v)]));
  const visitCells = new Map<string, { filter: object; inc: Increments }>();
  const participationCells = new Map<string, { filter: object; inc: Increments }>();
  const merge = (
    target: Map<string, { filter: object; inc: Increments }>,
    filter: object,
    inc: Increments,
  ) => {
    const id = JSON.stringify(filter);
    const cell = target.get(id) ?? target.set(id, { filter, inc: {} }).get(id)!;
    for (const [path, by] of Object.entries(inc)) add(cell.inc, path, by);
  };
  for (const visit of visits) {
    merge(visitCells, keyOf.get(visit._id.toHexString())!, { [VISIT_COUNTERS[visit.status]]: 1 });
  }

  const total = await models.Registration.estimatedDocumentCount();
  let done = 0;
  onProgress(0, total);
  type Row = {
    visit: Types.ObjectId;
    participant: Types.ObjectId;
    sector: string;
    status: RegistrationStatus;
    recordKey: number;
  };
  const count = async (batch: Row[]) => {
    const genders = await gendersOf(
      models,
      batch.map((r) => r.participant),
    );
    for (const r of batch) {
      const key = keyOf.get(r.visit.toHexString());
      // A registration of a visit that no longer exists counts nowhere, as it never would.
      if (!key) continue;
      const gender = genders.get(r.participant.toHexString()) ?? null;
      const inc: Increments = {};
      addCounted(inc, REGISTRATION_COUNTERS[r.status], 1, r.recordKey);
      merge(participationCells, { ...key, sector: r.sector, gender }, inc);
    }
    done += batch.length;
    onProgress(done, Math.max(total, done));
  };
  let batch: Row[] = [];
  const cursor = models.Registration.find(
    {},
    { visit: 1, participant: 1, sector: 1, status: 1, recordKey: 1 },
  )
    .lean<Row>()
    .cursor({ batchSize: BATCH });
  for await (const row of cursor) {
    batch.push(row);
    if (batch.length === BATCH) {
      await count(batch);
      batch = [];
    }
  }
  if (batch.length > 0 || done === 0) await count(batch);

  for (const [model, cells, counters] of [
    [models.ParticipationRollup, participationCells, PARTICIPATION_FIELDS],
    [models.VisitsHeldRollup, visitCells, VISIT_FIELDS],
  ] as const) {
    await model.collection.deleteMany({});
    const entries = [...cells.values()];
    for (let i = 0; i < entries.length; i += BATCH) {
      await model.collection.bulkWrite(
        entries.slice(i, i + BATCH).map(({ filter, inc }) => ({
          updateOne: { filter, update: incrementing(inc, counters), upsert: true },
        })),
        { ordered: false },
      );
    }
  }
  return { visits: visits.length, registrations: done };
}
