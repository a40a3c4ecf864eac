import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from "geojson";
import { mergeArcs } from "topojson-client";
import { topology } from "topojson-server";
import type * as TopoJSON from "topojson-specification";

import { NUTS, type NutsTable } from "../src/reference/index.js";

/**
 * Builds the dashboard's map, `dashboard/src/data/subregions.topo.json`, from the county
 * boundaries in `reference/geo/`: the nine NUTS 3 subregions dissolved from the 42 counties, and
 * the counties themselves, sharing one set of arcs. `npm run geo:build`; a test checks that the
 * committed file is what this produces.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
export const COUNTIES_FILE = path.join(root, "reference/geo/mazowieckie-counties.geojson");
export const OUTPUT_FILE = path.join(root, "dashboard/src/data/subregions.topo.json");

/**
 * Grid of the quantized coordinates, per axis. The voivodeship is about 3.9° wide, so on a 600 px
 * map one pixel is about 0.0065°, and a grid step (0.0004°, some 30 m) is a seventeenth of it:
 * still under a device pixel at 3× zoom. A coarser grid saves little (1e3 gives 16 kB against
 * 18 kB), because the arcs are delta-encoded and the source is already simplified.
 */
export const QUANTIZATION = 10_000;

interface CountyProperties {
  teryt: string;
  name: string;
  subregion: string;
}

type CountyFeature = Feature<Polygon | MultiPolygon, CountyProperties>;

export interface SubregionProperties {
  code: string;
  name: string;
}

type Area = TopoJSON.Polygon<CountyProperties> | TopoJSON.MultiPolygon<CountyProperties>;

export interface SubregionTopology extends TopoJSON.Topology {
  objects: {
    subregions: TopoJSON.GeometryCollection<SubregionProperties>;
    counties: TopoJSON.GeometryCollection<CountyProperties>;
  };
}

/**
 * Every county of the reference data exactly once, with the reference data's name and
 * subregion; anything else (a county missing, extra, renamed or in another subregion) throws,
 * because a map that silently disagrees with the tables beside it is worse than no map.
 */
export function checkCounties(counties: CountyFeature[], nuts: NutsTable = NUTS): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { properties: p, geometry } of counties) {
    const ref = nuts.county(p.teryt);
    if (seen.has(p.teryt)) problems.push(`${p.teryt}: more than one feature`);
    seen.add(p.teryt);
    if (!ref) {
      problems.push(`${p.teryt} (${p.name}): not a county of ${nuts.nutsVersion}`);
      continue;
    }
    if (ref.name !== p.name)
      problems.push(`${p.teryt}: named "${p.name}", reference "${ref.name}"`);
    if (ref.subregion !== p.subregion) {
      problems.push(`${p.teryt} (${p.name}): in ${p.subregion}, reference ${ref.subregion}`);
    }
    // The file is input, not a promise: its geometry may be anything.
    const type = (geometry as Geometry | null)?.type;
    if (type !== "Polygon" && type !== "MultiPolygon") {
      problems.push(`${p.teryt}: geometry ${String(type)}, expected an area`);
    }
  }
  for (const s of nuts.subregions) {
    for (const c of s.counties) {
      if (!seen.has(c.teryt)) problems.push(`${c.teryt} (${c.name}, ${s.code}): no feature`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${COUNTIES_FILE} disagrees with reference/subregions.nuts2021.json:\n  ${problems.join("\n  ")}`,
    );
  }
}

/** The topology, from the counties as GeoJSON; pure, so a test can feed it its own input. */
export function buildSubregionTopology(
  source: FeatureCollection,
  nuts: NutsTable = NUTS,
): SubregionTopology {
  // Ordered by TERYT code so that the arcs, and the bytes, do not depend on the source's order.
  const counties = [...(source.features as CountyFeature[])].sort((a, b) =>
    a.properties.teryt < b.properties.teryt ? -1 : a.properties.teryt > b.properties.teryt ? 1 : 0,
  );
  checkCounties(counties, nuts);

  // Only what the map needs goes in: topojson-server would otherwise copy every property.
  const input: FeatureCollection<Polygon | MultiPolygon, CountyProperties> = {
    type: "FeatureCollection",
    features: counties.map(({ geometry, properties: { teryt, name, subregion } }) => ({
      type: "Feature",
      id: teryt,
      properties: { teryt, name, subregion },
      geometry,
    })),
  };
  const topo = topology({ counties: input }, QUANTIZATION);
  const countyObject = topo.objects.counties as TopoJSON.GeometryCollection<CountyProperties>;
  const areas = countyObject.geometries as Area[];
  if (
    areas.length !== counties.length ||
    areas.some((g) => g.type !== "Polygon" && g.type !== "MultiPolygon")
  ) {
    throw new Error("a county lost its area when quantized");
  }

  // Merging arcs (rather than GeoJSON) keeps the subregions on the counties' arcs, so the file
  // holds each border once and a subregion's edge lies exactly on its counties' edges.
  const subregions: TopoJSON.MultiPolygon<SubregionProperties>[] = nuts.subregions.map((s) => ({
    ...mergeArcs(
      topo,
      areas.filter((g) => g.properties?.subregion === s.code),
    ),
    id: s.code,
    properties: { code: s.code, name: s.name },
  }));

  // Written out key by key so the file's layout is fixed here, not by topojson-server's internals.
  return {
    type: "Topology",
    bbox: topo.bbox,
    transform: topo.transform,
    objects: {
      subregions: { type: "GeometryCollection", geometries: subregions },
      counties: {
        type: "GeometryCollection",
        geometries: areas.map(
          (g) => ({ type: g.type, arcs: g.arcs, id: g.id, properties: g.properties }) as Area,
        ),
      },
    },
    arcs: topo.arcs,
  };
}

/** The file's contents, exactly as written: compact JSON and a final newline. */
export function subregionTopologyJson(countiesFile: string = COUNTIES_FILE): string {
  const source = JSON.parse(readFileSync(countiesFile, "utf8")) as FeatureCollection;
  return `${JSON.stringify(buildSubregionTopology(source))}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = subregionTopologyJson();
  mkdirSync(path.dirname(OUTPUT_FILE), { recursive: true });
  writeFileSync(OUTPUT_FILE, json);
  console.log(`${path.relative(root, OUTPUT_FILE)}: ${Buffer.byteLength(json)} bytes`);
}
