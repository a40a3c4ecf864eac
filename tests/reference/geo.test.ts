import { readFileSync } from "node:fs";

import { geoArea, geoContains } from "d3-geo";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { feature, merge } from "topojson-client";
import type {
  MultiPolygon as TopoMultiPolygon,
  Polygon as TopoPolygon,
} from "topojson-specification";
import { describe, expect, it } from "vitest";

import {
  countyOutlines,
  subregionFeatures,
  type SubregionTopology,
  voivodeshipOutline,
} from "../../dashboard/src/geo.js";
import {
  buildSubregionTopology,
  COUNTIES_FILE,
  OUTPUT_FILE,
  subregionTopologyJson,
} from "../../scripts/geo-subregions.js";
import { NUTS } from "../../src/reference/index.js";

type Area = Feature<Polygon | MultiPolygon>;

const committed = readFileSync(OUTPUT_FILE, "utf8");
const topo = JSON.parse(committed) as SubregionTopology;
const source = JSON.parse(readFileSync(COUNTIES_FILE, "utf8")) as FeatureCollection;
const counties = feature(topo, topo.objects.counties).features as Area[];
const subregions = subregionFeatures(topo);
const areaOf = (g: Polygon | MultiPolygon | Area): number => geoArea(g);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mergedArea = (geometries: unknown[]): number =>
  areaOf(merge(topo, geometries as (TopoPolygon | TopoMultiPolygon)[]));

/**
 * A point well inside a polygon: the middle of the widest stretch of the horizontal line through
 * the middle of its bounding box. (A centroid can fall outside a concave county.)
 */
function interiorPoint(area: Area): [number, number] {
  const polygons =
    area.geometry.type === "Polygon" ? [area.geometry.coordinates] : area.geometry.coordinates;
  const rings = polygons.flat();
  const lats = rings.flat().map((p) => p[1]!);
  const lat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const crossings: number[] = [];
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i += 1) {
      const [x1, y1] = ring[i - 1]!;
      const [x2, y2] = ring[i]!;
      if (y1! <= lat !== y2! <= lat)
        crossings.push(x1! + ((lat - y1!) / (y2! - y1!)) * (x2! - x1!));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: [number, number] = [Number.NaN, lat];
  let width = 0;
  for (let i = 1; i < crossings.length; i += 2) {
    if (crossings[i]! - crossings[i - 1]! > width) {
      width = crossings[i]! - crossings[i - 1]!;
      best = [(crossings[i]! + crossings[i - 1]!) / 2, lat];
    }
  }
  return best;
}

describe("map of the subregions (dashboard/src/data/subregions.topo.json)", () => {
  it("is what `npm run geo:build` makes of reference/geo/ now, byte for byte", () => {
    // Arrange, Act
    const built = subregionTopologyJson();

    // Assert
    expect(built === committed, "stale: run `npm run geo:build` and commit the result").toBe(true);
    expect(Buffer.byteLength(committed)).toBeLessThan(25_000);
  });

  it("does not depend on the order of the counties in the source", () => {
    // Arrange
    const reversed = { ...source, features: [...source.features].reverse() };

    // Act, Assert
    expect(JSON.stringify(buildSubregionTopology(reversed))).toBe(committed.trimEnd());
  });

  it("refuses counties that disagree with the NUTS reference data", () => {
    // Arrange: Radom moved to the Warsaw East subregion, and the Warsaw county dropped.
    const features = source.features
      .filter((f) => f.properties?.teryt !== "1465")
      .map((f) =>
        f.properties?.teryt === "1463"
          ? { ...f, properties: { ...f.properties, subregion: "PL912" } }
          : f,
      );

    // Act, Assert
    expect(() => buildSubregionTopology({ ...source, features })).toThrow(
      /1463 \(Radom\): in PL912, reference PL921[\s\S]*1465 \(Warszawa, PL911\): no feature/,
    );
  });

  it("has the nine subregions of NUTS 2021, in code order, with their Polish names", () => {
    expect(subregions.map((s) => s.properties)).toEqual(
      NUTS.subregions.map((s) => ({ code: s.code, name: s.name })),
    );
    expect(subregions.map((s) => s.id)).toEqual(NUTS.subregions.map((s) => s.code));
  });

  it("puts every county in exactly one subregion, the one the reference data gives", () => {
    // Arrange
    const expected = NUTS.subregions.flatMap((s) =>
      s.counties.map((c) => ({ teryt: c.teryt, name: c.name, subregion: s.code })),
    );

    // Act: which subregions contain a point inside each county.
    const found = counties.map((county) => {
      const point = interiorPoint(county);
      expect(geoContains(county, point), `${String(county.id)}: point not inside`).toBe(true);
      return {
        ...(county.properties as { teryt: string; name: string; subregion: string }),
        containedIn: subregions.filter((s) => geoContains(s, point)).map((s) => s.properties.code),
      };
    });

    // Assert
    expect(found.map(({ teryt, name, subregion }) => ({ teryt, name, subregion }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(found).toHaveLength(42);
    for (const county of found) expect(county.containedIn).toEqual([county.subregion]);
  });

  it("winds every subregion clockwise for d3-geo: each is a small part of the sphere", () => {
    // The voivodeship is about 35 600 km², 0.007 % of the Earth (4π sr): 8.8e-4 sr. Wound the
    // other way, d3 takes a ring for the rest of the sphere, close to 4π.
    for (const s of subregions) {
      const area = areaOf(s);
      expect(area, s.properties.code).toBeGreaterThan(1e-6);
      expect(area, s.properties.code).toBeLessThan(4e-4);
    }
    const km2 = sum(subregions.map(areaOf)) * 6371 ** 2;
    expect(km2).toBeGreaterThan(35_000);
    expect(km2).toBeLessThan(36_200);
  });

  it("covers what the counties cover: the union of the subregions is the union of the counties", () => {
    // Arrange
    const ofSubregions = mergedArea(topo.objects.subregions.geometries);
    const ofCounties = mergedArea(topo.objects.counties.geometries);
    const ofSource = sum(source.features.map((f) => areaOf(f as Area)));

    // Assert: no gaps or overlaps between subregions, and quantization moved little.
    expect(Math.abs(ofSubregions / ofCounties - 1)).toBeLessThan(0.005);
    expect(Math.abs(sum(subregions.map(areaOf)) / ofCounties - 1)).toBeLessThan(0.005);
    expect(Math.abs(ofCounties / ofSource - 1)).toBeLessThan(0.005);
    expect(Math.abs(areaOf(voivodeshipOutline(topo)) / ofCounties - 1)).toBeLessThan(1e-9);
  });

  it("gives the dashboard one outline without holes and the county borders as lines", () => {
    // Act
    const outline = voivodeshipOutline(topo);
    const inner = countyOutlines({}, topo);
    const all = countyOutlines({ includeSubregionBorders: true }, topo);

    // Assert
    expect(outline.geometry.coordinates.map((polygon) => polygon.length)).toEqual([1]);
    expect(inner.type).toBe("MultiLineString");
    expect(inner.coordinates.length).toBeGreaterThan(0);
    expect(all.coordinates.length).toBeGreaterThan(inner.coordinates.length);
    // The defaults are the committed map.
    expect(subregionFeatures()).toEqual(subregions);
    expect(countyOutlines()).toEqual(inner);
  });
});
