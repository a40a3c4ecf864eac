import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  type InvitationMail,
  type Mailer,
  transportMailer,
} from "../../src/services/feedback/mailer.js";
import {
  CALLER,
  type FeedbackHarness,
  silentLogger,
  startFeedbackServices,
  visitWithAttendees,
} from "../support/feedback-services.js";

interface JsonMessage {
  from: { address: string };
  to: { name: string; address: string }[];
  subject: string;
  text: string;
  html: string;
  attachments: { cid: string; contentType: string; content: string }[];
}

/** nodemailer's jsonTransport behind the Mailer interface, keeping what it would have sent. */
function jsonMailer(): { mailer: Mailer; sent: JsonMessage[] } {
  const transport = createTransport({ jsonTransport: true });
  const sent: JsonMessage[] = [];
  const send = transport.sendMail.bind(transport);
  transport.sendMail = (async (message: object) => {
    const info = await send(message);
    sent.push(JSON.parse(info.message) as JsonMessage);
    return info;
  }) as never;
  return { mailer: transportMailer(transport as never, "Wizyty <wizyty@mcps.test>"), sent };
}

const MAIL: InvitationMail = {
  to: "anna.nowak@example.pl",
  name: "Anna Nowak",
  visitTitle: "Wizyta studyjna w podregionie <siedleckim>",
  link: "http://wizyty.test/feedback/abc",
};

describe("the invitation e-mail", () => {
  it("is in Polish with English below, carries the link and the QR code inline", async () => {
    // Arrange
    const { mailer, sent } = jsonMailer();

    // Act
    await mailer.sendInvitation(MAIL);

    // Assert
    const [message] = sent;
    expect(message!.from.address).toBe("wizyty@mcps.test");
    expect(message!.to).toEqual([{ name: "Anna Nowak", address: "anna.nowak@example.pl" }]);
    expect(message!.subject).toContain("Ankieta po wizycie studyjnej");
    expect(message!.subject).toContain("Feedback on the study visit");
    const polish = message!.text.indexOf("Dzień dobry Anna Nowak");
    const english = message!.text.indexOf("Hello Anna Nowak");
    expect(polish).toBeGreaterThanOrEqual(0);
    expect(english).toBeGreaterThan(polish);
    expect(message!.text.split(MAIL.link)).toHaveLength(3);
    const qr = message!.attachments.find((a) => a.contentType === "image/png")!;
    expect(message!.html).toContain(`src="cid:${qr.cid}"`);
    expect(Buffer.from(qr.content, "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(message!.html).toContain("&lt;siedleckim&gt;");
    expect(message!.html).not.toContain("<siedleckim>");
  });
});

describe("issuing with a mailer", () => {
  let h: FeedbackHarness;
  const delivered: string[] = [];
  const undeliverable = new Set<string>();
  beforeAll(async () => {
    const { mailer } = jsonMailer();
    h = await startFeedbackServices({
      mailer: {
        async sendInvitation(mail) {
          if (undeliverable.has(mail.to)) throw new Error("550 mailbox unavailable");
          await mailer.sendInvitation(mail);
          delivered.push(mail.to);
        },
      },
    });
  });
  afterAll(() => h?.close());

  it("reports which invitations went out and keeps the ones whose e-mail failed", async () => {
    // Arrange
    const visit = h.visits.add(visitWithAttendees(3));
    undeliverable.add(visit.registrations[1]!.participant.email);

    // Act
    const result = await h.services.invitations.issue(visit.id, CALLER);

    // Assert
    expect(result.issued).toBe(3);
    expect(result.invitations.map((i) => i.emailed)).toEqual([true, false, true]);
    // Mails go out concurrently: which ones were delivered matters, not their order.
    expect([...delivered].sort()).toEqual(
      [visit.registrations[0]!, visit.registrations[2]!].map((r) => r.participant.email).sort(),
    );
    expect(await h.models.Invitation.countDocuments({ visitId: visit.id })).toBe(3);
    expect(silentLogger.warnings).toContain("feedback invitation not e-mailed");
    const again = await h.services.invitations.issue(visit.id, CALLER);
    expect(again).toMatchObject({ issued: 0, alreadyInvited: 3 });
  });
});
