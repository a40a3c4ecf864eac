import { readFileSync } from "node:fs";

/**
 * The project's reference data, read from `reference/` at the repository root: subregions and
 * counties (NUTS, TERYT), sectors and the coded options of the feedback themes.
 */
function load<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../reference/${file}`, import.meta.url), "utf8")) as T;
}

export interface CountyRef {
  /** TERYT code of the powiat, four digits. */
  teryt: string;
  name: string;
  cityCounty: boolean;
  subregion: string;
}

export interface SubregionRef {
  code: string;
  name: string;
  nameEn: string;
  counties: CountyRef[];
}

export interface NutsTable {
  nutsVersion: string;
  source: string;
  subregions: SubregionRef[];
  subregion(code: string): SubregionRef | undefined;
  county(teryt: string): CountyRef | undefined;
}

interface NutsFile {
  nutsVersion: string;
  source: string;
  subregions: {
    code: string;
    name: string;
    nameEn: string;
    counties: Omit<CountyRef, "subregion">[];
  }[];
}

function nutsTable(file: NutsFile): NutsTable {
  const subregions = file.subregions.map((s) => ({
    ...s,
    counties: s.counties.map((c) => ({ ...c, subregion: s.code })),
  }));
  const byCode = new Map(subregions.map((s) => [s.code, s]));
  const byTeryt = new Map(subregions.flatMap((s) => s.counties.map((c) => [c.teryt, c] as const)));
  return {
    nutsVersion: file.nutsVersion,
    source: file.source,
    subregions,
    subregion: (code) => byCode.get(code),
    county: (teryt) => byTeryt.get(teryt),
  };
}

/** The NUTS version records are assigned to; a record keeps the version it was assigned with. */
export const NUTS = nutsTable(load<NutsFile>("subregions.nuts2021.json"));

export const SECTORS = [
  "LABOUR_OFFICE",
  "LOCAL_GOVERNMENT",
  "LABOUR_MARKET_INSTITUTION",
  "NGO",
  "BUSINESS",
  "SOCIAL_ECONOMY_ENTITY",
  "OTHER",
] as const;
export type SectorCode = (typeof SECTORS)[number];

export const THEMES = ["NEEDS", "SUPPORT", "STRENGTHENING"] as const;
export type ThemeCode = (typeof THEMES)[number];

export interface Label {
  pl: string;
  en: string;
}
export interface OptionRef extends Label {
  code: string;
}

interface OptionsFile {
  version: number;
  sectors: (Label & { code: string })[];
  themes: Record<ThemeCode, Label & { options: OptionRef[] }>;
}

function feedbackOptions(file: OptionsFile) {
  const codes = file.sectors.map((s) => s.code);
  if (codes.join() !== SECTORS.join()) {
    throw new Error(`reference/feedback-options.json sectors must be ${SECTORS.join(", ")}`);
  }
  return {
    sectors: file.sectors as (Label & { code: SectorCode })[],
    themes: file.themes,
  };
}

export const FEEDBACK_OPTIONS = feedbackOptions(load<OptionsFile>("feedback-options.json"));
