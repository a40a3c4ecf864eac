import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rebuildFeedbackRollups } from "../../src/services/feedback/analytics-rollup.service.js";
import { PTABLE } from "../../src/shared/perturbation.js";
import {
  CALLER,
  type FeedbackHarness,
  startFeedbackServices,
  tokenOf,
  validAnswers,
  visitWithAttendees,
} from "../support/feedback-services.js";
import { NO_NOISE } from "../support/ptable.js";

// The feedback rollups (K = 5 in the harness): kept in the transaction of every accepted
// response, issued invitation and erasure; bounded by the key space; equal to a rebuild.
let h: FeedbackHarness;
beforeAll(async () => {
  // Exact sums checked by hand: no noise (the perturbation has tests of its own).
  h = await startFeedbackServices({ ptable: NO_NOISE });
});
afterAll(() => h?.close());

const shown = (value: number) => ({ value, suppressed: false });

/** A visit of `attendees` people (alternately local government and NGO) with invitations. */
async function invitedVisit(
  attendees: number,
  options: { programme?: string; startDate?: string; subregion?: string } = {},
) {
  const visit = visitWithAttendees(attendees, { stops: 2, programme: options.programme });
  if (options.startDate) visit.startDate = options.startDate;
  if (options.subregion) visit.subregion = { code: options.subregion };
  h.visits.add(visit);
  const issued = await h.services.invitations.issue(visit.id, CALLER);
  return { visit, tokens: issued.invitations.map((i) => tokenOf(i.link)) };
}

async function snapshot() {
  const read = async (
    model: typeof h.models.FeedbackRollup | typeof h.models.VisitFeedbackRollup,
  ) =>
    (await model.collection.find({}, { projection: { _id: 0 } }).toArray())
      .map((doc) => JSON.stringify(withoutZeros(doc)))
      .sort();
  return {
    area: await read(h.models.FeedbackRollup),
    visit: await read(h.models.VisitFeedbackRollup),
  };
}

/** Keys sorted, counters that went back to 0 dropped (an erasure leaves them; a rebuild doesn't). */
function withoutZeros(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([k, v]): [string, unknown] => [k, withoutZeros(v)])
    .filter(([, v]) => v !== 0 && !(v && typeof v === "object" && Object.keys(v).length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries);
}

describe("feedback rollups", () => {
  it("count responses and invitations per cell, in as many documents as cells, not responses", async () => {
    // Arrange
    const programme = "Program: rollupy";
    const { visit, tokens } = await invitedVisit(30, { programme, startDate: "2023-11-20" });

    // Act
    for (const [i, token] of tokens.entries()) {
      const themes = [
        { theme: "NEEDS", optionCodes: i < 20 ? ["NEEDS_FUNDING"] : [], otherText: null },
        { theme: "SUPPORT", optionCodes: [], otherText: i === 0 ? "Księgowość" : null },
      ];
      await h.services.responses.submit(token, `rollups-${i}`, validAnswers({ themes }));
    }

    // Assert: 2 sectors × (the month and the year) area documents, 2 visit documents.
    const area = await h.models.FeedbackRollup.find({ programme }).lean();
    expect(area.map((d) => `${d.grain} ${d.period} ${d.sector}`).sort()).toEqual([
      "month 2023-11 LOCAL_GOVERNMENT",
      "month 2023-11 NGO",
      "year 2023 LOCAL_GOVERNMENT",
      "year 2023 NGO",
    ]);
    const ngo = area.find((d) => d.grain === "month" && d.sector === "NGO")!;
    expect(ngo).toMatchObject({
      subregion: "PL925",
      responses: 15,
      invitations: 15,
      overall: { sum: 75, count: 15, h: { 5: 15 } },
      organisation: { sum: 60, count: 15, h: { 4: 15 } },
      recommend: { 9: 15 },
      cooperation: { YES: 15 },
    });
    // validAnswers picks NEEDS_FUNDING for the first 20 (10 of them NGO); the form offers all.
    expect(ngo.themes["NEEDS"]).toMatchObject({ chosen: { NEEDS_FUNDING: 10 } });
    expect(ngo.themes["NEEDS"].offered.NEEDS_PREMISES).toBe(15);
    // The one "other" answer came from respondent 0, local government; its text is not kept.
    const localGovernment = area.find((d) => d.grain === "month" && d.sector !== "NGO")!;
    expect(localGovernment.themes["SUPPORT"].other).toBe(1);
    expect(JSON.stringify(area)).not.toContain("Księgowość");
    const visits = await h.models.VisitFeedbackRollup.find({ visitId: visit.id }).lean();
    expect(visits).toHaveLength(2);
    expect(visits.find((d) => d.sector === "NGO")).toMatchObject({
      subregion: "PL925",
      programme,
      month: "2023-11",
      responses: 15,
      stops: { 1: { sum: 75, count: 15 }, 2: { sum: 45, count: 15, h: { 3: 15 } } },
    });
  });

  it("take shares of an option out of the respondents whose form version offered it", async () => {
    // Arrange: 10 answer version 1 (every option), 10 version 2 (two NEEDS options only).
    const programme = "Program: dwie wersje ankiety";
    const v1 = await invitedVisit(10, { programme });
    for (const [i, token] of v1.tokens.entries()) {
      const needs = [
        ...(i < 6 ? ["NEEDS_STAFF_COMPETENCE"] : []),
        ...(i < 5 ? ["NEEDS_FUNDING"] : []),
      ];
      await h.services.responses.submit(
        token,
        `version-1-${i}`,
        validAnswers({ themes: [{ theme: "NEEDS", optionCodes: needs }] }),
      );
    }
    await h.services.forms.publish({
      programme,
      themes: [
        { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING", "NEEDS_PREMISES"] },
        { theme: "SUPPORT", optionCodes: ["SUPPORT_OWES_ADVISORY"] },
        { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING"] },
      ],
    });
    const v2 = await invitedVisit(10, { programme });
    for (const [i, token] of v2.tokens.entries()) {
      const needs = ["NEEDS_FUNDING", ...(i < 5 ? ["NEEDS_PREMISES"] : [])];
      await h.services.responses.submit(
        token,
        `version-2-${i}`,
        validAnswers({ themes: [{ theme: "NEEDS", optionCodes: needs }] }),
      );
    }

    // Act
    const overview = await h.services.analytics.overview({ programme });

    // Assert
    const option = (code: string) =>
      overview.themes.find((t) => t.theme === "NEEDS")!.options.find((o) => o.code === code)!;
    expect(overview.responses).toEqual(shown(20));
    // Offered to all 20: 5 + 10 chose it.
    expect(option("NEEDS_FUNDING")).toMatchObject({ count: shown(15), share: shown(15 / 20) });
    // Offered only by version 1, to 10: 6 of them, not 6 of 20.
    expect(option("NEEDS_STAFF_COMPETENCE")).toMatchObject({
      count: shown(6),
      share: shown(6 / 10),
    });
    // Offered to all 20 (version 1 offered every option), chosen by 5 on version 2.
    expect(option("NEEDS_PREMISES")).toMatchObject({ count: shown(5), share: shown(5 / 20) });
    // Offered by version 1 only and chosen by nobody: 0 of 10.
    expect(option("NEEDS_MARKET_ACCESS")).toMatchObject({ count: shown(0), share: shown(0) });
  });

  it("count a link used by many submissions at once as one response, and a refused one not at all", async () => {
    // Arrange
    const programme = "Program: wyścig";
    const { tokens } = await invitedVisit(1, { programme });

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        h.services.responses.submit(tokens[0]!, `racing-${i}`, validAnswers()),
      ),
    );
    const invalid = await h.services.responses
      .submit(tokens[0]!, "racing-invalid", validAnswers({ recommend: 11 }))
      .catch((e: unknown) => e);

    // Assert
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(invalid).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    const docs = await h.models.FeedbackRollup.find({ programme }).lean();
    expect(docs.map((d) => d.responses)).toEqual([1, 1]);
  });

  it("take an erased response out of every rollup, and equal a rebuild from the raw data afterwards", async () => {
    // Arrange: the data of the tests above, plus one erasure.
    const programme = "Program: usunięcie";
    const { visit, tokens } = await invitedVisit(6, { programme, startDate: "2022-02-01" });
    for (const [i, token] of tokens.entries()) {
      await h.services.responses.submit(token, `erasure-${i}`, validAnswers({ recommend: i }));
    }
    const [victim] = await h.models.FeedbackResponse.find({ visitId: visit.id }).lean();

    // Act
    const erased = await h.services.responses.erase(victim!._id);
    const again = await h.services.responses.erase(victim!._id);
    const incremental = await snapshot();
    const progress: [number, number][] = [];
    const counted = await rebuildFeedbackRollups(h.models, (done, total) =>
      progress.push([done, total]),
    );

    // Assert
    expect([erased, again]).toEqual([true, false]);
    const overview = await h.services.analytics.overview({ visitId: visit.id });
    expect(overview.responses).toEqual(shown(5));
    expect(overview.invitationsIssued).toEqual(shown(6));
    const responses = await h.models.FeedbackResponse.countDocuments();
    expect(counted.responses).toBe(responses);
    expect(counted.invitations).toBe(await h.models.Invitation.countDocuments());
    expect(progress[0]).toEqual([0, responses]);
    expect(progress.at(-1)).toEqual([responses, responses]);
    expect(await snapshot()).toEqual(incremental);
  });

  it("give records stored before record keys a key on rebuild, once, and sum the keys", async () => {
    // Arrange: responses and invitations as an older version stored them, without keys.
    const { visit, tokens } = await invitedVisit(5, {
      programme: "Program: klucze",
      startDate: "2020-05-04",
    });
    for (const [i, token] of tokens.entries()) {
      await h.services.responses.submit(token, `legacy-${i}`, validAnswers());
    }
    for (const model of [h.models.FeedbackResponse, h.models.Invitation]) {
      await model.collection.updateMany({ visitId: visit.id }, { $unset: { recordKey: "" } });
    }

    // Act
    await rebuildFeedbackRollups(h.models);
    const first = await h.models.FeedbackResponse.find({ visitId: visit.id }).lean();
    await rebuildFeedbackRollups(h.models);
    const second = await h.models.FeedbackResponse.find({ visitId: visit.id }).lean();

    // Assert
    const keys = first.map((r) => r.recordKey);
    expect(keys.every((k) => Number.isInteger(k) && k >= 0 && k < PTABLE.keyRange)).toBe(true);
    expect(second.map((r) => r.recordKey)).toEqual(keys);
    // One visit rollup per sector: their key sums add up to the records' keys.
    const rollups = await h.models.VisitFeedbackRollup.find({ visitId: visit.id }).lean();
    const kept = (path: "responses" | "invitations") =>
      rollups.reduce((s, r) => s + (r.keys as Record<string, number>)[path]!, 0);
    const invitations = await h.models.Invitation.find({ visitId: visit.id }).lean();
    expect(kept("responses")).toBe(keys.reduce((s, k) => s + k, 0));
    expect(kept("invitations")).toBe(invitations.reduce((s, i) => s + i.recordKey, 0));
  });

  it("let a visit filter combine with the others", async () => {
    // Arrange
    const programme = "Program: filtr wizyty";
    const { visit, tokens } = await invitedVisit(6, {
      programme,
      startDate: "2021-03-15",
      subregion: "PL921",
    });
    for (const [i, token] of tokens.entries()) {
      await h.services.responses.submit(token, `filter-${i}`, validAnswers());
    }

    // Act
    const own = await h.services.analytics.overview({ visitId: visit.id, subregions: ["PL921"] });
    const elsewhere = await h.services.analytics.overview({
      visitId: visit.id,
      subregions: ["PL925"],
    });
    const later = await h.services.analytics.overview({ visitId: visit.id, from: "2021-04" });
    const otherProgramme = await h.services.analytics.overview({
      visitId: visit.id,
      programme: "Inny program",
    });
    const trend = await h.services.analytics.trend("RESPONSES", "QUARTER", { visitId: visit.id });

    // Assert
    expect(own.responses).toEqual(shown(6));
    expect(elsewhere.responses).toEqual(shown(0));
    expect(later.responses).toEqual(shown(0));
    expect(otherProgramme.responses).toEqual(shown(0));
    expect(trend).toEqual([{ period: "2021-Q1", value: shown(6), base: shown(6) }]);
  });
});
