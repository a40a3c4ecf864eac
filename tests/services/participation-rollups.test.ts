// The participation rollups against a naive recomputation from the raw visits, registrations and
// participants, after scripted, random and concurrent changes made through the services.
import { GraphQLError } from "graphql";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  initVisitsModels,
  registerVisitsModels,
  type VisitsModels,
} from "../../src/models/visits/index.js";
import { type SectorCode, SECTORS } from "../../src/reference/index.js";
import type { NormalisedFilter } from "../../src/schema/analytics-filter.input.js";
import { Gender, VisitMode, VisitStatus } from "../../src/schema/visits/enums.js";
import { OrganizationService } from "../../src/services/visits/organization.service.js";
import { ParticipationService } from "../../src/services/visits/participation.service.js";
import { rebuildParticipationRollups } from "../../src/services/visits/participation-rollup.service.js";
import { RegistrationService } from "../../src/services/visits/registration.service.js";
import { type VisitFields, VisitService } from "../../src/services/visits/visit.service.js";
import { Role, type Viewer } from "../../src/shared/auth.js";
import { startTestStore, type TestStore } from "../support/store.js";

let store: TestStore;
let db: Connection;
let models: VisitsModels;
let visits: VisitService;
let registrations: RegistrationService;
let participation: ParticipationService;
const coordinator: Viewer = { userId: "c", email: "c@wizyty.test", role: Role.COORDINATOR };

beforeAll(async () => {
  store = await startTestStore();
  mongoose.set("strictQuery", true);
  db = await mongoose
    .createConnection(store.uri, { dbName: store.db.databaseName, sanitizeFilter: true })
    .asPromise();
  models = registerVisitsModels(db);
  await initVisitsModels(models);
  visits = new VisitService(db, models, new OrganizationService(models));
  registrations = new RegistrationService(db, models);
  participation = new ParticipationService(models, 3);
});
afterAll(async () => {
  await db?.close();
  await store?.stop();
});

const PROGRAMMES = ["Koordynacja ekonomii społecznej na Mazowszu", "Ekonomia społeczna w praktyce"];
const SUBREGIONS = ["PL925", "PL911", "PL921"];

function visitFields(fields: Partial<VisitFields> = {}): VisitFields {
  return {
    title: "Wizyta studyjna",
    edition: 1,
    programme: PROGRAMMES[0]!,
    organiser: "MCPS",
    subregionCode: "PL925",
    startDate: "2024-03-12",
    endDate: "2024-03-13",
    mode: VisitMode.ON_SITE,
    status: VisitStatus.OPEN_FOR_REGISTRATION,
    capacity: 3,
    ...fields,
  };
}

let people = 0;
function person(visitId: string, gender: Gender | null, sector: SectorCode, email?: string) {
  return {
    visitId,
    name: `Osoba ${++people}`,
    email: email ?? `osoba${people}@example.pl`,
    gender,
    institution: "Instytucja",
    sector,
    consent: true,
  };
}

// ---- the naive recomputation: every registration counted where its visit is now ----

const COUNTER: Record<string, string> = {
  REGISTERED: "registered",
  WAITLISTED: "waitlisted",
  ATTENDED: "attended",
  NO_SHOW: "noShow",
  CANCELLED: "cancelled",
};
const VISIT_COUNTER: Record<string, string> = {
  PLANNED: "planned",
  OPEN_FOR_REGISTRATION: "open",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};
type Doc = Record<string, unknown>;

function tally(
  docs: Map<string, Doc>,
  key: Doc,
  zeros: string[],
  counter: string,
  recordKey?: number,
): void {
  const id = JSON.stringify(key);
  const doc = docs.get(id) ?? docs.set(id, { ...key, ...zerosOf(zeros) }).get(id)!;
  doc[counter] = (doc[counter] as number) + 1;
  // Beside each registration counter, the sum of the record keys of what it counts.
  if (recordKey !== undefined) doc[`${counter}Key`] = (doc[`${counter}Key`] as number) + recordKey;
}
const KEYS = Object.values(COUNTER).map((c) => `${c}Key`);
/** Rollup documents without their key sums, for counts written out by hand. */
const NO_KEYS = { _id: 0, ...Object.fromEntries(KEYS.map((k) => [k, 0])) };
const zerosOf = (names: string[]) => Object.fromEntries(names.map((n) => [n, 0]));
const sorted = (docs: Doc[]) =>
  docs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function naive(): Promise<{ participation: Doc[]; visits: Doc[] }> {
  const all = await store.db.collection("visits").find().toArray();
  const genders = new Map(
    (await store.db.collection("participants").find().toArray()).map((p) => [
      String(p._id),
      (p["gender"] as string | null) ?? null,
    ]),
  );
  const keyOf = new Map(
    all.map((v) => [
      String(v._id),
      {
        month: (v["startDate"] as string).slice(0, 7),
        subregion: v["subregion"],
        programme: v["programme"],
      },
    ]),
  );
  const byVisit = new Map<string, Doc>();
  for (const v of all) {
    tally(
      byVisit,
      keyOf.get(String(v._id))!,
      Object.values(VISIT_COUNTER),
      VISIT_COUNTER[v["status"]]!,
    );
  }
  const byPerson = new Map<string, Doc>();
  for (const r of await store.db.collection("registrations").find().toArray()) {
    const key = {
      ...keyOf.get(String(r["visit"]))!,
      sector: r["sector"],
      gender: genders.get(String(r["participant"])) ?? null,
    };
    tally(
      byPerson,
      key,
      [...Object.values(COUNTER), ...KEYS],
      COUNTER[r["status"]]!,
      r["recordKey"] as number,
    );
  }
  return { participation: sorted([...byPerson.values()]), visits: sorted([...byVisit.values()]) };
}

async function stored(): Promise<{ participation: Doc[]; visits: Doc[] }> {
  const read = (name: string) =>
    store.db
      .collection(name)
      .find({}, { projection: { _id: 0 } })
      .toArray();
  return {
    participation: sorted(await read("participationRollups")),
    visits: sorted(await read("visitsHeldRollups")),
  };
}

/** Counts for a filter, straight from the raw data. */
async function naiveCounts(filter: NormalisedFilter) {
  const { participation: cells, visits: held } = await naive();
  const inArea = (d: Doc) =>
    (!filter.from || (d["month"] as string) >= filter.from) &&
    (!filter.to || (d["month"] as string) <= filter.to) &&
    (!filter.subregions || filter.subregions.includes(d["subregion"] as string)) &&
    (!filter.programme || d["programme"] === filter.programme);
  const chosen = cells.filter(
    (d) => inArea(d) && (!filter.sectors || filter.sectors.includes(d["sector"] as SectorCode)),
  );
  const sum = (docs: Doc[], field: string) => docs.reduce((s, d) => s + (d[field] as number), 0);
  const attendedBy = (field: string, counter = "attended") => {
    const result: Record<string, number> = {};
    for (const d of chosen) {
      const group = (d[field] as string | null) ?? "NOT_GIVEN";
      result[group] = (result[group] ?? 0) + (d[counter] as number);
    }
    return result;
  };
  const byStatus = (suffix: string) =>
    Object.fromEntries(Object.values(COUNTER).map((c) => [c, sum(chosen, `${c}${suffix}`)]));
  return {
    visitsHeld: sum(held.filter(inArea), "completed"),
    byStatus: byStatus(""),
    attendedBySector: attendedBy("sector"),
    attendedByGender: attendedBy("gender"),
    keys: {
      byStatus: byStatus("Key"),
      attendedBySector: attendedBy("sector", "attendedKey"),
      attendedByGender: attendedBy("gender", "attendedKey"),
    },
  };
}

type Breakdowns = { attendedBySector: object; attendedByGender: object };

/** Drops zero entries, which the service and the naive count may or may not list. */
function withoutZeros<T extends Breakdowns & { keys: Breakdowns }>(c: T): T {
  const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([, n]) => n !== 0));
  const both = <B extends Breakdowns>(b: B): B => ({
    ...b,
    attendedBySector: strip(b.attendedBySector),
    attendedByGender: strip(b.attendedByGender),
  });
  return { ...both(c), keys: both(c.keys) };
}

/** Business-rule refusals (full, closed, already cancelled, …) are expected in a random run. */
async function allowRefusal(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    const code = error instanceof GraphQLError ? error.extensions["code"] : undefined;
    if (code !== "CONFLICT" && code !== "BAD_USER_INPUT") throw error;
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

describe("participation rollups", () => {
  it("count each registration change, written out by hand", async () => {
    // Arrange: a visit of its own month, two seats.
    const visit = await visits.create(
      visitFields({ startDate: "2019-05-06", endDate: "2019-05-06", capacity: 2 }),
    );
    const key = { month: "2019-05", subregion: "PL925", programme: PROGRAMMES[0] };
    const zero = { registered: 0, waitlisted: 0, attended: 0, noShow: 0, cancelled: 0 };

    // Act
    const anna = await registrations.register(undefined, person(visit.id, Gender.WOMAN, "NGO"));
    const basia = await registrations.register(undefined, person(visit.id, Gender.WOMAN, "NGO"));
    const cezary = await registrations.register(undefined, person(visit.id, null, "BUSINESS"));
    await registrations.cancel(coordinator, anna.registration.id, null); // Cezary gets the seat
    await registrations.markAttendance(basia.registration.id, true);
    await registrations.markAttendance(cezary.registration.id, false);
    await visits.update(visit.id, { status: VisitStatus.COMPLETED });

    // Assert
    const rollups = await store.db
      .collection("participationRollups")
      .find({ month: "2019-05" }, { projection: NO_KEYS })
      .sort({ sector: 1 })
      .toArray();
    expect(rollups).toEqual([
      { ...key, sector: "BUSINESS", gender: null, ...zero, noShow: 1 },
      { ...key, sector: "NGO", gender: "WOMAN", ...zero, attended: 1, cancelled: 1 },
    ]);
    const held = await store.db
      .collection("visitsHeldRollups")
      .find({ month: "2019-05" }, { projection: { _id: 0 } })
      .toArray();
    expect(held).toEqual([{ ...key, planned: 0, open: 0, completed: 1, cancelled: 0 }]);
  });

  it("count a cancelled visit's open registrations as cancelled, in the same change as the visit", async () => {
    // Arrange: one seat taken, one attended, one on the waitlist, in a month of their own.
    const visit = await visits.create(
      visitFields({ startDate: "2019-08-05", endDate: "2019-08-05", capacity: 2 }),
    );
    const key = { month: "2019-08", subregion: "PL925", programme: PROGRAMMES[0] };
    const zero = { registered: 0, waitlisted: 0, attended: 0, noShow: 0, cancelled: 0 };
    const came = await registrations.register(undefined, person(visit.id, Gender.MAN, "NGO"));
    await registrations.register(undefined, person(visit.id, Gender.WOMAN, "NGO"));
    await registrations.register(undefined, person(visit.id, Gender.WOMAN, "NGO"));
    await registrations.markAttendance(came.registration.id, true);

    // Act
    const cancelled = await visits.update(visit.id, { status: VisitStatus.CANCELLED });

    // Assert
    expect(cancelled).toMatchObject({ registeredCount: 1, waitlistCount: 0, seatsLeft: 1 });
    const rollups = await store.db
      .collection("participationRollups")
      .find({ month: "2019-08" }, { projection: NO_KEYS })
      .sort({ gender: 1 })
      .toArray();
    expect(rollups).toEqual([
      { ...key, sector: "NGO", gender: "MAN", ...zero, attended: 1 },
      { ...key, sector: "NGO", gender: "WOMAN", ...zero, cancelled: 2 },
    ]);
    expect(await stored()).toEqual(await naive());
  });

  it("move a visit's whole contribution when it changes place, programme or month, leaving no empty documents", async () => {
    // Arrange
    const visit = await visits.create(
      visitFields({ startDate: "2019-06-03", endDate: "2019-06-03" }),
    );
    await registrations.register(undefined, person(visit.id, Gender.MAN, "NGO"));
    await registrations.register(undefined, person(visit.id, Gender.MAN, "OTHER"));

    // Act
    await visits.update(visit.id, {
      subregionCode: "PL921",
      programme: PROGRAMMES[1],
      startDate: "2019-07-01",
      endDate: "2019-07-02",
    });

    // Assert
    const june = await store.db
      .collection("participationRollups")
      .countDocuments({ month: "2019-06" });
    const juneVisits = await store.db
      .collection("visitsHeldRollups")
      .countDocuments({ month: "2019-06" });
    expect([june, juneVisits]).toEqual([0, 0]);
    const july = await store.db
      .collection("participationRollups")
      .find(
        { month: "2019-07" },
        { projection: { _id: 0, sector: 1, subregion: 1, programme: 1, registered: 1 } },
      )
      .sort({ sector: 1 })
      .toArray();
    expect(july).toEqual([
      { subregion: "PL921", programme: PROGRAMMES[1], sector: "NGO", registered: 1 },
      { subregion: "PL921", programme: PROGRAMMES[1], sector: "OTHER", registered: 1 },
    ]);
    expect(await stored()).toEqual(await naive());
  });

  it("equal a naive recomputation after a random sequence of registrations, cancellations, attendance and visit edits", async () => {
    // Arrange
    const rng = random(20240611);
    const ids: string[] = [];
    for (const [i, subregion] of SUBREGIONS.entries()) {
      const visit = await visits.create(
        visitFields({
          subregionCode: subregion,
          startDate: `2023-0${i + 1}-10`,
          endDate: `2023-0${i + 1}-10`,
        }),
      );
      ids.push(visit.id);
    }
    const emails = Array.from({ length: 30 }, (_, i) => `losowa${i}@example.pl`);
    const genders = [...Object.values(Gender), null];

    // Act
    for (let step = 1; step <= 160; step++) {
      const visitId = rng.pick(ids);
      const roll = rng.next();
      const [visit] = await visits.byIds([visitId]);
      const all = (await registrations.forVisits([visitId]))[0]!;
      if (roll < 0.45) {
        const gender = rng.pick(genders);
        const sector = rng.pick(SECTORS);
        await allowRefusal(
          registrations.register(coordinator, person(visitId, gender, sector, rng.pick(emails))),
        );
      } else if (roll < 0.62) {
        const active = all.filter((r) => r.status === "REGISTERED" || r.status === "WAITLISTED");
        if (active.length)
          await allowRefusal(registrations.cancel(coordinator, rng.pick(active).id, null));
      } else if (roll < 0.82) {
        const seated = all.filter((r) => ["REGISTERED", "ATTENDED", "NO_SHOW"].includes(r.status));
        if (seated.length)
          await registrations.markAttendance(rng.pick(seated).id, rng.next() < 0.7);
      } else {
        const month = `2023-0${1 + Math.floor(rng.next() * 3)}-1${Math.floor(rng.next() * 9)}`;
        const edits = [
          { subregionCode: rng.pick(SUBREGIONS) },
          { programme: rng.pick(PROGRAMMES) },
          { startDate: month, endDate: month },
          { capacity: visit!.registeredCount + Math.floor(rng.next() * 3) },
          { status: rng.pick([VisitStatus.PLANNED, VisitStatus.OPEN_FOR_REGISTRATION]) },
          // Rarely final: a completed visit takes no more registrations.
          ...(step > 120
            ? [{ status: rng.pick([VisitStatus.COMPLETED, VisitStatus.CANCELLED]) }]
            : []),
        ];
        await allowRefusal(visits.update(visitId, rng.pick(edits)));
      }
      if (step % 40 === 0) expect(await stored(), `after step ${step}`).toEqual(await naive());
    }

    // Assert
    expect(await stored()).toEqual(await naive());
  });

  it("stay equal to the recomputation under 20 concurrent registrations, then concurrent cancellations, attendance and a move", async () => {
    // Arrange: two visits sharing a rollup key nobody has used yet, so the first registrations
    // race to create the same rollup documents.
    const fields = visitFields({ startDate: "2021-01-15", endDate: "2021-01-15", capacity: 6 });
    const [first, second] = [await visits.create(fields), await visits.create(fields)];
    const genders = [Gender.WOMAN, Gender.MAN, null] as const;

    // Act
    const registered = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registrations.register(
          undefined,
          person(i % 2 ? first!.id : second!.id, genders[i % 3]!, i % 4 ? "NGO" : "BUSINESS"),
        ),
      ),
    );
    await Promise.all([
      ...registered
        .slice(0, 8)
        .map((r) => registrations.cancel(coordinator, r.registration.id, null)),
      ...registered
        .slice(8)
        .filter((r) => r.registration.status === "REGISTERED")
        .map((r, i) => allowRefusal(registrations.markAttendance(r.registration.id, i % 2 === 0))),
      ...Array.from({ length: 6 }, (_, i) =>
        registrations.register(undefined, person(second!.id, genders[i % 3]!, "LOCAL_GOVERNMENT")),
      ),
      visits.update(second!.id, { startDate: "2021-02-02", endDate: "2021-02-02" }),
    ]);

    // Assert
    expect(await stored()).toEqual(await naive());
    const counts = await participation.counts({ from: "2021-01", to: "2021-02" });
    expect(
      counts.byStatus.registered +
        counts.byStatus.waitlisted +
        counts.byStatus.attended +
        counts.byStatus.noShow +
        counts.byStatus.cancelled,
    ).toBe(26);
  });

  it("stay equal to the recomputation when a visit is cancelled while people register and cancel", async () => {
    // Arrange
    const visit = await visits.create(
      visitFields({ startDate: "2021-04-12", endDate: "2021-04-12", capacity: 4 }),
    );
    const early = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        registrations.register(undefined, person(visit.id, Gender.WOMAN, i % 2 ? "NGO" : "OTHER")),
      ),
    );

    // Act
    await Promise.all([
      visits.update(visit.id, { status: VisitStatus.CANCELLED }),
      ...Array.from({ length: 8 }, () =>
        allowRefusal(registrations.register(coordinator, person(visit.id, Gender.MAN, "BUSINESS"))),
      ),
      ...early
        .slice(0, 3)
        .map((r) =>
          allowRefusal(registrations.cancel(undefined, r.registration.id, r.cancelToken)),
        ),
    ]);

    // Assert
    const left = await store.db.collection("registrations").countDocuments({
      visit: new mongoose.Types.ObjectId(visit.id),
      status: { $ne: "CANCELLED" },
    });
    expect(left).toBe(0);
    const [cancelled] = await visits.byIds([visit.id]);
    expect(cancelled).toMatchObject({ status: "CANCELLED", registeredCount: 0, waitlistCount: 0 });
    expect(await stored()).toEqual(await naive());
  });

  it("count concurrent first registrations for many visits of one rollup key once each", async () => {
    // Arrange: every registration below creates or bumps the same new rollup document, and
    // none of them shares a visit document with another to conflict on.
    const fields = visitFields({ startDate: "2032-05-05", endDate: "2032-05-05", capacity: 1 });
    const many = await Promise.all(Array.from({ length: 10 }, () => visits.create(fields)));

    // Act
    await Promise.all(
      many.map((visit) =>
        registrations.register(undefined, person(visit.id, Gender.NON_BINARY, "OTHER")),
      ),
    );

    // Assert
    const rollups = await store.db
      .collection("participationRollups")
      .find({ month: "2032-05" }, { projection: { _id: 0, registered: 1 } })
      .toArray();
    expect(rollups).toEqual([{ registered: 10 }]);
    const held = await store.db
      .collection("visitsHeldRollups")
      .find({ month: "2032-05" }, { projection: { _id: 0, open: 1 } })
      .toArray();
    expect(held).toEqual([{ open: 10 }]);
  });

  it("give the same counts as the raw data for any filter", async () => {
    // Arrange
    const filters: NormalisedFilter[] = [
      {},
      { from: "2023-02" },
      { to: "2023-02" },
      { from: "2023-01", to: "2023-03", subregions: ["PL911", "PL925"] },
      { programme: PROGRAMMES[1]! },
      { sectors: ["BUSINESS", "NGO"] },
      { subregions: ["PL921"], sectors: ["OTHER"], programme: PROGRAMMES[0]! },
    ];

    for (const filter of filters) {
      // Act
      const counts = await participation.counts(filter);

      // Assert
      expect(withoutZeros(counts), JSON.stringify(filter)).toEqual(
        withoutZeros(await naiveCounts(filter)),
      );
    }
  });

  it("are rebuilt from the raw data exactly as kept incrementally", async () => {
    // Arrange
    const before = await stored();
    await store.db.collection("participationRollups").updateMany({}, { $inc: { attended: 7 } });
    await store.db.collection("visitsHeldRollups").deleteMany({ subregion: "PL911" });
    const progress: [number, number][] = [];

    // Act
    const counted = await rebuildParticipationRollups(models, (done, total) =>
      progress.push([done, total]),
    );

    // Assert
    expect(await stored()).toEqual(before);
    const total = await store.db.collection("registrations").countDocuments();
    expect(counted).toEqual({
      visits: await store.db.collection("visits").countDocuments(),
      registrations: total,
    });
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
  });
});
