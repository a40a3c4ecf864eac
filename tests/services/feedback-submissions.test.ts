import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sha256 } from "../../src/shared/secrets.js";
import {
  CALLER,
  type FeedbackHarness,
  startFeedbackServices,
  tokenOf,
  validAnswers,
  visitWithAttendees,
} from "../support/feedback-services.js";

let h: FeedbackHarness;
beforeAll(async () => {
  h = await startFeedbackServices();
});
afterAll(() => h?.close());

/** Issues invitations for a new visit and returns the tokens of its links. */
async function tokensFor(attendees: number, options: { stops?: number; programme?: string } = {}) {
  const visit = h.visits.add(visitWithAttendees(attendees, options));
  const result = await h.services.invitations.issue(visit.id, CALLER);
  return { visit, result, tokens: result.invitations.map((i) => tokenOf(i.link)) };
}

describe("issuing invitations", () => {
  it("gives each attendee a link and a QR code, and stores only the token's hash", async () => {
    // Act
    const { visit, result, tokens } = await tokensFor(3);

    // Assert
    expect(result).toMatchObject({ issued: 3, alreadyInvited: 0 });
    expect(result.invitations.map((i) => i.registrationId)).toEqual(
      visit.registrations.map((r) => r.id),
    );
    for (const [i, invitation] of result.invitations.entries()) {
      expect(invitation.link).toMatch(/^http:\/\/wizyty\.test\/feedback\/[A-Za-z0-9_-]{43}$/);
      expect(invitation.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(invitation.emailed).toBe(false);
      expect(invitation.email).toBe(visit.registrations[i]!.participant.email);
    }
    const stored = await h.models.Invitation.find({ visitId: visit.id }).lean();
    expect(stored.map((s) => s.tokenHash).sort()).toEqual(tokens.map(sha256).sort());
    const raw = JSON.stringify(stored);
    for (const token of tokens) expect(raw).not.toContain(token);
    expect(stored[0]).toMatchObject({
      programme: visit.programme,
      subregion: "PL925",
      sector: "LOCAL_GOVERNMENT",
      stopOrders: [1, 2, 3, 4],
      formVersion: 1,
      usedAt: null,
      submissionHash: null,
    });
  });

  it("invites only attendees who have no invitation yet, also when issued twice at once", async () => {
    // Arrange
    const visit = h.visits.add(visitWithAttendees(4));

    // Act
    const [a, b] = await Promise.all([
      h.services.invitations.issue(visit.id, CALLER),
      h.services.invitations.issue(visit.id, CALLER),
    ]);
    visit.registrations.push({ ...visit.registrations[0]!, id: `${visit.id}-late` });
    const again = await h.services.invitations.issue(visit.id, CALLER);

    // Assert
    expect(a.issued + b.issued).toBe(4);
    expect(again).toMatchObject({ issued: 1, alreadyInvited: 4 });
    expect(again.invitations.map((i) => i.registrationId)).toEqual([`${visit.id}-late`]);
    expect(await h.models.Invitation.countDocuments({ visitId: visit.id })).toBe(5);
  });

  it("uses the programme's latest form for new invitations and keeps old ones on theirs", async () => {
    // Arrange
    const programme = "Program z nową wersją ankiety";
    const { visit, tokens } = await tokensFor(1, { programme });
    const v2 = await h.services.forms.publish({
      programme: visit.programme,
      themes: [
        { theme: "NEEDS", optionCodes: ["NEEDS_FUNDING"] },
        { theme: "SUPPORT", optionCodes: ["SUPPORT_OWES_ADVISORY"] },
        { theme: "STRENGTHENING", optionCodes: ["STRENGTHEN_NETWORKING"] },
      ],
    });

    // Act
    const later = await tokensFor(1, { programme });
    const oldView = await h.services.invitations.view(tokens[0]!);
    const newView = await h.services.invitations.view(later.tokens[0]!);

    // Assert
    expect(oldView.form.version).toBe(v2.version - 1);
    expect(newView.form.id).toBe(v2.id);
  });

  it("refuses a cancelled visit and passes on NOT_FOUND for an unknown one", async () => {
    // Arrange
    const cancelled = h.visits.add(visitWithAttendees(2, { status: "CANCELLED" }));

    // Act
    const refused = await h.services.invitations.issue(cancelled.id, CALLER).catch((e) => e);
    const unknown = await h.services.invitations.issue("no-such-visit", CALLER).catch((e) => e);

    // Assert
    expect(refused).toMatchObject({ extensions: { code: "CONFLICT", reason: "VISIT_CANCELLED" } });
    expect(unknown).toMatchObject({ extensions: { code: "NOT_FOUND" } });
  });
});

describe("opening and submitting", () => {
  it("opens the form without using the link", async () => {
    // Arrange
    const { tokens } = await tokensFor(1, { stops: 3 });

    // Act
    const first = await h.services.invitations.view(tokens[0]!);
    const second = await h.services.invitations.view(tokens[0]!);
    const submitted = await h.services.responses.submit(tokens[0]!, "submission-1", validAnswers());

    // Assert
    expect(first).toMatchObject({ alreadySubmitted: false, stopOrders: [1, 2, 3] });
    expect(second.alreadySubmitted).toBe(false);
    expect(submitted.accepted).toBe(true);
    expect((await h.services.invitations.view(tokens[0]!)).alreadySubmitted).toBe(true);
  });

  it("answers NOT_FOUND for a token it never gave out, whatever its shape", async () => {
    for (const token of ["", "short", "A".repeat(43), "$where", "x".repeat(5000)]) {
      await expect(h.services.invitations.view(token)).rejects.toMatchObject({
        extensions: { code: "NOT_FOUND" },
      });
      await expect(
        h.services.responses.submit(token, "submission-1", validAnswers()),
      ).rejects.toMatchObject({ extensions: { code: "NOT_FOUND" } });
    }
  });

  it("stores the answers anonymously: no token, participant, registration or time", async () => {
    // Arrange
    const { visit, tokens } = await tokensFor(2);

    // Act
    const result = await h.services.responses.submit(tokens[1]!, "submission-anon", validAnswers());

    // Assert
    const docs = await h.store.client
      .db(`${h.database.location.dbName}_feedback`)
      .collection("feedbackResponses")
      .find({ visitId: visit.id })
      .toArray();
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(Object.keys(doc).sort()).toEqual(
      [
        "_id",
        "answers",
        "formId",
        "formVersion",
        "programme",
        "receivedOn",
        // A random number for cell-key perturbation, drawn at submission: nothing about anyone.
        "recordKey",
        "sector",
        "subregion",
        "visitId",
        // The month of the visit's start, which analytics group by; nothing about the person.
        "visitMonth",
      ].sort(),
    );
    expect(doc["_id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc["receivedOn"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc["sector"]).toBe("NGO");
    const raw = JSON.stringify(doc);
    expect(raw).not.toContain(tokens[1]!);
    expect(raw).not.toContain(sha256(tokens[1]!));
    expect(raw).not.toContain(visit.registrations[1]!.id);
    expect(raw).not.toContain("submission-anon");
    expect(raw).not.toContain(sha256("submission-anon"));
    expect(result).toEqual({ accepted: true, receivedOn: doc["receivedOn"], formVersion: 1 });
    const invitation = await h.models.Invitation.findOne({
      registrationId: visit.registrations[1]!.id,
    }).lean();
    expect(invitation).toMatchObject({
      usedAt: doc["receivedOn"],
      submissionHash: sha256("submission-anon"),
    });
    expect(Object.values(invitation!).map(String)).not.toContain(doc["_id"]);
  });

  it("stores exactly one response when 50 submissions race for one link", async () => {
    // Arrange
    const { visit, tokens } = await tokensFor(1);

    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        h.services.responses.submit(tokens[0]!, `racing-submission-${i}`, validAnswers()),
      ),
    );

    // Assert
    const accepted = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const error of refused) {
      expect(error).toMatchObject({ extensions: { code: "CONFLICT", reason: "ALREADY_USED" } });
    }
    expect(await h.models.FeedbackResponse.countDocuments({ visitId: visit.id })).toBe(1);
  });

  it("answers 50 repeats of one submission alike and stores it once", async () => {
    // Arrange
    const { visit, tokens } = await tokensFor(1);

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.services.responses.submit(tokens[0]!, "one-submission-id", validAnswers()),
      ),
    );
    const later = await h.services.responses.submit(
      tokens[0]!,
      "one-submission-id",
      validAnswers(),
    );

    // Assert
    for (const result of [...results, later]) expect(result).toEqual(results[0]);
    expect(results[0]).toMatchObject({ accepted: true, formVersion: 1 });
    expect(await h.models.FeedbackResponse.countDocuments({ visitId: visit.id })).toBe(1);
  });

  it("refuses another submission on a used link with CONFLICT ALREADY_USED", async () => {
    // Arrange
    const { tokens } = await tokensFor(1);
    await h.services.responses.submit(tokens[0]!, "first-submission", validAnswers());

    // Act
    const second = h.services.responses.submit(tokens[0]!, "second-submission", validAnswers());

    // Assert
    await expect(second).rejects.toMatchObject({
      extensions: { code: "CONFLICT", reason: "ALREADY_USED" },
    });
  });

  it("writes nothing when the answers are refused", async () => {
    // Arrange
    const { visit, tokens } = await tokensFor(1, { stops: 2 });

    // Act
    const refused = h.services.responses.submit(
      tokens[0]!,
      "bad-submission",
      validAnswers({ stopRatings: [{ order: 3, rating: 4 }] }),
    );

    // Assert
    await expect(refused).rejects.toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "input.stopRatings[0].order" },
    });
    expect(await h.models.FeedbackResponse.countDocuments({ visitId: visit.id })).toBe(0);
    expect((await h.services.invitations.view(tokens[0]!)).alreadySubmitted).toBe(false);
  });

  it.each([["short"], ["x".repeat(101)], ["with space"], [""]])(
    "refuses submissionId %j",
    async (submissionId) => {
      const { tokens } = await tokensFor(1);
      await expect(
        h.services.responses.submit(tokens[0]!, submissionId, validAnswers()),
      ).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "submissionId" } });
    },
  );

  it("counts invitations and responses of several visits at once, as a recount of them does", async () => {
    // Arrange: submissions to two visits, then an erasure.
    const a = await tokensFor(3);
    const b = await tokensFor(2);
    await h.services.responses.submit(a.tokens[0]!, "count-submission-1", validAnswers());
    await h.services.responses.submit(a.tokens[1]!, "count-submission-2", validAnswers());
    await h.services.responses.submit(b.tokens[0]!, "count-submission-3", validAnswers());
    const [erased] = await h.models.FeedbackResponse.find({ visitId: b.visit.id }).lean();
    expect(await h.services.responses.erase(erased!._id)).toBe(true);
    const ids = [a.visit.id, b.visit.id, "none"];

    // Act
    const counts = await h.services.rollups.countsOfVisits(ids);

    // Assert
    // With, for the perturbed counts analysts see, the sums of the records' keys.
    const keys = (docs: { recordKey?: number }[]) => docs.reduce((s, d) => s + d.recordKey!, 0);
    const recount = await Promise.all(
      ids.map(async (visitId) => ({
        responses: await h.models.FeedbackResponse.countDocuments({ visitId }),
        invitations: await h.models.Invitation.countDocuments({ visitId }),
        responsesKey: keys(await h.models.FeedbackResponse.find({ visitId }).lean()),
        invitationsKey: keys(await h.models.Invitation.find({ visitId }).lean()),
      })),
    );
    expect(counts).toEqual(recount);
    expect(counts.map(({ responses, invitations }) => ({ responses, invitations }))).toEqual([
      { responses: 2, invitations: 3 },
      { responses: 0, invitations: 2 },
      { responses: 0, invitations: 0 },
    ]);
  });

  it("counts a page of visits from the visit rollups through their index, whatever else was received", async () => {
    // Arrange: the two visits' rollups among 2,000 of other visits.
    const a = await tokensFor(3);
    const b = await tokensFor(2);
    await h.services.responses.submit(a.tokens[0]!, "indexed-count-1", validAnswers());
    const others = Array.from({ length: 2000 }, (_, i) => ({
      visitId: `other-visit-${i}`,
      sector: "NGO",
      subregion: "PL925",
      programme: "KES",
      month: "2024-05",
      responses: 1,
      invitations: 1,
    }));
    await h.models.VisitFeedbackRollup.collection.insertMany(others);
    const examined = async () => {
      const status = await h.store.db.admin().command({ serverStatus: 1 });
      return Number(status.metrics.queryExecutor.scannedObjects);
    };
    const rollupsOfPage = await h.models.VisitFeedbackRollup.collection.countDocuments({
      visitId: { $in: [a.visit.id, b.visit.id] },
    });
    const before = await examined();

    // Act
    const counts = (await h.services.rollups.countsOfVisits([a.visit.id, b.visit.id])).map(
      ({ responses, invitations }) => ({ responses, invitations }),
    );

    // Assert: documents examined are the page's own rollups (a scan would examine thousands).
    const after = await examined();
    expect(counts).toEqual([
      { responses: 1, invitations: 3 },
      { responses: 0, invitations: 2 },
    ]);
    expect(after - before).toBeLessThanOrEqual(rollupsOfPage);
  });
});
