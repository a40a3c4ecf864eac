// Choropleth of the nine subregions: shaded by the chosen measure, each labelled with its value,
// suppressed ones hatched, selected ones outlined in black; a click chooses a subregion.
import { Chart, type Plugin, type ScriptableContext } from "chart.js";
import {
  ChoroplethController,
  ColorScale,
  GeoFeature,
  type IChoroplethDataPoint,
  ProjectionScale,
} from "chartjs-chart-geo";

import { countyOutlines, subregionFeatures, voivodeshipOutline } from "../geo";
import { hatchPattern, INK } from "./common";

Chart.register(ChoroplethController, GeoFeature, ColorScale, ProjectionScale);

/** Five steps of blue from light to dark; every region also carries a printed value. */
const STEPS = ["#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8", "#1e3a8a"];
const step = (normalised: number) => STEPS[Math.min(4, Math.max(0, Math.floor(normalised * 5)))]!;

export interface MapValue {
  code: string;
  name: string;
  value: number | null;
  /** The printed value: "74%", "4,12", "< 5". */
  text: string;
  selected: boolean;
}

type Point = IChoroplethDataPoint & { suppressed: boolean; text: string; selected: boolean };

/** County borders as thin lines, then each subregion's value at its centroid on a white halo. */
const overlay: Plugin<"choropleth"> = {
  id: "wizytyMapOverlay",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const scale = chart.scales.projection as unknown as ProjectionScale;
    const path = scale.geoPath.context(ctx);
    ctx.save();
    ctx.beginPath();
    path(countyOutlines());
    ctx.strokeStyle = "rgba(255,255,255,0.6)";
    ctx.lineWidth = 0.6;
    ctx.stroke();
    const points = chart.data.datasets[0]!.data as Point[];
    for (const point of points) {
      if (!point.selected) continue;
      ctx.beginPath();
      scale.geoPath.context(ctx)(point.feature);
      ctx.strokeStyle = INK;
      ctx.lineWidth = 3;
      ctx.stroke();
    }
    ctx.font = `700 13px ${Chart.defaults.font.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    for (const point of points) {
      const [x, y] = scale.geoPath.centroid(point.feature);
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(point.text, x, y);
      ctx.fillStyle = INK;
      ctx.fillText(point.text, x, y);
    }
    ctx.restore();
  },
};

export function renderSubregionMap(
  canvas: HTMLCanvasElement,
  values: MapValue[],
  onChoose: (code: string) => void,
  tick: (value: number) => string,
): Chart<"choropleth"> {
  const byCode = new Map(values.map((v) => [v.code, v]));
  const features = subregionFeatures();
  const data: Point[] = features.map((feature) => {
    const v = byCode.get(feature.properties.code);
    return {
      feature,
      value: v?.value ?? Number.NaN,
      suppressed: v?.value === null || v === undefined,
      text: v?.text ?? "",
      selected: v?.selected ?? false,
    };
  });
  return new Chart<"choropleth", Point[]>(canvas, {
    type: "choropleth",
    data: {
      labels: features.map((f) => byCode.get(f.properties.code)?.name ?? f.properties.name),
      datasets: [
        {
          label: "",
          data,
          outline: voivodeshipOutline() as never,
          borderColor: INK,
          borderWidth: 1,
          backgroundColor: (context: ScriptableContext<"choropleth">) => {
            const point = context.raw as Point | undefined;
            if (!point) return "transparent";
            if (point.suppressed) return hatchPattern();
            return (context.chart.scales.color as unknown as ColorScale).getColorForValue(
              point.value,
            );
          },
        },
      ],
    },
    options: {
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        projection: { axis: "x", projection: "mercator" },
        color: {
          axis: "x",
          interpolate: step,
          legend: { position: "bottom-right", align: "right" },
          ticks: { callback: (value: number | string) => tick(Number(value)) },
        } as never,
      },
      onClick: (_event, elements) => {
        const index = elements[0]?.index;
        if (index !== undefined) onChoose(features[index]!.properties.code);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? "pointer" : "default";
      },
    },
    plugins: [overlay],
  });
}
