// What every chart shares: the Chart.js parts in use (registered once, no chart.js/auto),
// colours that meet 3:1 against white (WCAG 1.4.11), the hatching of suppressed values and the
// direct labels that make colour never the only cue.
import {
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  LinearScale,
  type Plugin,
  Tooltip,
} from "chart.js";
import { BarWithErrorBar, BarWithErrorBarsController } from "chartjs-chart-error-bars";

Chart.register(
  BarWithErrorBarsController,
  BarWithErrorBar,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.color = "#1f2937";
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.font.size = 13;
// Sharp on paper and on high-density screens alike.
Chart.defaults.devicePixelRatio = Math.max(2, window.devicePixelRatio || 1);

export const INK = "#1f2937";
export const PRIMARY = "#1d4ed8";
export const GRID = "#d1d5db";
/** Three groups that must be told apart (NPS): each also has its own label and pattern. */
export const GROUP_COLOURS = ["#166534", "#6b7280", "#b91c1c"];

let hatch: CanvasPattern | string | undefined;

/** Diagonal grey hatching on a light ground: "hidden", not "zero". */
export function hatchPattern(): CanvasPattern | string {
  if (hatch) return hatch;
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const ctx = tile.getContext("2d");
  if (!ctx) return "#e5e7eb";
  ctx.fillStyle = "#f3f4f6";
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = "#4b5563";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  hatch = ctx.createPattern(tile, "repeat") ?? "#e5e7eb";
  return hatch;
}

/** One bar: a published value with its 95% interval, or a suppressed (hidden) one. */
export interface BarValue {
  value: number | null;
  suppressed: boolean;
  low?: number;
  high?: number;
}

export interface BarsOptions {
  labels: string[];
  values: BarValue[];
  /** Text drawn at the end of each bar, e.g. "42%" or "< 5". */
  valueLabels: string[];
  horizontal?: boolean;
  /** Axis maximum, e.g. 1 for shares and 5 for ratings; a suppressed bar fills the axis. */
  max?: number;
  tick?: (value: number) => string;
  colours?: string[];
  onClick?: (index: number) => void;
}

/** Long category names on two or three lines instead of cut off at the canvas edge. */
export function wrapLabel(text: string, width = 24): string | string[] {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = "";
  // A word longer than a line is broken with a hyphen rather than cut off at the canvas edge.
  const words = text
    .split(/\s+/)
    .flatMap((word) =>
      word.length > width ? [`${word.slice(0, width - 1)}-`, word.slice(width - 1)] : [word],
    );
  for (const word of words) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Writes `valueLabels` beside each bar of the first dataset, in ink, outside the bar. */
const directLabels: Plugin<"barWithErrorBars"> = {
  id: "wizytyDirectLabels",
  afterDatasetsDraw(chart) {
    const labels = (chart.options.plugins as { wizytyDirectLabels?: { labels: string[] } })
      .wizytyDirectLabels?.labels;
    if (!labels) return;
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    ctx.save();
    ctx.fillStyle = INK;
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    for (const dataset of [0, 1]) {
      const points = chart.data.datasets[dataset]?.data as
        ({ x?: number; y?: number; xMax?: number; yMax?: number } | undefined)[] | undefined;
      chart.getDatasetMeta(dataset).data.forEach((bar, index) => {
        const text = labels[index];
        const raw = points?.[index];
        if (!text || raw === undefined) return;
        const value = horizontal ? raw.x : raw.y;
        if (value === null || value === undefined || Number.isNaN(value)) return;
        const { x, y } = bar.getProps(["x", "y"], true) as { x: number; y: number };
        // Past the end of the error bar, so the label never sits on the whisker.
        const end = horizontal ? raw.xMax : raw.yMax;
        const scale = chart.scales[horizontal ? "x" : "y"]!;
        const whisker =
          typeof end === "number" && !Number.isNaN(end) ? scale.getPixelForValue(end) : undefined;
        if (horizontal) {
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(text, Math.max(x, whisker ?? x) + 6, y);
        } else {
          ctx.textAlign = "center";
          ctx.textBaseline = "bottom";
          ctx.fillText(text, x, Math.min(y, whisker ?? y) - 4);
        }
      });
    }
    ctx.restore();
  },
};

/**
 * A bar chart with 95% error bars where an interval is known, suppressed bars hatched over their
 * possible range and labelled, and every bar labelled with its value.
 */
export function renderBars(
  canvas: HTMLCanvasElement,
  options: BarsOptions,
): Chart<"barWithErrorBars"> {
  const horizontal = options.horizontal ?? false;
  const point = (v: BarValue) => {
    const value = v.suppressed ? Number.NaN : (v.value ?? 0);
    const low = v.low ?? value;
    const high = v.high ?? value;
    return horizontal ? { x: value, xMin: low, xMax: high } : { y: value, yMin: low, yMax: high };
  };
  // A hidden value may be anything the axis can show (a cell hidden to protect another can be
  // large), so its hatched bar spans the whole axis.
  const top =
    options.max ??
    Math.max(
      1,
      ...options.values.map((v) => (v.suppressed ? 0 : Math.max(v.value ?? 0, v.high ?? 0))),
    );
  const reach = (v: BarValue) => (v.suppressed ? top : Number.NaN);
  // Counts carry no interval: no whiskers at all rather than a tick at the end of each bar.
  const intervals = options.values.some((v) => v.low !== undefined);
  const published = {
    data: options.values.map(point),
    backgroundColor: options.colours ?? PRIMARY,
    borderColor: INK,
    borderWidth: 0,
    // A canvas ignores a line width of 0, so "no whiskers" is drawn in no colour.
    errorBarColor: intervals ? INK : "transparent",
    errorBarWhiskerColor: intervals ? INK : "transparent",
    errorBarLineWidth: 1.5,
    errorBarWhiskerLineWidth: 1.5,
    errorBarWhiskerSize: 10,
    grouped: false,
    maxBarThickness: 48,
  } as unknown as ChartDataset<"barWithErrorBars">;
  const hidden = {
    data: options.values.map((v) =>
      horizontal
        ? { x: reach(v), xMin: reach(v), xMax: reach(v) }
        : { y: reach(v), yMin: reach(v), yMax: reach(v) },
    ),
    backgroundColor: hatchPattern(),
    borderColor: "#4b5563",
    borderWidth: 1,
    borderDash: [4, 2],
    errorBarColor: "transparent",
    errorBarWhiskerColor: "transparent",
    grouped: false,
    maxBarThickness: 48,
  } as unknown as ChartDataset<"barWithErrorBars">;
  const valueAxis = {
    beginAtZero: true,
    max: options.max,
    grid: { color: GRID },
    ticks: {
      callback: (value: number | string) => (options.tick ? options.tick(Number(value)) : value),
    },
  };
  const indexAxis = { grid: { display: false }, ticks: { autoSkip: false } };
  return new Chart<"barWithErrorBars">(canvas, {
    type: "barWithErrorBars",
    data: {
      // On a phone the category axis gets a third of the width: shorter lines.
      labels: options.labels.map((text) => wrapLabel(text, canvas.clientWidth < 480 ? 14 : 24)),
      datasets: [published, hidden],
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      layout: { padding: horizontal ? { right: 56 } : { top: 22 } },
      scales: horizontal ? { x: valueAxis, y: indexAxis } : { x: indexAxis, y: valueAxis },
      plugins: {
        tooltip: { enabled: false },
        wizytyDirectLabels: { labels: options.valueLabels },
      } as never,
      onClick: options.onClick
        ? (_event, elements) => {
            const index = elements[0]?.index;
            if (index !== undefined) options.onClick!(index);
          }
        : undefined,
      onHover: options.onClick
        ? (event, elements) => {
            const target = event.native?.target as HTMLElement | undefined;
            if (target) target.style.cursor = elements.length ? "pointer" : "default";
          }
        : undefined,
    },
    plugins: [directLabels],
  });
}
