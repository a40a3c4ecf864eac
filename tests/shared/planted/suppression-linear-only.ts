// A planted bug: the suppression module as it was before the whole-number rule (linear algebra
// only), kept so that the whole-number property test can show it catches what this misses.
// Not used by the service.
/**
 * Small-group suppression (statistical disclosure control). A number describing fewer than `k`
 * people is hidden (primary suppression); then more numbers are hidden until no hidden one can be
 * worked out from the published totals and the visible numbers (secondary suppression).
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
  const small = (n: number) => n > 0 && n < k;
  const smallBase = (r: number) => rowBases !== undefined && isSmall(rowBases[r]!, k);
  const rowSums = counts.map(sumOf);
  const columnSums = Array.from({ length: columns }, (_, c) => sumOf(counts.map((row) => row[c]!)));
  const grand = sumOf(rowSums);
  // Every number is an edge between two "lines" (see `determined`): a cell joins its row and
  // its column, a row total its row and HUB, a column total its column and FREE, the grand
  // total HUB and FREE.
  const HUB = rows + columns;
  const FREE = HUB + 1;
  const entry = (ends: Ends, value: number, total: boolean, published: boolean, hide: boolean) =>
    ({ ends, value, total, published, hidden: published && hide }) satisfies Entry;
  const entries: Entry[] = [
    ...counts.flatMap((row, r) =>
      row.map((n, c) => entry([r, rows + c], n, false, true, smallBase(r) || small(n))),
    ),
    ...rowSums.map((n, r) => entry([r, HUB], n, true, input.rowTotals, smallBase(r) || small(n))),
    ...columnSums.map((n, c) => entry([rows + c, FREE], n, true, input.columnTotals, small(n))),
    entry([HUB, FREE], grand, true, input.grandTotal ?? false, small(grand)),
  ];
  const incident = incidence(FREE + 1, entries);
  // Each pass hides at least one more number, so this ends within entries.length passes.
  // Without cells every total is an empty sum, 0, which nothing could protect.
  while (rows * columns > 0) {
    const i = determined(incident, entries);
    if (i === undefined) break;
    for (const j of cheapestDetour(incident, entries, i)) entries[j]!.hidden = true;
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
interface Entry {
  ends: Ends;
  value: number;
  total: boolean;
  published: boolean;
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
