// The product's reference data, bundled at build time: the filters need the subregions and
// sectors before any answer from the API.
import options from "../../reference/feedback-options.json";
import nuts from "../../reference/subregions.nuts2021.json";
import { lang } from "./i18n";

export const SUBREGIONS = nuts.subregions.map(({ code, name, nameEn }) => ({ code, name, nameEn }));
export const SECTORS = options.sectors.map(({ code, pl, en }) => ({ code, pl, en }));

export function subregionName(code: string): string {
  const subregion = SUBREGIONS.find((s) => s.code === code);
  if (!subregion) return code;
  return lang() === "pl" ? subregion.name : subregion.nameEn;
}

export function sectorName(code: string): string {
  const sector = SECTORS.find((s) => s.code === code);
  if (!sector) return code;
  return lang() === "pl" ? sector.pl : sector.en;
}
