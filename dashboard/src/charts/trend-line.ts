// A measure over time: a line with 95% error bars where an interval is known, hatched columns
// where a period's value is suppressed, and dashed vertical lines at the visits' dates.
import { CategoryScale, Chart, LinearScale, LineElement, type Plugin } from "chart.js";
import { LineWithErrorBarsController, PointWithErrorBar } from "chartjs-chart-error-bars";
import annotationPlugin, { type AnnotationOptions } from "chartjs-plugin-annotation";

import { GRID, hatchPattern, INK, PRIMARY } from "./common";

Chart.register(
  LineWithErrorBarsController,
  PointWithErrorBar,
  LineElement,
  CategoryScale,
  LinearScale,
  annotationPlugin,
);

export interface TrendValue {
  period: string;
  label: string;
  /** null: no data in the period, or suppressed (see `suppressed`). */
  value: number | null;
  suppressed: boolean;
  low?: number;
  high?: number;
  visits: number;
}

const suppressedColumns: Plugin<"lineWithErrorBars"> = {
  id: "wizytySuppressedColumns",
  beforeDatasetsDraw(chart) {
    const values = (chart.options.plugins as { wizytySuppressedColumns?: { values: TrendValue[] } })
      .wizytySuppressedColumns?.values;
    if (!values) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x!;
    const width = Math.max(6, (chartArea.right - chartArea.left) / Math.max(1, values.length) - 2);
    ctx.save();
    ctx.fillStyle = hatchPattern();
    ctx.strokeStyle = "#4b5563";
    values.forEach((v, i) => {
      if (!v.suppressed) return;
      const centre = x.getPixelForValue(i);
      ctx.fillRect(centre - width / 2, chartArea.top, width, chartArea.bottom - chartArea.top);
      ctx.strokeRect(centre - width / 2, chartArea.top, width, chartArea.bottom - chartArea.top);
    });
    ctx.restore();
  },
};

export function renderTrend(
  canvas: HTMLCanvasElement,
  values: TrendValue[],
  options: { max?: number; min?: number; tick: (v: number) => string },
) {
  const annotations: Record<string, AnnotationOptions> = {};
  values.forEach((v, i) => {
    if (v.visits > 0)
      annotations[`visit-${i}`] = {
        type: "line",
        xMin: i,
        xMax: i,
        borderColor: "#6b7280",
        borderWidth: 1,
        borderDash: [4, 4],
        drawTime: "beforeDatasetsDraw",
      };
  });
  return new Chart(canvas, {
    type: "lineWithErrorBars",
    data: {
      labels: values.map((v) => v.label),
      datasets: [
        {
          data: values.map((v) => ({
            y: v.value ?? Number.NaN,
            yMin: v.low ?? v.value ?? Number.NaN,
            yMax: v.high ?? v.value ?? Number.NaN,
          })),
          borderColor: PRIMARY,
          backgroundColor: PRIMARY,
          pointRadius: 4,
          pointStyle: "circle",
          borderWidth: 2,
          spanGaps: true,
          errorBarColor: INK,
          errorBarWhiskerColor: INK,
          errorBarWhiskerSize: 6,
        } as never,
      ],
    },
    options: {
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 60, autoSkip: true } },
        y: {
          min: options.min,
          max: options.max,
          grid: { color: GRID },
          ticks: { callback: (value: number | string) => options.tick(Number(value)) },
        },
      },
      plugins: {
        tooltip: { enabled: false },
        annotation: { annotations },
        wizytySuppressedColumns: { values },
      } as never,
    },
    plugins: [suppressedColumns],
  });
}
