import type { Feature, MultiLineString, MultiPolygon } from "geojson";
import { feature, merge, mesh } from "topojson-client";
import type {
  GeometryCollection,
  GeometryObject,
  MultiPolygon as TopoMultiPolygon,
  Polygon as TopoPolygon,
  Topology,
} from "topojson-specification";

// Built by `npm run geo:build` from reference/geo/ (counties: ppatrzyk/polska-geojson, MIT, from
// PRG/GUGiK); a test checks it against the script and the NUTS reference data.
import data from "./data/subregions.topo.json" with { type: "json" };

/**
 * The map of the nine subregions (NUTS 3) of the Mazowieckie voivodeship, for the choropleth.
 * Rings are wound clockwise, as d3-geo (and so chartjs-chart-geo) wants them: the other way
 * round, d3 fills the whole sphere except the region.
 */

export interface SubregionProperties {
  /** NUTS 2021 code, PL911…PL926. */
  code: string;
  /** Polish name, as in reference/subregions.nuts2021.json. */
  name: string;
}

export interface CountyProperties {
  /** TERYT code of the powiat, four digits. */
  teryt: string;
  name: string;
  /** NUTS 2021 code of the county's subregion. */
  subregion: string;
}

export interface SubregionTopology extends Topology {
  objects: {
    subregions: GeometryCollection<SubregionProperties>;
    counties: GeometryCollection<CountyProperties>;
  };
}

// The JSON's inferred type widens `"Topology"` and the geometry types to string.
const topology = data as unknown as SubregionTopology;

/** One feature per subregion, in NUTS code order, with `id` and `properties.code` the code. */
export function subregionFeatures(
  topo: SubregionTopology = topology,
): Feature<MultiPolygon, SubregionProperties>[] {
  return feature(topo, topo.objects.subregions).features as Feature<
    MultiPolygon,
    SubregionProperties
  >[];
}

/**
 * Borders between counties, to draw as thin lines over the filled subregions. By default only
 * those inside a subregion: the others are the subregions' own borders, which the choropleth
 * already draws, and a second, thinner stroke on top of them muddies the edge.
 */
export function countyOutlines(
  { includeSubregionBorders = false }: { includeSubregionBorders?: boolean } = {},
  topo: SubregionTopology = topology,
): MultiLineString {
  const subregion = (g: GeometryObject): string | undefined =>
    (g.properties as CountyProperties | undefined)?.subregion;
  return mesh(
    topo,
    topo.objects.counties,
    (a, b) => a !== b && (includeSubregionBorders || subregion(a) === subregion(b)),
  );
}

/**
 * The voivodeship as one feature: chartjs-chart-geo's `outline` fits the projection to it (the
 * default, the whole sphere, would shrink the map to a dot) and `showOutline` can draw it.
 */
export function voivodeshipOutline(
  topo: SubregionTopology = topology,
): Feature<MultiPolygon, { name: string }> {
  return {
    type: "Feature",
    id: "14",
    properties: { name: "mazowieckie" },
    // An array, not the collection: the typings allow a GeometryCollection, which merge cannot
    // iterate.
    geometry: merge(topo, topo.objects.counties.geometries as (TopoPolygon | TopoMultiPolygon)[]),
  };
}
