import { registerEnumType } from "type-graphql";

import { FEEDBACK_OPTIONS, type SectorCode, SECTORS } from "../reference/index.js";

/** Both subgraphs use this one enum, so composition sees identical definitions. */
export const Sector = Object.fromEntries(SECTORS.map((code) => [code, code])) as {
  [K in SectorCode]: K;
};

registerEnumType(Sector, {
  name: "Sector",
  description:
    "The sector of the institution a person represents; the perspective of their answers.",
  valuesConfig: Object.fromEntries(
    FEEDBACK_OPTIONS.sectors.map((s) => [s.code, { description: `${s.pl} / ${s.en}` }]),
  ),
});
