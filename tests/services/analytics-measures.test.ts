import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { RollupCounters } from "../../src/models/feedback/index.js";
import { FEEDBACK_OPTIONS } from "../../src/reference/index.js";
import { type FeedbackMeasures, measures } from "../../src/services/feedback/analytics-measures.js";
import type { Cell } from "../../src/shared/suppression.js";
import { NO_NOISE } from "../support/ptable.js";

// The published measures of one set of counters: every number from fewer than K respondents is
// hidden, and no hidden count can be worked out from the numbers shown beside it (counts, totals,
// means, NPS, shares), decided by exact linear algebra independent of how the service decides.
const SEED = 20_261_128;

interface Respondent {
  overall: number;
  organisation: number;
  recommend: number;
  cooperation: "YES" | "NO" | "UNDECIDED";
  needs: string[];
}

const NEEDS = FEEDBACK_OPTIONS.themes.NEEDS.options.map((o) => o.code);

/** The counters as the rollups hold them, counted naively from respondents. */
function countersOf(respondents: Respondent[], invitations: number): RollupCounters {
  const c: RollupCounters = {
    responses: respondents.length,
    invitations,
    overall: { sum: 0, count: 0, h: {} },
    organisation: { sum: 0, count: 0, h: {} },
    recommend: {},
    cooperation: {},
    themes: { NEEDS: { chosen: {}, offered: {}, other: 0 } },
  };
  const add = (target: Record<string, number>, key: string | number) =>
    (target[key] = (target[key] ?? 0) + 1);
  for (const r of respondents) {
    for (const question of ["overall", "organisation"] as const) {
      const rating = c[question];
      rating.sum! += r[question];
      rating.count! += 1;
      add(rating.h!, r[question]);
    }
    add(c.recommend, r.recommend);
    add(c.cooperation, r.cooperation);
    for (const code of NEEDS) add(c.themes["NEEDS"]!.offered!, code);
    for (const code of r.needs) add(c.themes["NEEDS"]!.chosen!, code);
  }
  return c;
}

// Unknowns of the oracle: n, invitations, overall 1–5, organisation 1–5, recommend 0–10, cooperation.
const N = 0;
const INV = 1;
const OVERALL = (v: number) => 1 + v; // 2..6
const ORGANISATION = (v: number) => 6 + v; // 7..11
const RECOMMEND = (v: number) => 12 + v; // 12..22
const COOPERATION = { YES: 23, NO: 24, UNDECIDED: 25 } as const;
const UNKNOWNS = 26;

const vector = (entries: [number, number][]): bigint[] => {
  const v = new Array<bigint>(UNKNOWNS).fill(0n);
  for (const [i, x] of entries) v[i] = v[i]! + BigInt(x);
  return v;
};
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * What the published measures give away: the count-like numbers that are hidden and yet lie in
 * the span of what is known (each shown number, and the identities that tie them together).
 */
function disclosed(c: RollupCounters, m: FeedbackMeasures): string[] {
  const known: bigint[][] = [];
  const hiddenCounts: [string, bigint[]][] = [];
  const count = (name: string, cell: Cell, form: bigint[]) =>
    cell.suppressed ? hiddenCounts.push([name, form]) : known.push(form);
  const n = c.responses;
  // Identities anyone knows: every question is answered by every respondent.
  known.push(vector([...range(1, 5).map((v): [number, number] => [OVERALL(v), 1]), [N, -1]]));
  known.push(vector([...range(1, 5).map((v): [number, number] => [ORGANISATION(v), 1]), [N, -1]]));
  known.push(vector([...range(0, 10).map((v): [number, number] => [RECOMMEND(v), 1]), [N, -1]]));
  known.push(vector([...Object.values(COOPERATION).map((i): [number, number] => [i, 1]), [N, -1]]));

  count("responses", m.responses, vector([[N, 1]]));
  count("invitations", m.invitationsIssued, vector([[INV, 1]]));
  // responses / invitations = rate  ⇔  invitations_value · n − n_value · invitations = 0
  if (!m.responseRate.suppressed) {
    known.push(
      vector([
        [N, c.invitations],
        [INV, -n],
      ]),
    );
  }
  for (const [r, question, unknown] of [
    [0, "overall", OVERALL],
    [1, "organisation", ORGANISATION],
  ] as const) {
    const rating = m.ratings[r]!;
    count(`${question} responses`, rating.responses, vector([[N, 1]]));
    // mean = S / n  ⇔  n_value · Σ v·h_v − S · n = 0
    if (!rating.mean.suppressed) {
      const s = c[question].sum!;
      known.push(
        vector([...range(1, 5).map((v): [number, number] => [unknown(v), n * v]), [N, -s]]),
      );
    }
    for (const bar of rating.distribution) {
      count(`${question} bar ${bar.value}`, bar.count, vector([[unknown(bar.value), 1]]));
      expect(bar.share.suppressed).toBe(bar.count.suppressed);
    }
  }
  const rec = m.recommend;
  const group = (values: number[]) => values.map((v): [number, number] => [RECOMMEND(v), 1]);
  count("promoters", rec.promoters, vector(group([9, 10])));
  count("passives", rec.passives, vector(group([7, 8])));
  count("detractors", rec.detractors, vector(group(range(0, 6))));
  if (!rec.nps.suppressed) {
    // nps = 100 (P − D) / n  ⇔  n_value (P − D) − (P − D)_value · n = 0
    const pd =
      range(9, 10).reduce((s, v) => s + (c.recommend[v] ?? 0), 0) -
      range(0, 6).reduce((s, v) => s + (c.recommend[v] ?? 0), 0);
    known.push(
      vector([
        ...range(9, 10).map((v): [number, number] => [RECOMMEND(v), n]),
        ...range(0, 6).map((v): [number, number] => [RECOMMEND(v), -n]),
        [N, -pd],
      ]),
    );
  }
  for (const bar of rec.distribution) {
    count(`recommend bar ${bar.value}`, bar.count, vector([[RECOMMEND(bar.value), 1]]));
  }
  const coop = m.cooperation;
  count("yes", coop.yes, vector([[COOPERATION.YES, 1]]));
  count("no", coop.no, vector([[COOPERATION.NO, 1]]));
  count("undecided", coop.undecided, vector([[COOPERATION.UNDECIDED, 1]]));
  if (!coop.shareYes.suppressed) {
    known.push(
      vector([
        [COOPERATION.YES, n],
        [N, -(c.cooperation["YES"] ?? 0)],
      ]),
    );
  }
  const basis = echelon(known);
  return hiddenCounts
    .filter(([, form]) => reduce(basis, form).every((x) => x === 0n))
    .map(([name]) => name);
}

/** Fraction-free Gaussian elimination: independent rows, each zero before its pivot, by pivot. */
function echelon(rows: bigint[][]): bigint[][] {
  const basis: bigint[][] = [];
  for (const row of rows) {
    const rest = reduce(basis, row);
    const pivot = rest.findIndex((x) => x !== 0n);
    if (pivot === -1) continue;
    const at = basis.findIndex((b) => b.findIndex((x) => x !== 0n) > pivot);
    basis.splice(at === -1 ? basis.length : at, 0, rest);
  }
  return basis;
}

function reduce(basis: bigint[][], vector: bigint[]): bigint[] {
  let v = vector;
  for (const b of basis) {
    const p = b.findIndex((x) => x !== 0n);
    if (v[p] !== 0n) v = primitive(v.map((x, i) => x * b[p]! - b[i]! * v[p]!));
  }
  return v;
}

function primitive(v: bigint[]): bigint[] {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const g = v.reduce((acc, x) => gcd(acc, x < 0n ? -x : x), 0n);
  return g > 1n ? v.map((x) => x / g) : v;
}

/** Every Cell in the measures with the number of respondents it is computed from. */
function cellsWithBase(c: RollupCounters, m: FeedbackMeasures): [string, Cell, number][] {
  const n = c.responses;
  const cells: [string, Cell, number][] = [
    ["responseRate", m.responseRate, Math.min(n, c.invitations)],
    ["nps", m.recommend.nps, n],
    ["shareYes", m.cooperation.shareYes, n],
  ];
  for (const rating of m.ratings) {
    cells.push([`${rating.question} mean`, rating.mean, n]);
    for (const bar of rating.distribution) cells.push([`${rating.question} share`, bar.share, n]);
  }
  for (const bar of m.recommend.distribution) cells.push(["recommend share", bar.share, n]);
  for (const theme of m.themes) {
    for (const option of theme.options) {
      const offered = c.themes[theme.theme]?.offered?.[option.code] ?? 0;
      cells.push([`${option.code} share`, option.share, offered]);
      if (!option.share.suppressed) expect(option.count.suppressed).toBe(false);
    }
  }
  return cells;
}

/** Every count Cell: none may show 1…K−1. */
function countCells(m: FeedbackMeasures): [string, Cell][] {
  return [
    ["responses", m.responses],
    ["invitationsIssued", m.invitationsIssued],
    ...m.ratings.flatMap((r) => [
      [`${r.question} responses`, r.responses] as [string, Cell],
      ...r.distribution.map((b): [string, Cell] => [`${r.question} ${b.value}`, b.count]),
    ]),
    ["promoters", m.recommend.promoters],
    ["passives", m.recommend.passives],
    ["detractors", m.recommend.detractors],
    ...m.recommend.distribution.map((b): [string, Cell] => [`recommend ${b.value}`, b.count]),
    ["yes", m.cooperation.yes],
    ["no", m.cooperation.no],
    ["undecided", m.cooperation.undecided],
    ...m.themes.flatMap((t) => [
      [`${t.theme} other`, t.otherCount] as [string, Cell],
      ...t.options.map((o): [string, Cell] => [o.code, o.count]),
    ]),
  ];
}

/**
 * The second, whole-number oracle: every solution in whole numbers ≥ 0 of what a distribution's
 * published numbers say about its hidden bars (enumerated), and whether each hidden bar, and each
 * hidden sum of bars in `parts`, takes more than one value across them. Returns those pinned
 * down to one value other than 0.
 */
function pinned(
  counts: number[],
  hidden: boolean[],
  equations: { coefficients: number[]; value: number }[],
  parts: { name: string; bars: number[] }[] = [],
): string[] {
  const unknown = counts.flatMap((_, i) => (hidden[i] ? [i] : []));
  const budget = sumOf(counts);
  const seen = new Map<string, Set<number>>();
  const note = (name: string, value: number) =>
    (seen.get(name) ?? seen.set(name, new Set()).get(name)!).add(value);
  const values = [...counts];
  const visit = (u: number, left: number) => {
    if (u === unknown.length) {
      const holds = equations.every(
        (e) => sumOf(e.coefficients.map((coefficient, i) => coefficient * values[i]!)) === e.value,
      );
      if (!holds) return;
      for (const i of unknown) note(`bar ${i}`, values[i]!);
      for (const part of parts) note(part.name, sumOf(part.bars.map((i) => values[i]!)));
      return;
    }
    for (let x = 0; x <= left; x++) {
      values[unknown[u]!] = x;
      visit(u + 1, left - x);
    }
  };
  visit(0, budget);
  // A number pinned at 0 tells only that nobody gave an answer, as a published 0 would.
  const names = [...unknown.map((i) => `bar ${i}`), ...parts.map((p) => p.name)];
  return names.filter((name) => {
    const values = [...(seen.get(name) ?? [])];
    return values.length === 1 && values[0] !== 0;
  });
}

const sumOf = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const maskOf = (bars: { count: Cell }[]) => bars.map((b) => b.count.suppressed);

// Skewed answers, so that small groups and empty bars are common.
const respondentArb: fc.Arbitrary<Respondent> = fc.record({
  overall: fc.constantFrom(5, 5, 5, 4, 4, 3, 2, 1),
  organisation: fc.constantFrom(5, 4, 4, 4, 3, 1),
  recommend: fc.constantFrom(10, 10, 9, 9, 8, 7, 6, 3, 0),
  cooperation: fc.constantFrom("YES", "YES", "YES", "NO", "UNDECIDED"),
  needs: fc.subarray(NEEDS.slice(0, 3), { maxLength: 2 }),
});

describe("feedback measures", () => {
  it("hide every count from 1 to K−1 and every measure from fewer than K respondents", () => {
    fc.assert(
      fc.property(
        fc.array(respondentArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 3, max: 7 }),
        (respondents, notAnswered, k) => {
          // Arrange
          const c = countersOf(respondents, respondents.length + notAnswered);

          // Act
          const m = measures(c, k, NO_NOISE);

          // Assert
          for (const [name, cell] of countCells(m)) {
            const v = cell.value;
            expect(cell.suppressed ? v === null : v === 0 || v! >= k, name).toBe(true);
          }
          for (const [name, cell, base] of cellsWithBase(c, m)) {
            if (base < k) expect(cell, name).toEqual({ value: null, suppressed: true });
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("give no hidden count away through the totals, means, NPS and shares shown beside it", () => {
    fc.assert(
      fc.property(
        fc.array(respondentArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 3, max: 7 }),
        (respondents, notAnswered, k) => {
          // Arrange
          const c = countersOf(respondents, respondents.length + notAnswered);

          // Act
          const m = measures(c, k, NO_NOISE);

          // Assert
          expect(disclosed(c, m)).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("pin no hidden bar down in whole numbers, next to a mean or an NPS", () => {
    fc.assert(
      fc.property(
        fc.array(respondentArb, { maxLength: 18 }),
        fc.integer({ min: 3, max: 5 }),
        (respondents, k) => {
          // Arrange
          const c = countersOf(respondents, respondents.length);
          const n = respondents.length;

          // Act
          const m = measures(c, k, NO_NOISE);

          // Assert: what the responses (n), a mean (Σ value × count) and the NPS (P − D) say.
          if (m.responses.suppressed) return;
          for (const [r, question] of [
            [0, "overall"],
            [1, "organisation"],
          ] as const) {
            const rating = m.ratings[r]!;
            const counts = [1, 2, 3, 4, 5].map((v) => c[question].h![v] ?? 0);
            const equations = [{ coefficients: [1, 1, 1, 1, 1], value: n }];
            if (!rating.mean.suppressed) {
              equations.push({ coefficients: [1, 2, 3, 4, 5], value: c[question].sum! });
            }
            expect(pinned(counts, maskOf(rating.distribution), equations), question).toEqual([]);
          }
          const rec = m.recommend;
          const counts = Array.from({ length: 11 }, (_, v) => c.recommend[v] ?? 0);
          const groups = [
            { name: "promoters", bars: [9, 10], cell: rec.promoters },
            { name: "passives", bars: [7, 8], cell: rec.passives },
            { name: "detractors", bars: [0, 1, 2, 3, 4, 5, 6], cell: rec.detractors },
          ];
          const equations = [{ coefficients: counts.map(() => 1), value: n }];
          if (!rec.nps.suppressed) {
            const weight = (v: number) => (v >= 9 ? 1 : v >= 7 ? 0 : -1);
            const value = sumOf(counts.map((x, v) => weight(v) * x));
            equations.push({ coefficients: counts.map((_, v) => weight(v)), value });
          }
          for (const group of groups) {
            if (group.cell.suppressed) continue;
            const coefficients = counts.map((_, v) => (group.bars.includes(v) ? 1 : 0));
            equations.push({ coefficients, value: group.cell.value! });
          }
          const hiddenGroups = groups.filter((g) => g.cell.suppressed);
          expect(pinned(counts, maskOf(rec.distribution), equations, hiddenGroups)).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("hides a mean that alone tells that one person gave a 4 (worked by hand, K = 5)", () => {
    // Arrange: eleven 5s and one 4; the mean 59/12 leaves room for exactly one 4.
    const respondents = [4, ...Array<number>(11).fill(5)].map((overall): Respondent => ({
      overall,
      organisation: 5,
      recommend: 10,
      cooperation: "YES",
      needs: [],
    }));

    // Act
    const m = measures(countersOf(respondents, 12), 5, NO_NOISE);

    // Assert: the 1 and the 11 hide (a list with its total), and so does the mean.
    const rating = m.ratings[0]!;
    expect(rating.mean).toEqual({ value: null, suppressed: true });
    expect(maskOf(rating.distribution)).toEqual([false, false, false, true, true]);
  });

  it("hides the NPS when it alone tells that one person was a passive (worked by hand, K = 5)", () => {
    // Arrange: eleven 10s and one 8: an NPS of 11/12 only P = 11, Pa = 1, D = 0 give.
    const respondents = [8, ...Array<number>(11).fill(10)].map((recommend): Respondent => ({
      overall: 5,
      organisation: 5,
      recommend,
      cooperation: "YES",
      needs: [],
    }));

    // Act
    const m = measures(countersOf(respondents, 12), 5, NO_NOISE);

    // Assert
    expect(m.recommend.nps).toEqual({ value: null, suppressed: true });
    expect(m.recommend.passives).toEqual({ value: null, suppressed: true });
  });

  it("keeps the NPS and hides its groups when a group is small (worked by hand, K = 5)", () => {
    // Arrange: 6 promoters (9, 9, 10, 10, 10, 10), 2 passives (7, 8), 4 detractors (0, 3, 5, 6).
    const answers = [10, 10, 10, 10, 9, 9, 8, 7, 6, 5, 3, 0];
    const respondents = answers.map((recommend): Respondent => ({
      overall: 4,
      organisation: 4,
      recommend,
      cooperation: "YES",
      needs: [],
    }));

    // Act
    const m = measures(countersOf(respondents, 12), 5, NO_NOISE);

    // Assert: NPS = (6 − 4) / 12 = 16.7; with it and the 12 responses, any one group shown
    // would give the other two away (P − D and P + Pa + D known), so none is.
    expect(m.recommend.nps.value).toBeCloseTo(100 * (2 / 12), 10);
    expect([m.recommend.promoters, m.recommend.passives, m.recommend.detractors]).toEqual([
      { value: null, suppressed: true },
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);
    // Every bar is 0–4: the non-empty ones are hidden, the empty ones (1, 2, 4) stay 0.
    expect(m.recommend.distribution.filter((b) => !b.count.suppressed).map((b) => b.value)).toEqual(
      [1, 2, 4],
    );
  });

  it("hides a third bar when a mean would solve two hidden ones (worked by hand, K = 5)", () => {
    // Arrange: overall 3, 3 and ten 5s: bars 1–5 are 0, 0, 2, 0, 10; mean (6 + 50) / 12.
    const overall = [3, 3, ...Array<number>(10).fill(5)];
    const respondents = overall.map((o): Respondent => ({
      overall: o,
      organisation: 4,
      recommend: 9,
      cooperation: "NO",
      needs: [],
    }));

    // Act
    const m = measures(countersOf(respondents, 12), 5, NO_NOISE);

    // Assert: 2 is small; 10 goes with it (else 12 − 10 gives it); with the mean, 3·x + 5·y = 56
    // and x + y = 12 would solve both, so a third bar (the first empty one) is hidden too.
    const rating = m.ratings[0]!;
    expect(rating.mean.value).toBeCloseTo(56 / 12, 10);
    expect(rating.distribution.map((b) => b.count.suppressed)).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("hides the share answering yes when the yes count is hidden", () => {
    // Arrange: 2 yes, 10 no.
    const respondents = Array.from({ length: 12 }, (_, i): Respondent => ({
      overall: 4,
      organisation: 4,
      recommend: 9,
      cooperation: i < 2 ? "YES" : "NO",
      needs: [],
    }));

    // Act
    const m = measures(countersOf(respondents, 12), 5, NO_NOISE);

    // Assert: shareYes × 12 would be the hidden 2.
    expect(m.cooperation.yes.suppressed).toBe(true);
    expect(m.cooperation.shareYes).toEqual({ value: null, suppressed: true });
  });
});
