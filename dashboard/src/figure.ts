// One chart as analysts meet it: a title that states the finding, the base (n), the chart with a
// text alternative drawn from its data, the data table one keystroke away, PNG and CSV downloads,
// and footnotes (intervals, suppression).
import type { Chart } from "chart.js";

import { saveBlob } from "./api";
import { el } from "./dom";
import { t } from "./i18n";

export interface TableCell {
  text: string;
  /** What the CSV holds; `text` when absent. */
  csv?: string | number | null;
  suppressed?: boolean;
  numeric?: boolean;
  /** 0–1: shading of a heat-table cell (the number is always printed too). */
  heat?: number;
  /** A header cell for the row (`<th scope="row">`). */
  header?: boolean;
}

export interface DataTable {
  head: string[];
  rows: TableCell[][];
}

export interface FigureSpec {
  id: string;
  title: string;
  subtitle: string;
  /** The text alternative: what the chart shows, in words. */
  description: string;
  table: DataTable;
  /** Draws the chart; absent for a figure that is a table (a heat table). */
  draw?: (canvas: HTMLCanvasElement) => Chart<never> | Chart;
  size?: "short" | "medium" | "tall" | "map";
  notes?: string[];
}

const charts = new Set<Chart>();
let pending: (() => void)[] = [];

/** Draws the charts of the figures now in the document (Chart.js needs their size). */
export function drawPending(): void {
  const now = pending;
  pending = [];
  for (const draw of now) draw();
}

/** Every chart on the page, for print resizing and for the "drawn" signal. */
export function liveCharts(): Chart[] {
  return [...charts];
}

export function destroyCharts(): void {
  for (const chart of charts) chart.destroy();
  charts.clear();
  pending = [];
}

function renderTable(spec: FigureSpec): HTMLTableElement {
  const table = el("table", { class: "data" });
  table.append(el("caption", {}, spec.title));
  const headRow = el("tr");
  spec.table.head.forEach((text, index) =>
    headRow.append(el("th", { scope: "col", class: index ? "num" : "" }, text)),
  );
  table.appendChild(el("thead")).append(headRow);
  const body = table.appendChild(el("tbody"));
  for (const row of spec.table.rows) {
    const tr = body.appendChild(el("tr"));
    for (const cell of row) {
      const td = cell.header ? el("th", { scope: "row" }) : el("td");
      td.textContent = cell.text;
      if (cell.numeric) td.classList.add("num");
      if (cell.suppressed) {
        td.classList.add("suppressed");
        td.title = t("suppressedLong", { k: currentK });
      }
      if (cell.heat !== undefined && !cell.suppressed) {
        td.classList.add(`heat-${Math.min(4, Math.floor(cell.heat * 5))}`);
      }
      tr.append(td);
    }
  }
  return table;
}

let currentK = 5;

/** K for "< K" labels, from the page's query. */
export function setMinGroup(k: number): void {
  currentK = k;
}

export function minGroup(): number {
  return currentK;
}

async function downloadCsv(spec: FigureSpec): Promise<void> {
  const { stringify } = await import("csv-stringify/browser/esm/sync");
  const rows = [
    spec.table.head,
    ...spec.table.rows.map((row) =>
      row.map((cell) => (cell.csv === undefined ? cell.text : cell.csv)),
    ),
    [],
    [spec.title],
    [spec.subtitle],
    ...(spec.notes ?? []).map((note) => [note]),
  ];
  const body = stringify(rows, { record_delimiter: "\r\n" });
  // A byte-order mark, so that spreadsheet programs read Polish letters as UTF-8.
  saveBlob(new Blob(["\ufeff", body], { type: "text/csv;charset=utf-8" }), `${spec.id}.csv`);
}

/** The chart on white, under its title and base, as a report-ready PNG. */
function downloadPng(spec: FigureSpec, chart: Chart): void {
  const source = chart.canvas;
  const scale = source.width / source.clientWidth || 2;
  const head = Math.round(64 * scale);
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height + head;
  const ctx = out.getContext("2d")!;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#111827";
  ctx.font = `600 ${Math.round(16 * scale)}px system-ui, sans-serif`;
  ctx.fillText(spec.title, 8 * scale, 24 * scale, out.width - 16 * scale);
  ctx.fillStyle = "#374151";
  ctx.font = `${Math.round(13 * scale)}px system-ui, sans-serif`;
  ctx.fillText(spec.subtitle, 8 * scale, 48 * scale, out.width - 16 * scale);
  ctx.drawImage(source, 0, head);
  out.toBlob((blob) => blob && saveBlob(blob, `${spec.id}.png`), "image/png");
}

/** Builds the figure; the chart is drawn once the figure is in the document. */
export function figure(spec: FigureSpec): HTMLElement {
  const root = el("figure", { class: "figure", id: `fig-${spec.id}`, "data-figure": spec.id });
  const titleId = `fig-${spec.id}-title`;
  root.setAttribute("aria-labelledby", titleId);
  root.append(el("h2", { id: titleId, class: "figure-title" }, spec.title));
  root.append(el("p", { class: "figure-subtitle" }, spec.subtitle));

  // A wide table scrolls inside its own region, which the keyboard can reach.
  const tableWrap = el("div", {
    class: "table-wrap",
    id: `fig-${spec.id}-table`,
    role: "region",
    "aria-labelledby": titleId,
    tabindex: "0",
  });
  tableWrap.append(renderTable(spec));
  let chart: Chart | undefined;
  const actions = el("div", { class: "figure-actions" });
  if (spec.draw) {
    const box = el("div", { class: `chart chart-${spec.size ?? "medium"}` });
    const canvas = el("canvas", { role: "img", "aria-label": spec.description });
    // Fallback content for browsers that expose it instead of the label.
    canvas.textContent = spec.description;
    box.append(canvas);
    root.append(box);
    tableWrap.hidden = true;
    const toggle = el(
      "button",
      {
        type: "button",
        class: "table-toggle",
        "aria-expanded": "false",
        "aria-controls": tableWrap.id,
        "aria-keyshortcuts": "T",
      },
      t("showTable"),
    );
    const flip = () => {
      tableWrap.hidden = !tableWrap.hidden;
      toggle.setAttribute("aria-expanded", String(!tableWrap.hidden));
      toggle.textContent = tableWrap.hidden ? t("showTable") : t("hideTable");
    };
    toggle.addEventListener("click", flip);
    root.addEventListener("keydown", (event) => {
      const target = event.target as HTMLElement;
      if (event.key.toLowerCase() !== "t" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest("input, select, textarea")) return;
      event.preventDefault();
      flip();
      toggle.focus();
    });
    const png = el("button", { type: "button", class: "download-png" }, t("downloadPng"));
    png.addEventListener("click", () => chart && downloadPng(spec, chart));
    actions.append(toggle, png);
    pending.push(() => {
      if (!canvas.isConnected) return;
      chart = spec.draw!(canvas) as Chart;
      charts.add(chart);
    });
  }
  root.append(tableWrap);
  const csv = el("button", { type: "button", class: "download-csv" }, t("downloadCsv"));
  csv.addEventListener("click", () => void downloadCsv(spec));
  actions.append(csv);
  root.append(actions);
  if (spec.notes?.length) {
    const caption = el("figcaption", { class: "figure-notes" });
    for (const note of spec.notes) caption.append(el("p", {}, note));
    root.append(caption);
  }
  return root;
}
