import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { organiserToday } from "../../src/domain/visit-calendar.js";
import { seedDemo } from "../../src/seed/index.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

// The demo decides past / open / planned from "today"; fixing it keeps the data set fixed.
const TODAY = new Date("2026-06-01T12:00:00Z");

let t: TestSystem;
let token: string;
beforeAll(async () => {
  t = await startTestSystem();
  await seedDemo(t.system.database!, t.config, { today: TODAY });
  token = await t.tokenFor(Role.COORDINATOR);
});
afterAll(() => t?.close());

interface VisitPage {
  visits: {
    totalCount: number;
    edges: {
      node: {
        title: string;
        startDate: string;
        endDate: string;
        status: string;
        subregion: { code: string; name: string };
        stops: {
          order: number;
          day: number;
          topics: string[];
          host: { name: string; type: string };
        }[];
      };
    }[];
  };
}

const VISITS = /* GraphQL */ `
  query Visits($first: Int!, $filter: VisitFilter) {
    visits(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          title
          startDate
          endDate
          status
          subregion {
            code
            name
          }
          stops {
            order
            day
            topics
            host {
              name
              type
            }
          }
        }
      }
    }
  }
`;

describe("demo data", () => {
  it("holds the 2017 Siedlce visit with its four stops in order", async () => {
    // Act
    const result = await t.gql<VisitPage>(
      VISITS,
      { first: 10, filter: { subregion: "PL925", from: "2017-08-01", to: "2017-08-31" } },
      { token },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const [visit, ...others] = result.data!.visits.edges.map((e) => e.node);
    expect(others).toEqual([]);
    expect(visit).toMatchObject({
      startDate: "2017-08-23",
      endDate: "2017-08-24",
      status: "COMPLETED",
      subregion: { code: "PL925", name: "siedlecki" },
    });
    expect(visit!.stops.map((s) => [s.order, s.host.type])).toEqual([
      [1, "SOCIAL_COOPERATIVE"],
      [2, "PRISON"],
      [3, "ZAZ"],
      [4, "OWES"],
    ]);
    expect(visit!.stops[0]!.host.name).toContain("Zioła Siedleckie");
    expect(visit!.stops[2]!.host.name).toContain("Caritas Diecezji Siedleckiej");
  });

  it("covers all nine subregions over several years", async () => {
    // Act
    const result = await t.gql<VisitPage>(VISITS, { first: 100 }, { token });
    const all = [];
    for (const code of [
      "PL911",
      "PL912",
      "PL913",
      "PL921",
      "PL922",
      "PL923",
      "PL924",
      "PL925",
      "PL926",
    ]) {
      const page = await t.gql<VisitPage>(
        VISITS,
        { first: 1, filter: { subregion: code } },
        { token },
      );
      all.push([code, page.data!.visits.totalCount]);
    }

    // Assert
    expect(result.data!.visits.totalCount).toBeGreaterThan(100);
    for (const [code, count] of all) expect(count, String(code)).toBeGreaterThan(3);
    const years = new Set(result.data!.visits.edges.map((e) => e.node.startDate.slice(0, 4)));
    expect(years.size).toBeGreaterThan(3);
  });

  it("keeps the life-cycle rules: COMPLETED after the last day, attendance from the first, nobody waiting for a cancelled visit", async () => {
    // Arrange
    const today = organiserToday(TODAY);
    const db = t.store.client.db(`${t.config.dbName}_visits`);

    // Act
    const visits = await db
      .collection("visits")
      .find({}, { projection: { status: 1, startDate: 1, endDate: 1 } })
      .toArray();
    const registrations = await db
      .collection("registrations")
      .find({}, { projection: { visit: 1, status: 1 } })
      .toArray();

    // Assert
    const byId = new Map(visits.map((v) => [v._id.toHexString(), v]));
    const completed = visits.filter((v) => v.status === "COMPLETED");
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.filter((v) => v["endDate"] >= today)).toEqual([]);
    const visitOf = (r: (typeof registrations)[number]) => byId.get(r["visit"].toHexString())!;
    const marked = registrations.filter((r) => ["ATTENDED", "NO_SHOW"].includes(r["status"]));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.filter((r) => visitOf(r)["startDate"] > today)).toEqual([]);
    const waiting = registrations.filter((r) => ["REGISTERED", "WAITLISTED"].includes(r["status"]));
    expect(waiting.filter((r) => visitOf(r)["status"] === "CANCELLED")).toEqual([]);
  });

  it("costs the same number of database commands for 10 visits as for 100 (DataLoader)", async () => {
    // Arrange
    const send = (first: number) => t.gql<VisitPage>(VISITS, { first }, { token });
    await send(1); // warm-up: connection pools, index metadata

    // Act
    let ten: VisitPage | null | undefined;
    let hundred: VisitPage | null | undefined;
    const forTen = await t.countCommands(async () => (ten = (await send(10)).data));
    const forHundred = await t.countCommands(async () => (hundred = (await send(100)).data));

    // Assert
    expect(ten!.visits.edges).toHaveLength(10);
    expect(hundred!.visits.edges).toHaveLength(100);
    expect(hundred!.visits.edges.every((e) => e.node.stops.every((s) => s.host.name))).toBe(true);
    expect(forHundred).toBe(forTen);
  });
});
