// Replays differencing attacks against the real API on the demo data set: an analyst asks for
// overlapping filters and subtracts the published counts, hoping to isolate a group of 1–4 people
// that suppression hides. Without perturbation every such derived number is exact (the issue
// found 65 of them in 6 tries). With cell-key perturbation a derived number may still equal the
// true one, but no more often than guessing would: the test prints the figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NUTS, SECTORS } from "../../src/reference/index.js";
import { seedDemo } from "../../src/seed/index.js";
import { feedbackDb } from "../support/feedback.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

interface Filter {
  from?: string;
  to?: string;
  subregions?: string[];
  sectors?: string[];
  programme?: string;
}

/** A record as the filters see it, and the counts it adds to. */
interface Row {
  subregion: string;
  sector: string;
  programme: string;
  month: string;
  measures: string[];
}

type Cell = { value: number | null; suppressed: boolean };
type Counts = Map<string, number>;

let t: TestSystem;
let token: string;
let rows: Row[];
let programmes: string[];
let months: string[];

beforeAll(async () => {
  t = await startTestSystem();
  await seedDemo(t.system.database!, t.config, { today: new Date("2026-06-01T12:00:00Z") });
  token = await t.tokenFor(Role.ANALYST);
  const responses = await feedbackDb(t).collection("feedbackResponses").find({}).toArray();
  const visitsDb = t.store.client.db(`${t.config.dbName}_visits`);
  const visits = new Map(
    (await visitsDb.collection("visits").find({}).toArray()).map((v) => [String(v._id), v]),
  );
  const registrations = await visitsDb.collection("registrations").find({}).toArray();
  rows = [
    ...responses.map((r) => {
      const answers = r["answers"] as {
        recommend: number;
        cooperationIntention: string;
        themes: { optionCodes: string[] }[];
      };
      return {
        subregion: r["subregion"] as string,
        sector: r["sector"] as string,
        programme: r["programme"] as string,
        month: r["visitMonth"] as string,
        measures: [
          "responses",
          `recommend.${answers.recommend}`,
          `cooperation.${answers.cooperationIntention}`,
          ...answers.themes.flatMap((th) => th.optionCodes.map((c) => `option.${c}`)),
        ],
      };
    }),
    ...registrations.flatMap((r) => {
      const visit = visits.get(String(r["visit"]));
      if (!visit || r["status"] !== "ATTENDED") return [];
      return [
        {
          subregion: visit["subregion"] as string,
          sector: r["sector"] as string,
          programme: visit["programme"] as string,
          month: (visit["startDate"] as string).slice(0, 7),
          measures: ["attended", `attended.${r["sector"] as string}`],
        },
      ];
    }),
  ];
  programmes = [...new Set(rows.map((r) => r.programme))].sort();
  months = [...new Set(rows.map((r) => r.month))].sort();
}, 240_000);
afterAll(() => t?.close());

const inFilter = (f: Filter) => (r: Row) =>
  (!f.from || r.month >= f.from) &&
  (!f.to || r.month <= f.to) &&
  (!f.subregions || f.subregions.includes(r.subregion)) &&
  (!f.sectors || f.sectors.includes(r.sector)) &&
  (!f.programme || r.programme === f.programme);

function trueCounts(f: Filter): Counts {
  const counts: Counts = new Map();
  for (const row of rows.filter(inFilter(f))) {
    for (const m of row.measures) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return counts;
}

const CELL = "{ value suppressed }";
const OVERVIEW = /* GraphQL */ `
  query ($filter: AnalyticsFilter) {
    analyticsOverview(filter: $filter) {
      responses ${CELL}
      recommend { distribution { value count ${CELL} } }
      cooperation { yes ${CELL} no ${CELL} undecided ${CELL} }
      themes { options { code count ${CELL} } }
      attended ${CELL}
      participantsBySector { group count ${CELL} }
    }
  }
`;
interface Overview {
  responses: Cell;
  recommend: { distribution: { value: number; count: Cell }[] };
  cooperation: { yes: Cell; no: Cell; undecided: Cell };
  themes: { options: { code: string; count: Cell }[] }[];
  attended: Cell;
  participantsBySector: { group: string; count: Cell }[];
}

const published = new Map<string, Promise<Map<string, number | null>>>();

/** The counts the API publishes for a filter (null: suppressed), each filter asked once. */
function publishedCounts(f: Filter): Promise<Map<string, number | null>> {
  const id = JSON.stringify(f);
  const api = {
    ...f,
    ...(f.from ? { from: `${f.from}-01` } : {}),
    ...(f.to ? { to: `${f.to}-01` } : {}),
  };
  const asked =
    published.get(id) ??
    t.gql<{ analyticsOverview: Overview }>(OVERVIEW, { filter: api }, { token }).then((r) => {
      expect(r.errors).toBeUndefined();
      const o = r.data!.analyticsOverview;
      const cells: [string, Cell][] = [
        ["responses", o.responses],
        ...o.recommend.distribution.map((b): [string, Cell] => [`recommend.${b.value}`, b.count]),
        ["cooperation.YES", o.cooperation.yes],
        ["cooperation.NO", o.cooperation.no],
        ["cooperation.UNDECIDED", o.cooperation.undecided],
        ...o.themes.flatMap((th) =>
          th.options.map((op): [string, Cell] => [`option.${op.code}`, op.count]),
        ),
        ["attended", o.attended],
        ...o.participantsBySector.map((g): [string, Cell] => [`attended.${g.group}`, g.count]),
      ];
      return new Map(cells.map(([m, c]) => [m, c.suppressed ? null : c.value]));
    });
  published.set(id, asked);
  return asked;
}

/** One attack: the published counts of `plus` minus those of each of `minus`. */
interface Attack {
  kind: string;
  plus: Filter;
  minus: Filter[];
}

const shift = (month: string, by: number) => months[months.indexOf(month) + by];
const years = () => [...new Set(months.map((m) => m.slice(0, 4)))];
const year = (y: string): Filter => ({ from: `${y}-01`, to: `${y}-12` });
const allBut = <T>(all: readonly T[], ...left: T[]) => all.filter((x) => !left.includes(x));
const SUBREGIONS = NUTS.subregions.map((s) => s.code);

function attacks(): Attack[] {
  const list: Attack[] = [];
  // The first attack: a subregion over all time, minus the same up to the month
  // before, minus the same from the month after, gives one month.
  for (const s of SUBREGIONS) {
    const own = [...new Set(rows.filter((r) => r.subregion === s).map((r) => r.month))].sort();
    for (const m of own.slice(1, -1).filter((_, i) => i % 3 === 0)) {
      const where = { subregions: [s] };
      list.push({
        kind: "period chain (all − up to − from)",
        plus: where,
        minus: [
          { ...where, to: shift(m, -1)! },
          { ...where, from: shift(m, 1)! },
        ],
      });
      // Pairwise: from this month minus from the next one.
      list.push({
        kind: "period pair (from m − from m+1)",
        plus: { ...where, from: m },
        minus: [{ ...where, from: shift(m, 1)! }],
      });
    }
  }
  for (const y of years()) {
    // The second attack: a year minus the other sectors gives one sector.
    for (const sector of SECTORS) {
      list.push({
        kind: "sector complement",
        plus: year(y),
        minus: [{ ...year(y), sectors: allBut(SECTORS, sector) }],
      });
    }
    for (const s of SUBREGIONS) {
      list.push({
        kind: "subregion complement",
        plus: year(y),
        minus: [{ ...year(y), subregions: allBut(SUBREGIONS, s) }],
      });
      // Chains in one subregion: the year minus two sectors minus the sectors left but one.
      const [a, b, ...rest] = SECTORS;
      for (const sector of rest) {
        list.push({
          kind: "sector chain in a subregion",
          plus: { ...year(y), subregions: [s] },
          minus: [
            { ...year(y), subregions: [s], sectors: [a, b] },
            { ...year(y), subregions: [s], sectors: allBut(rest, sector) },
          ],
        });
      }
    }
    for (const p of programmes) {
      // A year minus each other programme, one query each.
      list.push({
        kind: "programme chain",
        plus: year(y),
        minus: allBut(programmes, p).map((other) => ({ ...year(y), programme: other })),
      });
    }
  }
  return list;
}

interface Derived {
  kind: string;
  measure: string;
  derived: number;
  truth: number;
}

describe("differencing attacks on perturbed counts", () => {
  it("derive small groups no more often exactly than a guess would", async () => {
    // Arrange
    const replayed = attacks();

    // Act
    const derived: Derived[] = [];
    for (const attack of replayed) {
      const [plus, ...minus] = await Promise.all(
        [attack.plus, ...attack.minus].map(publishedCounts),
      );
      const truePlus = trueCounts(attack.plus);
      const trueMinus = attack.minus.map(trueCounts);
      for (const [measure, value] of plus!) {
        const parts = minus.map((m) => m.get(measure));
        if (value === null || parts.some((p) => p === null || p === undefined)) continue;
        const truth =
          (truePlus.get(measure) ?? 0) - trueMinus.reduce((s, m) => s + (m.get(measure) ?? 0), 0);
        if (truth < 1 || truth > 4) continue;
        const value0 = value! - parts.reduce((s: number, p) => s + p!, 0);
        derived.push({ kind: attack.kind, measure, derived: value0, truth });
      }
    }

    // Assert
    const hits = derived.filter((d) => d.derived === d.truth).length;
    const rate = hits / derived.length;
    // Chance: a guess of 1, 2, 3 or 4 at random is right one time in four; the best blind guess
    // (always the most common small count) is right as often as that count is common.
    const uniform = 1 / 4;
    const frequency = [1, 2, 3, 4].map((n) => derived.filter((d) => d.truth === n).length);
    const blind = Math.max(...frequency) / derived.length;
    const tally = (of: (d: Derived) => string) => {
      const by = new Map<string, [number, number]>();
      for (const d of derived) {
        const [h, n] = by.get(of(d)) ?? [0, 0];
        by.set(of(d), [h + (d.derived === d.truth ? 1 : 0), n + 1]);
      }
      return [...by].map(
        ([name, [h, n]]) => `  ${name}: ${h}/${n} exact (${((100 * h) / n).toFixed(1)}%)`,
      );
    };
    const figures = [
      `differencing attacks: ${replayed.length} replayed, ${published.size} distinct queries`,
      `derived small groups (true count 1–4): ${derived.length}; exact: ${hits} (${(100 * rate).toFixed(1)}%)`,
      `chance: a random guess of 1–4 ${(100 * uniform).toFixed(1)}%; the best blind guess ${(100 * blind).toFixed(1)}% (true counts 1/2/3/4: ${frequency.join("/")})`,
      "by attack:",
      ...tally((d) => d.kind),
      "by measure:",
      ...tally((d) => d.measure.split(".")[0]!),
    ];
    console.log(figures.join("\n"));
    // Enough small groups within reach to tell noise from a leak (without perturbation every one
    // of them would be exact).
    expect(derived.length).toBeGreaterThan(200);
    // Not more often than chance: at most a random guess's rate, with three standard errors
    // for the randomness of the record keys.
    const tolerance = 3 * Math.sqrt((uniform * (1 - uniform)) / derived.length);
    expect(rate).toBeLessThanOrEqual(uniform + tolerance);
    expect(rate).toBeLessThanOrEqual(blind);
  }, 600_000);
});

describe("perturbed counts through the API", () => {
  it("stay within ±2 of the truth, keep zeros, and are the same by every route", async () => {
    // Arrange: one group of people reached through three filters that all select everything.
    const routes: Filter[] = [{}, { sectors: [...SECTORS] }, { subregions: SUBREGIONS }];
    const truth = trueCounts({});

    // Act
    const [plain, bySectors, bySubregions] = await Promise.all(routes.map(publishedCounts));

    // Assert
    expect(bySectors).toEqual(plain);
    expect(bySubregions).toEqual(plain);
    let [changed, nonZero] = [0, 0];
    for (const [measure, value] of plain!) {
      if (value === null) continue;
      const n = truth.get(measure) ?? 0;
      if (n === 0) expect(value, measure).toBe(0);
      else nonZero++;
      expect(Math.abs(value - n), measure).toBeLessThanOrEqual(2);
      if (value !== n) changed++;
    }
    // About four non-zero counts in five are changed (each of −2…2 equally likely).
    expect(nonZero).toBeGreaterThan(20);
    expect(changed).toBeGreaterThan(nonZero / 2);
  });

  it("give analysts a visit's counts perturbed, as in its summary, and coordinators exact ones", async () => {
    // Arrange: a visit with enough responses to publish.
    const responses = await feedbackDb(t).collection("feedbackResponses").find({}).toArray();
    const perVisit = new Map<string, number>();
    for (const r of responses) {
      const id = r["visitId"] as string;
      perVisit.set(id, (perVisit.get(id) ?? 0) + 1);
    }
    const visits = [...perVisit].filter(([, n]) => n >= 8).slice(0, 12);
    const query = /* GraphQL */ `
      query ($id: ID!) {
        visit(id: $id) {
          responseCount
          feedbackSummary {
            responses {
              value
            }
          }
        }
      }
    `;
    type Answer = {
      visit: { responseCount: number; feedbackSummary: { responses: { value: number } } };
    };
    const coordinator = await t.tokenFor(Role.COORDINATOR);

    // Act
    const seen = await Promise.all(
      visits.map(async ([id]) => ({
        analyst: (await t.gql<Answer>(query, { id }, { token })).data!.visit,
        coordinator: (await t.gql<Answer>(query, { id }, { token: coordinator })).data!.visit,
      })),
    );

    // Assert
    let changed = 0;
    seen.forEach(({ analyst, coordinator: staff }, i) => {
      const n = visits[i]![1];
      expect(staff.responseCount).toBe(n);
      expect(analyst.responseCount).toBe(analyst.feedbackSummary.responses.value);
      expect(staff.feedbackSummary.responses.value).toBe(analyst.feedbackSummary.responses.value);
      expect(Math.abs(analyst.responseCount - n)).toBeLessThanOrEqual(2);
      if (analyst.responseCount !== n) changed++;
    });
    expect(visits.length).toBeGreaterThan(5);
    expect(changed).toBeGreaterThan(0);
  });
});
