// The registration rules called directly, without GraphQL: what the resolvers rely on.
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  initVisitsModels,
  registerVisitsModels,
  type VisitsModels,
} from "../../src/models/visits/index.js";
import { RegistrationStatus, VisitMode, VisitStatus } from "../../src/schema/visits/enums.js";
import { OrganizationService } from "../../src/services/visits/organization.service.js";
import { RegistrationService } from "../../src/services/visits/registration.service.js";
import { VisitService } from "../../src/services/visits/visit.service.js";
import { startTestStore, type TestStore } from "../support/store.js";

let store: TestStore;
let db: Connection;
let models: VisitsModels;
let visits: VisitService;
let registrations: RegistrationService;

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
});
afterAll(async () => {
  await db?.close();
  await store?.stop();
});

const openVisit = (capacity: number) =>
  visits.create({
    title: "Wizyta studyjna",
    edition: 1,
    programme: "Koordynacja ekonomii społecznej na Mazowszu",
    organiser: "MCPS",
    subregionCode: "PL925",
    startDate: "2017-08-23",
    endDate: "2017-08-24",
    mode: VisitMode.ON_SITE,
    status: VisitStatus.OPEN_FOR_REGISTRATION,
    capacity,
  });

let n = 0;
const person = (visitId: string) => ({
  visitId,
  name: `Osoba ${++n}`,
  email: `osoba${n}@example.pl`,
  institution: "PUP Siedlce",
  sector: "LABOUR_OFFICE" as const,
  consent: true,
});

describe("RegistrationService", () => {
  it("seats exactly `capacity` of many concurrent registrations and queues the rest in order", async () => {
    // Arrange
    const visit = await openVisit(3);

    // Act
    const results = await Promise.all(
      Array.from({ length: 12 }, () => registrations.register(undefined, person(visit.id))),
    );

    // Assert
    const seated = results.filter((r) => r.registration.status === RegistrationStatus.REGISTERED);
    const queued = results
      .map((r) => r.registration.waitlistPosition)
      .filter((p) => p !== null)
      .sort((a, b) => a - b);
    expect(seated).toHaveLength(3);
    expect(queued).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [stored] = await visits.byIds([visit.id]);
    expect(stored).toMatchObject({ registeredCount: 3, waitlistCount: 9, seatsLeft: 0 });
  });

  it("creates one participant when a new e-mail registers for two visits at once", async () => {
    // Arrange
    const [first, second] = await Promise.all([openVisit(5), openVisit(5)]);
    const email = "nowa.osoba@example.pl";

    // Act
    const results = await Promise.all(
      [first!, second!].map((visit) =>
        registrations.register(undefined, { ...person(visit.id), email }),
      ),
    );

    // Assert
    expect(results.map((r) => r.registration.status)).toEqual(["REGISTERED", "REGISTERED"]);
    expect(await models.Participant.countDocuments({ email })).toBe(1);
    expect(new Set(results.map((r) => r.registration.participantId)).size).toBe(1);
  });

  it("stores only a hash of the cancel token, which then cancels", async () => {
    // Arrange
    const visit = await openVisit(1);
    const { registration, cancelToken } = await registrations.register(undefined, person(visit.id));

    // Act
    const stored = await models.Registration.findById(registration.id).lean();
    const cancelled = await registrations.cancel(undefined, registration.id, cancelToken);

    // Assert
    expect(JSON.stringify(stored)).not.toContain(cancelToken);
    expect(stored!.cancelTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(cancelled.status).toBe(RegistrationStatus.CANCELLED);
  });

  it("recount agrees with the counters kept by registrations and cancellations", async () => {
    // Arrange
    const visit = await openVisit(2);
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await registrations.register(undefined, person(visit.id)));
    await registrations.cancel(undefined, made[0]!.registration.id, made[0]!.cancelToken);
    await registrations.cancel(undefined, made[3]!.registration.id, made[3]!.cancelToken);
    const [kept] = await visits.byIds([visit.id]);

    // Act
    await models.Visit.updateOne(
      { _id: visit.id },
      { $set: { seatsTaken: 99, waitlistCount: 99 } },
    );
    await visits.recount(visit.id);

    // Assert
    const [recounted] = await visits.byIds([visit.id]);
    expect(kept).toMatchObject({ registeredCount: 2, waitlistCount: 1 });
    expect(recounted).toEqual(kept);
  });
});
