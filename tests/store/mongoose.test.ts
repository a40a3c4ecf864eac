// The store as the product uses it: mongoose models with indexes, population and transactions.
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestStore, type TestStore } from "../support/store.js";

let store: TestStore;
let connection: Connection;

const hostSchema = new mongoose.Schema({
  name: { type: String, required: true },
  type: { type: String, enum: ["SOCIAL_COOPERATIVE", "PRISON", "ZAZ", "OWES"], required: true },
});
const visitSchema = new mongoose.Schema({
  title: { type: String, required: true },
  startDate: Date,
  stops: [{ order: Number, host: { type: mongoose.Schema.Types.ObjectId, ref: "Host" } }],
});
const participantSchema = new mongoose.Schema({
  email: { type: String, required: true, unique: true },
  visits: { type: Number, default: 0 },
});

beforeAll(async () => {
  store = await startTestStore();
  mongoose.set("strictQuery", true);
  connection = await mongoose
    .createConnection(store.uri, { dbName: store.db.databaseName, sanitizeFilter: true })
    .asPromise();
  connection.model("Host", hostSchema);
  connection.model("Visit", visitSchema);
  await connection.model("Participant", participantSchema).init();
});
afterAll(async () => {
  await connection.close();
  await store.stop();
});

describe("mongoose on the embedded store", () => {
  it("creates, populates and reads lean documents", async () => {
    const Host = connection.model("Host");
    const Visit = connection.model("Visit");
    const [prison, zaz] = await Host.create([
      { name: "Zakład Karny w Siedlcach", type: "PRISON" },
      { name: "ZAZ Caritas Diecezji Siedleckiej", type: "ZAZ" },
    ]);
    await Visit.create({
      title: "Wizyta studyjna w podregionie siedleckim",
      startDate: new Date("2017-08-23"),
      stops: [
        { order: 2, host: prison!._id },
        { order: 3, host: zaz!._id },
      ],
    });

    const visit = await Visit.findOne({ title: /siedleckim/ })
      .populate("stops.host")
      .lean<{ stops: { order: number; host: { name: string } }[]; startDate: Date }>();

    expect(visit?.startDate).toEqual(new Date("2017-08-23"));
    expect(visit?.stops.map((s) => [s.order, s.host.name])).toEqual([
      [2, "Zakład Karny w Siedlcach"],
      [3, "ZAZ Caritas Diecezji Siedleckiej"],
    ]);
  });

  it("builds schema indexes and reports a duplicate as MongoDB does", async () => {
    const Participant = connection.model("Participant");
    await Participant.create({ email: "anna@example.pl" });

    const error = await Participant.create({ email: "anna@example.pl" }).catch((e: unknown) => e);

    expect((error as { code?: number }).code).toBe(11000);
    expect((error as { keyValue?: unknown }).keyValue).toEqual({ email: "anna@example.pl" });
    const indexes = await Participant.listIndexes();
    expect(indexes.map((i: { name: string }) => i.name)).toContain("email_1");
  });

  it("runs a mongoose transaction all-or-nothing", async () => {
    const Participant = connection.model("Participant");
    await Participant.create({ email: "jan@example.pl" });

    const failed = await connection
      .transaction(async (session) => {
        await Participant.updateOne(
          { email: "jan@example.pl" },
          { $inc: { visits: 1 } },
          { session },
        );
        await Participant.create([{ email: "anna@example.pl" }], { session }); // duplicate
      })
      .catch((e: unknown) => e);
    await connection.transaction(async (session) => {
      await Participant.updateOne(
        { email: "jan@example.pl" },
        { $inc: { visits: 1 } },
        { session },
      );
    });

    expect((failed as { code?: number }).code).toBe(11000);
    expect(
      (await Participant.findOne({ email: "jan@example.pl" }).lean<{ visits: number }>())?.visits,
    ).toBe(1);
  });
});
