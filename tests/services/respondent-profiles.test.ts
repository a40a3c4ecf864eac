import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  type Profile,
  PROFILE_ATTRIBUTES,
  type ProfileGroup,
  profileKey,
  shownProfiles,
} from "../../src/services/feedback/respondent-profiles.js";

const SEED = 20261202;
const base: Profile = {
  programme: "Koordynacja ekonomii społecznej na Mazowszu",
  subregion: "PL925",
  sector: "LOCAL_GOVERNMENT",
  formVersion: 1,
  receivedOn: "2026-11-20",
};
const NONE = Object.fromEntries(PROFILE_ATTRIBUTES.map((a) => [a, null]));
const group = (n: number, changes: Partial<Profile> = {}): ProfileGroup => ({
  profile: { ...base, ...changes },
  n,
});

/** Each response's shown profile, one entry per response. */
function shownPerResponse(groups: ProfileGroup[], k: number) {
  const shown = shownProfiles(groups, k);
  return groups.flatMap((g) =>
    Array<string>(g.n).fill(JSON.stringify(shown.get(profileKey(g.profile)))),
  );
}

describe("shownProfiles", () => {
  it("withholds the sector of the one NGO among six local governments, and of the six too", () => {
    // Arrange
    const groups = [group(6), group(1, { sector: "NGO" })];

    // Act
    const shown = shownProfiles(groups, 5);

    // Assert: "withheld" alone would point at the NGO one, so nobody's sector is shown.
    for (const g of groups) {
      expect(shown.get(profileKey(g.profile))).toEqual({ ...base, sector: null });
    }
  });

  it("withholds the smallest shown group along with the small ones, and no more", () => {
    // Arrange
    const groups = [
      group(5, { sector: "NGO" }),
      group(6, { sector: "BUSINESS" }),
      group(1, { sector: "OTHER" }),
    ];

    // Act
    const shown = shownProfiles(groups, 5);

    // Assert
    expect(shown.get(profileKey(groups[0]!.profile))).toEqual({ ...base, sector: null });
    expect(shown.get(profileKey(groups[1]!.profile))).toEqual({ ...base, sector: "BUSINESS" });
    expect(shown.get(profileKey(groups[2]!.profile))).toEqual({ ...base, sector: null });
  });

  it("withholds the day of a late answer, within the sector it shares with others", () => {
    // Arrange
    const groups = [group(5, { sector: "NGO" }), group(5), group(1, { receivedOn: "2026-12-01" })];

    // Act
    const shown = shownProfiles(groups, 5);

    // Assert: local governments are 6, so their sector shows; one day of theirs is a single answer.
    expect(shown.get(profileKey(groups[0]!.profile))).toEqual({ ...base, sector: "NGO" });
    expect(shown.get(profileKey(groups[1]!.profile))).toEqual({ ...base, receivedOn: null });
    expect(shown.get(profileKey(groups[2]!.profile))).toEqual({ ...base, receivedOn: null });
  });

  it("shows nothing beside the answers of a visit with fewer than k responses", () => {
    // Act
    const shown = shownProfiles([group(4)], 5);

    // Assert
    expect(shown.get(profileKey(base))).toEqual(NONE);
  });

  const groupsArb = fc
    .array(
      fc.record({
        programme: fc.constantFrom("A", "B"),
        subregion: fc.constantFrom("PL925", "PL924"),
        sector: fc.constantFrom("NGO", "BUSINESS", "LOCAL_GOVERNMENT", "OTHER"),
        formVersion: fc.integer({ min: 1, max: 3 }),
        receivedOn: fc.constantFrom("2026-11-20", "2026-11-21", "2026-11-28"),
        n: fc.integer({ min: 1, max: 8 }),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((rows) => {
      // One group per distinct profile, as the aggregation gives them.
      const byKey = new Map<string, ProfileGroup>();
      for (const { n, ...profile } of rows) {
        const key = profileKey(profile);
        byKey.set(key, { profile, n: (byKey.get(key)?.n ?? 0) + n });
      }
      return [...byKey.values()];
    });

  it("lets every response share all it shows with k−1 others at least (property)", () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 3, max: 10 }), (groups, k) => {
        // Act
        const perResponse = shownPerResponse(groups, k);

        // Assert
        const alike = new Map<string, number>();
        for (const shown of perResponse) alike.set(shown, (alike.get(shown) ?? 0) + 1);
        if (perResponse.length < k) {
          expect([...alike.keys()]).toEqual([JSON.stringify(NONE)]);
        } else {
          for (const n of alike.values()) expect(n).toBeGreaterThanOrEqual(k);
        }
        expect(shownPerResponse(groups, k)).toEqual(perResponse);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it("shows every attribute when every profile has k responses or more (property)", () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 3, max: 10 }), (groups, k) => {
        // Arrange
        const big = groups.map((g) => ({ ...g, n: g.n + k }));

        // Act
        const shown = shownProfiles(big, k);

        // Assert
        for (const g of big) expect(shown.get(profileKey(g.profile))).toEqual(g.profile);
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});
