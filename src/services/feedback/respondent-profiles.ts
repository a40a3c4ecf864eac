/**
 * What one response may show about its respondent beside the answers. The answers are the
 * content and stay; the attributes kept with them (where the visit was counted, the sector, the
 * form version, the day) could single a respondent out in a small group: the one NGO among six
 * local governments, the one who answered a week late. A coordinator who knows who attended and
 * when forms came back must not be able to tell whose answers are whose.
 */

/** The attributes that could single a respondent out, from the most useful to keep. */
export const PROFILE_ATTRIBUTES = [
  "programme",
  "subregion",
  "sector",
  "formVersion",
  "receivedOn",
] as const;

export type ProfileAttribute = (typeof PROFILE_ATTRIBUTES)[number];
export type Profile = Record<ProfileAttribute, string | number>;
/** A profile as shown: null where an attribute is withheld. */
export type ShownProfile = { [A in ProfileAttribute]: Profile[A] | null };

/** How many of a visit's responses have one profile. */
export interface ProfileGroup {
  profile: Profile;
  n: number;
}

export function profileKey(profile: Profile): string {
  return JSON.stringify(PROFILE_ATTRIBUTES.map((a) => profile[a]));
}

/**
 * k-anonymity over one visit's responses: for every profile that occurs, which attributes to
 * show, so that each response shares what it shows (withheld ones included) with at least k−1
 * other responses of the visit, and no attribute is shown that a group of fewer than k share.
 *
 * Attribute by attribute, within each group the attributes before it left: a value fewer than k
 * share is withheld; while the withheld ones number 1…k−1 (so that "withheld" would itself
 * single them out) the smallest value still shown is withheld too. Every group that comes out
 * has k or more responses. A visit with fewer than k responses shows no attribute at all.
 * Returns the shown profile by `profileKey`.
 */
export function shownProfiles(groups: ProfileGroup[], k: number): Map<string, ShownProfile> {
  const shown = new Map<string, ShownProfile>();
  const visit = sumOf(groups);
  const split = (members: ProfileGroup[], depth: number, kept: Partial<ShownProfile>) => {
    const attribute = PROFILE_ATTRIBUTES[depth];
    if (attribute === undefined || visit < k) {
      for (const { profile } of members) shown.set(profileKey(profile), withheldRest(kept));
      return;
    }
    const byValue = new Map<string | number, ProfileGroup[]>();
    for (const group of members) {
      const value = group.profile[attribute];
      byValue.set(value, [...(byValue.get(value) ?? []), group]);
    }
    // Smallest first; ties in a fixed order, so that the same data always shows the same.
    const values = [...byValue.entries()]
      .map(([value, inValue]) => ({ value, inValue, n: sumOf(inValue) }))
      .sort((a, b) => a.n - b.n || String(a.value).localeCompare(String(b.value)));
    let withheld = 0;
    let next = 0;
    while (next < values.length && (values[next]!.n < k || (withheld > 0 && withheld < k))) {
      withheld += values[next++]!.n;
    }
    const hidden = values.slice(0, next).flatMap((v) => v.inValue);
    if (hidden.length > 0) split(hidden, depth + 1, { ...kept, [attribute]: null });
    for (const { value, inValue } of values.slice(next)) {
      split(inValue, depth + 1, { ...kept, [attribute]: value });
    }
  };
  split(groups, 0, {});
  return shown;
}

function withheldRest(kept: Partial<ShownProfile>): ShownProfile {
  return Object.fromEntries(PROFILE_ATTRIBUTES.map((a) => [a, kept[a] ?? null])) as ShownProfile;
}

function sumOf(groups: ProfileGroup[]): number {
  return groups.reduce((sum, g) => sum + g.n, 0);
}
