import { NUTS } from "../../reference/index.js";
import { toSubregion } from "./subregion.resolver.js";

export const subregionReference = {
  __resolveReference: (ref: { code: string }) => {
    const subregion = NUTS.subregion(ref.code);
    return subregion ? toSubregion(subregion) : null;
  },
};

export const countyReference = {
  __resolveReference: (ref: { teryt: string }) => NUTS.county(ref.teryt) ?? null,
};
