import { createServer, type Server } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  attendedVisit,
  feedbackDb,
  ISSUE,
  type IssueData,
  issueInvitations,
  SUBMIT,
  tokenOf,
  validAnswers,
} from "../support/feedback.js";
import { startTestSmtp, type TestSmtp, unfolded } from "../support/smtp.js";
import { codeOf, Role, startTestSystem, type TestSystem } from "../support/system.js";
import { organiserDay, register } from "../support/visits.js";

const COUNTS = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      id
      invitationCount
      responseCount
    }
  }
`;

const INVITATIONS = /* GraphQL */ `
  query ($id: ID!) {
    visit(id: $id) {
      invitations {
        registrationId
        mailStatus
        used
        createdAt
        renewedAt
      }
    }
  }
`;

type InvitationsData = {
  visit: {
    invitations:
      | {
          registrationId: string;
          mailStatus: string;
          used: boolean;
          createdAt: string;
          renewedAt: string | null;
        }[]
      | null;
  };
};

const RENEW = /* GraphQL */ `
  mutation ($visitId: ID!) {
    renewInvitationLinks(visitId: $visitId) {
      registrationId
      link
      emailed
    }
  }
`;

type RenewData = {
  renewInvitationLinks: { registrationId: string; link: string; emailed: boolean }[];
};

const OPENS = /* GraphQL */ `
  query ($token: String!) {
    feedbackForm(token: $token) {
      alreadySubmitted
    }
  }
`;

describe("issueInvitations without SMTP", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.close());

  it("gives each attendee, and nobody else, a printable link and QR code", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 3 });
    const absent = await register(t, visit.visitId, {
      email: `nieobecna.${visit.visitId}@example.pl`,
    });

    // Act
    const result = await t.gql<IssueData>(
      ISSUE,
      { visitId: visit.visitId },
      {
        token: await t.tokenFor(Role.COORDINATOR),
      },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const issued = result.data!.issueInvitations;
    expect(issued).toMatchObject({ issued: 3, alreadyInvited: 0 });
    expect(issued.invitations.map((i) => i.registrationId).sort()).toEqual(
      [...visit.registrationIds].sort(),
    );
    expect(issued.invitations.map((i) => i.registrationId)).not.toContain(absent.registration.id);
    expect(issued.invitations.map((i) => i.email).sort()).toEqual([...visit.emails].sort());
    for (const invitation of issued.invitations) {
      expect(invitation.link).toMatch(/^http:\/\/wizyty\.test\/feedback\/[A-Za-z0-9_-]{43}$/);
      expect(invitation.qrCodeSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(invitation.emailed).toBe(false);
      expect(invitation.name).toMatch(/\S/);
    }
    expect(new Set(issued.invitations.map((i) => i.link)).size).toBe(3);
  });

  it("waits for the visit's first day with VISIT_NOT_STARTED, then invites from that day on", async () => {
    // Arrange: attendance recorded, then the visit moved to tomorrow.
    const visit = await attendedVisit(t, { attendees: 2 });
    const coordinator = await t.tokenFor(Role.COORDINATOR);
    const move = (days: number) =>
      t.gql(
        /* GraphQL */ `
          mutation ($id: ID!, $date: Date!) {
            updateVisit(id: $id, input: { startDate: $date, endDate: $date }) {
              id
            }
          }
        `,
        { id: visit.visitId, date: organiserDay(days) },
        { token: coordinator },
      );
    expect((await move(1)).errors).toBeUndefined();

    // Act
    const early = await t.gql<IssueData>(ISSUE, { visitId: visit.visitId }, { token: coordinator });
    const stored = await feedbackDb(t)
      .collection("invitations")
      .countDocuments({ visitId: visit.visitId });
    expect((await move(0)).errors).toBeUndefined();
    const onTheDay = await t.gql<IssueData>(
      ISSUE,
      { visitId: visit.visitId },
      { token: coordinator },
    );

    // Assert
    expect(codeOf(early)).toBe("CONFLICT");
    expect(early.errors![0]!.extensions!["reason"]).toBe("VISIT_NOT_STARTED");
    expect(early.errors![0]!.message).toContain(organiserDay(1));
    expect(stored).toBe(0);
    expect(onTheDay.errors).toBeUndefined();
    expect(onTheDay.data!.issueInvitations.issued).toBe(2);
  });

  it("invites nobody twice and counts the invitations on the visit", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 2 });
    await issueInvitations(t, visit.visitId);
    const token = await t.tokenFor(Role.ADMIN);

    // Act
    const again = await t.gql<IssueData>(ISSUE, { visitId: visit.visitId }, { token });
    const counts = await t.gql(COUNTS, { id: visit.visitId }, { token });

    // Assert
    expect(again.data?.issueInvitations).toEqual({ issued: 0, alreadyInvited: 2, invitations: [] });
    expect(counts.data).toEqual({
      visit: { id: visit.visitId, invitationCount: 2, responseCount: 0 },
    });
    expect(
      await feedbackDb(t).collection("invitations").countDocuments({ visitId: visit.visitId }),
    ).toBe(2);
  });

  it("stores the invitation's snapshot and only a hash of its token", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1, stops: 3, sectors: ["BUSINESS"] });

    // Act
    const [token] = await issueInvitations(t, visit.visitId);

    // Assert
    const stored = await feedbackDb(t)
      .collection("invitations")
      .findOne({ registrationId: visit.registrationIds[0] });
    expect(stored).toMatchObject({
      visitId: visit.visitId,
      programme: "Koordynacja ekonomii społecznej na Mazowszu",
      subregion: "PL925",
      sector: "BUSINESS",
      stopOrders: [1, 2, 3],
      formVersion: 1,
      usedAt: null,
      submissionHash: null,
    });
    expect(stored!["tokenHash"]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token!);
  });

  it("is for ADMIN and COORDINATOR only", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1 });

    // Act
    const anonymous = await t.gql(ISSUE, { visitId: visit.visitId });
    const analyst = await t.gql(
      ISSUE,
      { visitId: visit.visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const admin = await t.gql(
      ISSUE,
      { visitId: visit.visitId },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(admin.errors).toBeUndefined();
  });

  it("passes on NOT_FOUND for a visit that does not exist", async () => {
    // Act
    const result = await t.gql(
      ISSUE,
      { visitId: "0123456789abcdef01234567" },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(codeOf(result)).toBe("NOT_FOUND");
  });

  it("shows the counts to any staff user and to nobody else", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1 });

    // Act
    const analyst = await t.gql(
      COUNTS,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const anonymous = await t.gql<{ visit: Record<string, unknown> }>(COUNTS, {
      id: visit.visitId,
    });

    // Assert
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data).toEqual({
      visit: { id: visit.visitId, invitationCount: 0, responseCount: 0 },
    });
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    expect(anonymous.data?.visit).toMatchObject({ invitationCount: null, responseCount: null });
  });
});

describe("StudyVisit.invitations and renewInvitationLinks", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.close());

  it("lists each invitation as not e-mailed and unused, with no link or token in the answer", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 2 });
    const tokens = await issueInvitations(t, visit.visitId);

    // Act
    const result = await t.gql<InvitationsData>(
      INVITATIONS,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const invitations = result.data!.visit.invitations!;
    expect(invitations.map((i) => i.registrationId).sort()).toEqual(
      [...visit.registrationIds].sort(),
    );
    for (const invitation of invitations) {
      expect(invitation).toMatchObject({ mailStatus: "NOT_SENT", used: false, renewedAt: null });
      expect(Date.parse(invitation.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    for (const token of tokens) expect(JSON.stringify(result)).not.toContain(token);
  });

  it("marks the invitation whose form was sent as used", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 2 });
    const [token] = await issueInvitations(t, visit.visitId);
    const sent = await t.gql(SUBMIT, {
      token,
      input: validAnswers(),
      submissionId: `sub-${visit.visitId}`,
    });
    expect(sent.errors).toBeUndefined();

    // Act
    const result = await t.gql<InvitationsData>(
      INVITATIONS,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.ADMIN) },
    );

    // Assert
    expect(result.data!.visit.invitations!.map((i) => i.used).sort()).toEqual([false, true]);
  });

  it("is for ADMIN and COORDINATOR: an analyst gets FORBIDDEN and a null list", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 1 });
    await issueInvitations(t, visit.visitId);

    // Act
    const analyst = await t.gql<InvitationsData>(
      INVITATIONS,
      { id: visit.visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );
    const renewing = await t.gql(
      RENEW,
      { visitId: visit.visitId },
      { token: await t.tokenFor(Role.ANALYST) },
    );

    // Assert
    expect(codeOf(analyst)).toBe("FORBIDDEN");
    expect(analyst.data?.visit.invitations).toBeNull();
    expect(codeOf(renewing)).toBe("FORBIDDEN");
  });

  it("renews the links of unused invitations only: the old links stop working, the new ones open", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 3 });
    const old = await issueInvitations(t, visit.visitId);
    const used = await t.gql(SUBMIT, {
      token: old[0],
      input: validAnswers(),
      submissionId: `sub-${visit.visitId}`,
    });
    expect(used.errors).toBeUndefined();
    const coordinator = await t.tokenFor(Role.COORDINATOR);

    // Act
    const renewed = await t.gql<RenewData>(
      RENEW,
      { visitId: visit.visitId },
      { token: coordinator },
    );
    const listed = await t.gql<InvitationsData>(
      INVITATIONS,
      { id: visit.visitId },
      { token: coordinator },
    );

    // Assert
    expect(renewed.errors).toBeUndefined();
    const links = renewed.data!.renewInvitationLinks;
    expect(links).toHaveLength(2);
    for (const token of old.slice(1)) {
      expect(codeOf(await t.gql(OPENS, { token }))).toBe("NOT_FOUND");
    }
    for (const { link, emailed } of links) {
      expect(old).not.toContain(tokenOf(link));
      expect(emailed).toBe(false);
      const opened = await t.gql(OPENS, { token: tokenOf(link) });
      expect(opened.errors).toBeUndefined();
      expect(opened.data).toEqual({ feedbackForm: { alreadySubmitted: false } });
    }
    expect((await t.gql(OPENS, { token: old[0] })).data).toEqual({
      feedbackForm: { alreadySubmitted: true },
    });
    const renewedAt = listed.data!.visit.invitations!.map((i) => i.renewedAt !== null);
    expect(renewedAt.filter(Boolean)).toHaveLength(2);
    expect(
      await feedbackDb(t).collection("invitations").countDocuments({ visitId: visit.visitId }),
    ).toBe(3);
  });
});

describe("issueInvitations when the visits subgraph does not answer", () => {
  let t: TestSystem;
  let closed: Server;
  beforeAll(async () => {
    // A port that was free a moment ago and is closed now: connections are refused.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    t = await startTestSystem({ VISITS_URL: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(() => t?.close());

  it("fails with a plain internal error that reveals nothing of the inside", async () => {
    // Act
    const result = await t.gql(
      /* GraphQL */ `
        mutation {
          issueInvitations(visitId: "0123456789abcdef01234567") {
            issued
          }
        }
      `,
      {},
      { token: await t.tokenFor(Role.COORDINATOR) },
    );

    // Assert
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe("The visits service did not answer; try again later.");
    expect(codeOf(result)).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed|stack/i);
  });
});

describe("issueInvitations with SMTP", () => {
  let t: TestSystem;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestSystem({
      SMTP_URL: smtp.url,
      MAIL_FROM: "MCPS Wizyty <wizyty@mcps.test>",
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("e-mails each invitation with its link and QR code, and keeps the one that bounced", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 3 });
    smtp.undeliverable.add(visit.emails[1]!);

    // Act
    const result = await t.gql<IssueData>(
      ISSUE,
      { visitId: visit.visitId },
      {
        token: await t.tokenFor(Role.COORDINATOR),
      },
    );

    // Assert
    expect(result.errors).toBeUndefined();
    const { invitations } = result.data!.issueInvitations;
    const byEmail = new Map(invitations.map((i) => [i.email, i]));
    expect(byEmail.get(visit.emails[0]!)?.emailed).toBe(true);
    expect(byEmail.get(visit.emails[1]!)?.emailed).toBe(false);
    expect(byEmail.get(visit.emails[2]!)?.emailed).toBe(true);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(
      [visit.emails[0], visit.emails[2]].sort(),
    );
    for (const mail of smtp.received) {
      const text = unfolded(mail);
      expect(text).toContain(byEmail.get(mail.to[0]!)!.link);
      expect(text).toMatch(/^From: MCPS Wizyty <wizyty@mcps\.test>/m);
      expect(text).toMatch(/^Subject: /m);
      expect(text).toMatch(/^Content-Type: image\/png/m);
      expect(text).toMatch(/^Content-ID: <feedback-qr@wizyty>/m);
    }
    const stored = await feedbackDb(t)
      .collection("invitations")
      .countDocuments({ visitId: visit.visitId });
    expect(stored).toBe(3);
  });

  it("keeps each mail's outcome on the invitation, and e-mails renewed links again", async () => {
    // Arrange
    const visit = await attendedVisit(t, { attendees: 2 });
    smtp.undeliverable.add(visit.emails[1]!);
    const coordinator = await t.tokenFor(Role.COORDINATOR);
    await t.gql<IssueData>(ISSUE, { visitId: visit.visitId }, { token: coordinator });
    const before = smtp.received.length;

    // Act
    const listed = await t.gql<InvitationsData>(
      INVITATIONS,
      { id: visit.visitId },
      { token: coordinator },
    );
    const renewed = await t.gql<RenewData>(
      RENEW,
      { visitId: visit.visitId },
      { token: coordinator },
    );

    // Assert
    const status = new Map(
      listed.data!.visit.invitations!.map((i) => [i.registrationId, i.mailStatus]),
    );
    expect(status.get(visit.registrationIds[0]!)).toBe("SENT");
    expect(status.get(visit.registrationIds[1]!)).toBe("FAILED");
    expect(renewed.errors).toBeUndefined();
    const again = smtp.received.slice(before);
    expect(again.map((m) => m.to[0])).toEqual([visit.emails[0]]);
    const link = renewed.data!.renewInvitationLinks.find(
      (i) => i.registrationId === visit.registrationIds[0],
    )!;
    expect(unfolded(again[0]!)).toContain(link.link);
  });
});
