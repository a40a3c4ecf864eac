/**
 * Small-group suppression (statistical disclosure control). A number describing fewer than `k`
 * people is hidden (primary suppression); then more numbers are hidden (secondary suppression)
 * until two attacks fail:
 *
 * - linear algebra: no hidden number can be worked out from the published totals and the
 *   visible numbers (`determined`);
 * - whole numbers: the attacker knows every published number, the rule, and which numbers are
 *   hidden and why: a count is a whole number ≥ 0, a small count lies in 1…k−1, a count of a
 *   line hidden whole (small base or small total) in 0…k−1, a count hidden only to protect
 *   another is 0 or ≥ k (it is not small). Every non-zero number hidden by the first rule must
 *   keep at least two values that fit all of that (`pinned`). Zeros outside such lines stay
 *   published and count as known; so a hidden zero may be worked out.
 */

/** What a client receives for one number. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

// Frozen because cellOf hands out this one object to every caller.
export const SUPPRESSED: Cell = Object.freeze({ value: null, suppressed: true });

export function shown(value: number): Cell {
  return { value, suppressed: false };
}

export function cellOf(value: number, suppressed: boolean): Cell {
  return suppressed ? SUPPRESSED : shown(value);
}

/** Whether a single measure (a mean, a share, an NPS) computed from `base` people must be hidden. */
export function isSmall(base: number, k: number): boolean {
  checkK(k);
  // A base of 0 is small too: there is nothing to show. NaN is small: fail closed.
  return !(base >= k);
}

/** Whether a count of `n` people must be hidden: 1…k−1 (0 describes nobody and is shown). */
export function isSmallCount(n: number, k: number): boolean {
  return n > 0 && isSmall(n, k);
}

export interface TableInput {
  /** counts[row][col]: how many people are behind each cell; whole numbers ≥ 0. */
  counts: number[][];
  /**
   * People each row's cells are computed from (e.g. respondents of a sector, when cells are
   * multi-select option counts). A row whose base is below k is hidden whole, its total too.
   * Omitted: each cell is its own base.
   */
  rowBases?: number[];
  /** Row totals are published (and are the sums of the row's cells). */
  rowTotals: boolean;
  /** Column totals are published (and are the sums of the column's cells). */
  columnTotals: boolean;
  /** The sum of all cells is published. */
  grandTotal?: boolean;
  k: number;
}

/** `true` = do not show: suppressed, or (for a total) not published at all. */
export interface TableMask {
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
  grandTotal: boolean;
}

export function suppressTable(input: TableInput): TableMask {
  const { counts, rowBases, k } = input;
  checkK(k);
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  checkCounts(counts, columns, rowBases);
  const small = (n: number) => isSmallCount(n, k);
  const smallBase = (r: number) => rowBases !== undefined && isSmall(rowBases[r]!, k);
  const rowSums = counts.map(sumOf);
  const columnSums = Array.from({ length: columns }, (_, c) => sumOf(counts.map((row) => row[c]!)));
  const grand = sumOf(rowSums);
  // Every number is an edge between two "lines" (see `determined`): a cell joins its row and
  // its column, a row total HUB and its row, a column total its column and FREE, the grand
  // total FREE and HUB. The first end is the one where the number is added (see `signOf`).
  const HUB = rows + columns;
  const FREE = HUB + 1;
  const entry = (ends: Ends, value: number, total: boolean, published: boolean, kind: Kind) =>
    ({
      ends,
      value,
      total,
      published,
      kind,
      hidden: published && kind !== "other",
    }) satisfies Entry;
  // A line whose published total is small is hidden whole, its zeros too: a zero shown there
  // says which of its numbers are small, and their sum would often pin them (1 + 1 + 1 = 3).
  const wholeRow = (r: number) => smallBase(r) || (input.rowTotals && small(rowSums[r]!));
  const wholeColumn = (c: number) => input.columnTotals && small(columnSums[c]!);
  const wholeTable = (input.grandTotal ?? false) && small(grand);
  const cellKind = (n: number, r: number, c: number): Kind =>
    wholeTable || wholeRow(r) || wholeColumn(c) ? "base" : small(n) ? "small" : "other";
  const kindOf = (n: number, r?: number): Kind =>
    r !== undefined && smallBase(r) ? "base" : small(n) ? "small" : "other";
  const entries: Entry[] = [
    ...counts.flatMap((row, r) =>
      row.map((n, c) => entry([r, rows + c], n, false, true, cellKind(n, r, c))),
    ),
    ...rowSums.map((n, r) => entry([HUB, r], n, true, input.rowTotals, kindOf(n, r))),
    ...columnSums.map((n, c) => entry([rows + c, FREE], n, true, input.columnTotals, kindOf(n))),
    entry([FREE, HUB], grand, true, input.grandTotal ?? false, kindOf(grand)),
  ];
  const incident = incidence(FREE + 1, entries);
  // Values above any count's reach, so the attacker's choices are finite (fewer choices: a
  // stricter check).
  const attack: Attack = { incident, entries, k, cap: grand + k * entries.length, free: FREE };
  const unpinned = new Set<number>();
  // Each pass hides at least one more number, so this ends within entries.length passes.
  // Without cells every total is an empty sum, 0, which nothing could protect.
  while (rows * columns > 0) {
    const i = determined(incident, entries);
    if (i !== undefined) {
      for (const j of cheapestDetour(incident, entries, i)) entries[j]!.hidden = true;
      continue;
    }
    // A hidden 0 that is worked out says what a published 0 says: that nobody is there. Hiding
    // more only adds solutions, so an entry once free stays free.
    const p = entries.findIndex(
      (e, j) =>
        e.hidden &&
        e.kind !== "other" &&
        e.value > 0 &&
        !unpinned.has(j) &&
        !freed(attack, j, unpinned),
    );
    if (p === -1) break;
    const more = widening(attack, p);
    if (more === undefined) {
      // Everything around it is hidden and it is still pinned, by what the attacker would know
      // of why each number is hidden: hide the whole table, so that nothing is published and
      // nothing tells the reasons apart.
      for (const e of entries) e.hidden = true;
      break;
    }
    entries[more]!.hidden = true;
  }
  const masked = (i: number) => entries[i]!.hidden || !entries[i]!.published;
  const cellCount = rows * columns;
  return {
    cells: counts.map((row, r) => row.map((_, c) => masked(r * columns + c))),
    rowTotals: rowSums.map((_, r) => masked(cellCount + r)),
    columnTotals: columnSums.map((_, c) => masked(cellCount + rows + c)),
    grandTotal: masked(entries.length - 1),
  };
}

/** A one-dimensional breakdown whose total is published when `total` is true. */
export function suppressList(
  counts: number[],
  k: number,
  options: { total: boolean; base?: number },
): { cells: boolean[]; total: boolean } {
  const mask = suppressTable({
    counts: [counts],
    rowBases: options.base === undefined ? undefined : [options.base],
    rowTotals: options.total,
    columnTotals: false,
    k,
  });
  return { cells: mask.cells[0]!, total: mask.rowTotals[0]! };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`k must be a whole number ≥ 3, not ${k}`);
}

function checkCounts(counts: number[][], columns: number, rowBases: number[] | undefined): void {
  if (counts.some((row) => row.length !== columns || !row.every(isCount))) {
    throw new RangeError("counts must be a rectangle of whole numbers ≥ 0");
  }
  if (rowBases !== undefined && rowBases.length !== counts.length) {
    throw new RangeError("rowBases must give one base per row");
  }
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;
const sumOf = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

type Ends = [number, number];
/**
 * Why a number is hidden by the first rule: a small count; a count in a line hidden whole (its
 * base or its total is small), which tells only that it is below k; neither.
 */
type Kind = "small" | "base" | "other";
interface Entry {
  ends: Ends;
  value: number;
  total: boolean;
  published: boolean;
  kind: Kind;
  hidden: boolean;
}
type Incidence = [next: number, entry: number][][];

const unknown = (e: Entry) => e.hidden || !e.published;

function incidence(vertices: number, entries: Entry[]): Incidence {
  const incident: Incidence = Array.from({ length: vertices }, () => []);
  entries.forEach(({ ends: [a, b] }, i) => {
    incident[a]!.push([b, i]);
    incident[b]!.push([a, i]);
  });
  return incident;
}

// Each line's definition is an equation: row r is Σ cells = its total, HUB is Σ row totals =
// the grand total, column c is Σ cells = its total; FREE stands for no equation. Moving the
// visible numbers to the right-hand side leaves, at every vertex, a signed sum of its unknown
// edges: an incidence matrix, whose rows span the cut space of the graph of unknown edges
// (FREE's row is redundant). An unknown lies in that span, i.e. can be worked out, exactly when
// its edge is a bridge (lies on no cycle). The index of the first such hidden number, if any:
// unpublished totals may be worked out, they were never suppressed.
function determined(incident: Incidence, entries: Entry[]): number | undefined {
  const order = new Array<number>(incident.length).fill(-1);
  const low = new Array<number>(incident.length).fill(0);
  const isBridge = new Array<boolean>(entries.length).fill(false);
  let counter = 0;
  const visit = (vertex: number, viaEntry: number) => {
    order[vertex] = low[vertex] = counter++;
    for (const [next, i] of incident[vertex]!) {
      if (i === viaEntry || !unknown(entries[i]!)) continue;
      if (order[next] === -1) {
        visit(next, i);
        low[vertex] = Math.min(low[vertex]!, low[next]!);
        if (low[next]! > order[vertex]!) isBridge[i] = true;
      } else {
        low[vertex] = Math.min(low[vertex]!, order[next]!);
      }
    }
  };
  for (let v = 0; v < incident.length; v++) if (order[v] === -1) visit(v, -1);
  const i = entries.findIndex((e, j) => isBridge[j] && e.hidden);
  return i === -1 ? undefined : i;
}

/** A number's sign in the equation of line `v`: + where it is added, − where it is the sum. */
const signOf = (e: Entry, v: number) => (e.ends[0] === v ? 1 : -1);

/** Whole numbers from lo to hi; a domain is a list of them, in order, apart. */
type Interval = readonly [lo: number, hi: number];
type Domain = readonly Interval[];
interface Attack {
  incident: Incidence;
  entries: Entry[];
  k: number;
  cap: number;
  free: number;
}

/** What the attacker knows of a number that is not shown (see the module's comment). */
function domainOf(e: Entry, { k, cap }: Attack): Domain {
  if (!e.published) return [[0, cap]];
  if (e.kind === "small") return [[1, k - 1]];
  if (e.kind === "base") return e.total ? [[0, cap]] : [[0, k - 1]];
  return [
    [0, 0],
    [k, cap],
  ];
}

/** The lines and the unknown numbers connected to entry `i` through unknown numbers. */
function componentOf({ incident, entries }: Attack, i: number) {
  const vertices = new Set<number>(entries[i]!.ends);
  const unknowns = new Set<number>([i]);
  for (const v of vertices) {
    for (const [next, j] of incident[v]!) {
      if (!unknown(entries[j]!)) continue;
      unknowns.add(j);
      vertices.add(next);
    }
  }
  return { vertices, unknowns: [...unknowns].sort((a, b) => a - b) };
}

/**
 * Whether hidden entry `target` has a single value that fits: every line's equation, with the
 * visible numbers known and each unknown in its domain. Only its component matters: the others'
 * true values fit whatever it is.
 */
function pinned(attack: Attack, target: number): boolean {
  const { entries } = attack;
  const { vertices, unknowns } = componentOf(attack, target);
  const network = networkOf(attack, [...vertices], unknowns);
  const domains = unknowns.map((i) => domainOf(entries[i]!, attack));
  const x = unknowns.indexOf(target);
  const v = entries[target]!.value;
  const budget = { nodes: SEARCH_BUDGET };
  return ![[-Infinity, v - 1] as const, [v + 1, Infinity] as const].some((range) => {
    const d = domains.map((domain, y) => (y === x ? intersect(domain, range) : domain));
    return d[x]!.length > 0 && feasible(d, network, budget);
  });
}

function freed(attack: Attack, j: number, unpinned: Set<number>): boolean {
  if (pinned(attack, j)) return false;
  unpinned.add(j);
  return true;
}

/**
 * Search nodes allowed per check. Beyond it the entry counts as pinned, and more is hidden: a
 * stricter answer, never a leak, and the same on every run.
 */
const SEARCH_BUDGET = 2000;

/**
 * The equations as a flow network: number e flows from its second end to its first, and each
 * line takes in, net, what its visible numbers leave over (FREE, without an equation, whatever
 * balances the others). Whole numbers within intervals solve such equations exactly when a
 * flow does (the matrix is totally unimodular), which max-flow decides.
 */
interface Network {
  vertices: number;
  arcs: [from: number, to: number][];
  demands: number[];
}

function networkOf(
  { entries, incident, free }: Attack,
  lines: number[],
  unknowns: number[],
): Network {
  const at = new Map(lines.map((v, i) => [v, i]));
  const demands = lines.map((v) =>
    v === free
      ? 0
      : -sumOf(
          incident[v]!.map(([, i]) =>
            unknown(entries[i]!) ? 0 : signOf(entries[i]!, v) * entries[i]!.value,
          ),
        ),
  );
  const f = at.get(free);
  if (f !== undefined) demands[f] = -sumOf(demands);
  const arcs = unknowns.map((i): [number, number] => [
    at.get(entries[i]!.ends[1])!,
    at.get(entries[i]!.ends[0])!,
  ]);
  return { vertices: lines.length, arcs, demands };
}

/**
 * Whether a choice of one interval per domain lets a flow through (branch and bound: each
 * undecided domain relaxed to its hull bounds the branch).
 */
function feasible(domains: Domain[], network: Network, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false;
  const hulls = domains.map((d): Interval => [d[0]![0], d[d.length - 1]![1]]);
  if (!circulates(hulls, network)) return false;
  const x = domains.findIndex((d) => d.length > 1);
  if (x === -1) return true;
  return domains[x]!.some((interval) =>
    feasible(
      domains.map((d, y) => (y === x ? [interval] : d)),
      network,
      budget,
    ),
  );
}

/** Whether a flow meets every line's demand with each arc's flow within its bounds. */
function circulates(bounds: Interval[], { vertices, arcs, demands }: Network): boolean {
  const n = vertices + 2;
  const [source, sink] = [vertices, vertices + 1];
  const capacity = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  // Each arc's lower bound flows anyway; what is left of the demands goes to and from the ends.
  const rest = [...demands];
  arcs.forEach(([from, to], e) => {
    const [lo, hi] = bounds[e]!;
    capacity[from]![to]! += hi - lo;
    rest[to]! -= lo;
    rest[from]! += lo;
  });
  let needed = 0;
  rest.forEach((d, v) => {
    if (d > 0) capacity[v]![sink] = d;
    if (d < 0) capacity[source]![v] = -d;
    needed += Math.max(d, 0);
  });
  return maxFlow(capacity, source, sink) === needed;
}

/** Edmonds–Karp on a capacity matrix (a handful of lines), which it uses up. */
function maxFlow(capacity: number[][], source: number, sink: number): number {
  let total = 0;
  for (;;) {
    const via = new Array<number>(capacity.length).fill(-1);
    via[source] = source;
    const queue = [source];
    for (let q = 0; q < queue.length && via[sink] === -1; q++) {
      const u = queue[q]!;
      capacity[u]!.forEach((c, v) => {
        if (c > 0 && via[v] === -1) {
          via[v] = u;
          queue.push(v);
        }
      });
    }
    if (via[sink] === -1) return total;
    let push = Infinity;
    for (let v = sink; v !== source; v = via[v]!) push = Math.min(push, capacity[via[v]!]![v]!);
    for (let v = sink; v !== source; v = via[v]!) {
      capacity[via[v]!]![v]! -= push;
      capacity[v]![via[v]!]! += push;
    }
    total += push;
  }
}

function intersect(d: Domain, [lo, hi]: Interval): Domain {
  return d.flatMap(([a, b]): Interval[] => {
    const [from, to] = [Math.max(a, lo), Math.min(b, hi)];
    return from <= to ? [[from, to]] : [];
  });
}

/**
 * The visible number to hide for a pinned entry `p`: the cheapest one that frees it alone;
 * when none does, the cheapest on a line of its component (the next pass looks again); none
 * when every number on those lines is hidden already.
 */
function widening(attack: Attack, p: number): number | undefined {
  const { entries } = attack;
  // Only a number on a line of p's component can change what fits p.
  const { vertices } = componentOf(attack, p);
  const candidates = entries
    .map((_, i) => i)
    .filter((i) => !unknown(entries[i]!) && entries[i]!.ends.some((v) => vertices.has(v)))
    .sort((i, j) => below(costOf(entries[i]!), costOf(entries[j]!)) || i - j);
  for (const i of candidates) {
    entries[i]!.hidden = true;
    const still = pinned(attack, p);
    entries[i]!.hidden = false;
    if (!still) return i;
  }
  return candidates[0];
}

// What hiding a visible number costs, compared in order: totals hidden (cells go before totals),
// zero cells hidden (a 0 hidden beside a small cell protects little: their sum still shows the
// small cell's bound), then the people hidden (the least information lost).
type Cost = [totals: number, zeros: number, people: number];
const costOf = (e: Entry): Cost =>
  unknown(e) ? [0, 0, 0] : e.total ? [1, 0, e.value] : e.value === 0 ? [0, 1, 0] : [0, 0, e.value];
const plus = (a: Cost, b: Cost): Cost => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const below = (a: Cost, b: Cost) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * The visible numbers to hide so that entry `bridge` lies on a cycle: those on the cheapest
 * other path between its ends (Dijkstra; of equally cheap ways into a vertex, the earlier entry
 * wins, so the result is deterministic). One exists: with every number hidden no edge is a bridge.
 */
function cheapestDetour(incident: Incidence, entries: Entry[], bridge: number): number[] {
  const [from, to] = entries[bridge]!.ends;
  const cost: (Cost | undefined)[] = new Array(incident.length).fill(undefined);
  const via = new Array<number>(incident.length).fill(-1);
  const done = new Array<boolean>(incident.length).fill(false);
  cost[from] = [0, 0, 0];
  for (;;) {
    let v = -1;
    for (let u = 0; u < incident.length; u++) {
      if (!done[u] && cost[u] && (v === -1 || below(cost[u]!, cost[v]!) < 0)) v = u;
    }
    if (v === -1) throw new Error("suppression: no detour around a determined number");
    if (v === to) break;
    done[v] = true;
    for (const [next, i] of incident[v]!) {
      if (i === bridge || done[next]) continue;
      const through = plus(cost[v]!, costOf(entries[i]!));
      const order = cost[next] ? below(through, cost[next]!) : -1;
      if (order < 0 || (order === 0 && i < via[next]!)) {
        cost[next] = through;
        via[next] = i;
      }
    }
  }
  const path: number[] = [];
  for (let v = to; v !== from;) {
    const i = via[v]!;
    if (!unknown(entries[i]!)) path.push(i);
    const [a, b] = entries[i]!.ends;
    v = a === v ? b : a;
  }
  return path;
}
