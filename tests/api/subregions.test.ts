import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestSystem, type TestSystem } from "../support/system.js";

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(() => t?.close());

describe("subregions", () => {
  it("lists the nine Mazowieckie subregions with their counties through the gateway", async () => {
    const result = await t.gql<{
      subregions: { code: string; name: string; counties: { teryt: string; name: string }[] }[];
    }>(/* GraphQL */ `
      {
        subregions {
          code
          name
          counties {
            teryt
            name
          }
        }
      }
    `);

    expect(result.errors).toBeUndefined();
    const codes = result.data!.subregions.map((s) => s.code);
    expect(codes).toEqual([
      "PL911",
      "PL912",
      "PL913",
      "PL921",
      "PL922",
      "PL923",
      "PL924",
      "PL925",
      "PL926",
    ]);
    const siedlecki = result.data!.subregions.find((s) => s.code === "PL925")!;
    expect(siedlecki.name).toBe("siedlecki");
    expect(siedlecki.counties.map((c) => c.name).sort()).toEqual(
      ["garwoliński", "łosicki", "siedlecki", "sokołowski", "węgrowski", "Siedlce"].sort(),
    );
  });
});
