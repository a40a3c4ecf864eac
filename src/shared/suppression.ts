/**
 * Small-group suppression (statistical disclosure control) for published tables. A cell that
 * describes fewer than `k` people is hidden (primary suppression); then further cells are hidden
 * until no hidden cell can be worked out from the published totals and the visible cells
 * (secondary suppression).
 */

/** What a client receives for one number. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export const SUPPRESSED: Cell = Object.freeze({ value: null, suppressed: true });

export function shown(value: number): Cell {
  return { value, suppressed: false };
}

export function cellOf(value: number, suppressed: boolean): Cell {
  return suppressed ? SUPPRESSED : shown(value);
}

/** Whether a measure (a mean, a share, a rate) computed from `base` people must be hidden. */
export function isSmall(base: number, k: number): boolean {
  checkK(k);
  return base < k;
}

export interface TableInput {
  /** counts[row][col]: how many people are behind each cell; whole numbers ≥ 0. */
  counts: number[][];
  /**
   * People each row's cells are computed from (respondents of a sector, when cells are
   * multi-select option counts). A row whose base is below k is hidden whole.
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

/** `true` = suppressed. */
export interface TableMask {
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
  grandTotal: boolean;
}

export function suppressTable(input: TableInput): TableMask {
  const { counts, k } = input;
  checkK(k);
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const small = (n: number) => n > 0 && n < k;
  const rowSum = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSum = Array.from({ length: columns }, (_, c) =>
    counts.reduce((sum, row) => sum + (row[c] ?? 0), 0),
  );
  const grand = rowSum.reduce((a, b) => a + b, 0);
  const rowHidden = counts.map((_, r) => input.rowBases !== undefined && input.rowBases[r]! < k);
  const mask: TableMask = {
    cells: counts.map((row, r) => row.map((n) => rowHidden[r]! || small(n))),
    rowTotals: rowSum.map((n, r) => !input.rowTotals || rowHidden[r]! || small(n)),
    columnTotals: columnSum.map((n) => !input.columnTotals || small(n)),
    grandTotal: !input.grandTotal || small(grand),
  };
  // Each pass hides one more cell (or total), so this ends after at most rows × columns passes.
  for (;;) {
    const bridge = determinedCell(mask, rows, columns);
    if (!bridge) return mask;
    hideNeighbour(mask, counts, bridge);
  }
}

/** A one-dimensional breakdown whose total is published when `total` is true. */
export function suppressList(
  counts: number[],
  k: number,
  options: { total: boolean; base?: number },
): { cells: boolean[]; total: boolean } {
  const mask = suppressTable({
    counts: counts.map((n) => [n]),
    rowBases: options.base === undefined ? undefined : counts.map(() => options.base!),
    rowTotals: false,
    columnTotals: options.total,
    k,
  });
  return { cells: mask.cells.map(([hidden]) => hidden!), total: mask.columnTotals[0] ?? true };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`k must be a whole number ≥ 3, not ${k}`);
}

// The published totals are equations over the hidden cells. Lines (rows, columns) are vertices
// and hidden cells are edges; a hidden cell is determined exactly when its edge is a bridge (on
// no cycle) once every line without a published total is merged into one free vertex (rows and
// columns are two sides of a bipartite graph, so the equations span its cut space). A published
// grand total minus the published row totals is the equation of all unpublished rows together:
// with it, those rows merge into one constrained vertex instead of the free one.
type Position = [row: number, column: number];

function determinedCell(mask: TableMask, rows: number, columns: number): Position | undefined {
  const FREE = 0;
  const OTHER_ROWS = 1 + rows + columns;
  const rowVertex = (r: number) =>
    !mask.rowTotals[r] ? 1 + r : mask.grandTotal ? FREE : OTHER_ROWS;
  const columnVertex = (c: number) => (!mask.columnTotals[c] ? 1 + rows + c : FREE);
  const edges: { from: number; to: number; at: Position }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (!mask.cells[r]![c]) continue;
      const from = rowVertex(r);
      const to = columnVertex(c);
      if (from !== to) edges.push({ from, to, at: [r, c] });
    }
  }
  const bridge = bridges(2 + rows + columns, edges);
  return bridge === undefined ? undefined : edges[bridge]!.at;
}

/** Index of one bridge edge of the multigraph (Tarjan's low-link), or undefined. */
function bridges(vertices: number, edges: { from: number; to: number }[]): number | undefined {
  const adjacent: [to: number, edge: number][][] = Array.from({ length: vertices }, () => []);
  edges.forEach(({ from, to }, i) => {
    adjacent[from]!.push([to, i]);
    adjacent[to]!.push([from, i]);
  });
  const order = new Array<number>(vertices).fill(-1);
  const low = new Array<number>(vertices).fill(0);
  let counter = 0;
  let found: number | undefined;
  const visit = (vertex: number, viaEdge: number) => {
    order[vertex] = low[vertex] = counter++;
    for (const [next, edge] of adjacent[vertex]!) {
      if (edge === viaEdge) continue;
      if (order[next] === -1) {
        visit(next, edge);
        low[vertex] = Math.min(low[vertex]!, low[next]!);
        if (low[next]! > order[vertex]! && found === undefined) found = edge;
      } else {
        low[vertex] = Math.min(low[vertex]!, order[next]!);
      }
    }
  };
  for (let v = 0; v < vertices && found === undefined; v++) if (order[v] === -1) visit(v, -1);
  return found;
}

/**
 * Hides one more entry in a published line of the determined cell: the smallest visible cell
 * (non-zero first) of its row or column, or else that line's total.
 */
function hideNeighbour(mask: TableMask, counts: number[][], [row, column]: Position): void {
  const candidates: { count: number; hide: () => void }[] = [];
  if (!mask.rowTotals[row]) {
    counts[row]!.forEach((count, c) => {
      if (!mask.cells[row]![c])
        candidates.push({ count, hide: () => (mask.cells[row]![c] = true) });
    });
  }
  if (!mask.columnTotals[column]) {
    counts.forEach((line, r) => {
      if (!mask.cells[r]![column]) {
        candidates.push({ count: line[column]!, hide: () => (mask.cells[r]![column] = true) });
      }
    });
  }
  if (mask.rowTotals[row] && !mask.grandTotal) {
    // The row is part of "all unpublished rows", whose sum the grand total gives away.
    counts.forEach((line, r) => {
      if (!mask.rowTotals[r]) return;
      line.forEach((count, c) => {
        if (!mask.cells[r]![c]) candidates.push({ count, hide: () => (mask.cells[r]![c] = true) });
      });
    });
  }
  const rank = (count: number) => (count === 0 ? Number.MAX_SAFE_INTEGER : count);
  candidates.sort((a, b) => rank(a.count) - rank(b.count));
  if (candidates[0]) return candidates[0].hide();
  // No visible cell left in its published lines: stop publishing one of those totals.
  if (!mask.rowTotals[row]) mask.rowTotals[row] = true;
  else if (!mask.columnTotals[column]) mask.columnTotals[column] = true;
  else mask.grandTotal = true;
}
