import type { Transporter } from "nodemailer";

import { escapeHtml, smtpTransport } from "../../shared/mail.js";

export interface VisitCancelledMail {
  to: string;
  name: string;
  visitTitle: string;
  startDate: string;
}

/** Tells registered people about their visits; rejects when a message could not be handed over. */
export interface VisitsMailer {
  sendVisitCancelled(mail: VisitCancelledMail): Promise<void>;
}

/** The mailer for SMTP_URL. */
export function smtpVisitsMailer(smtpUrl: string, from: string): VisitsMailer {
  return transportVisitsMailer(smtpTransport(smtpUrl), from);
}

/** Any nodemailer transport: SMTP in production, a test server in tests. */
export function transportVisitsMailer(transport: Transporter, from: string): VisitsMailer {
  return {
    async sendVisitCancelled(mail) {
      await transport.sendMail({
        from,
        to: { name: mail.name, address: mail.to },
        subject: `Wizyta studyjna odwołana / Study visit cancelled: ${mail.visitTitle}`,
        text: cancelledText(mail),
        html: cancelledHtml(mail),
      });
    },
  };
}

function cancelledParagraphs({ name, visitTitle, startDate }: VisitCancelledMail) {
  return {
    pl: [
      `Dzień dobry ${name},`,
      `wizyta studyjna „${visitTitle}” zaplanowana na ${startDate} została odwołana. Twoja rejestracja została anulowana; nie musisz nic robić.`,
    ],
    en: [
      `Hello ${name},`,
      `the study visit “${visitTitle}” planned for ${startDate} has been cancelled. Your registration has been cancelled; there is nothing you need to do.`,
    ],
  };
}

export function cancelledText(mail: VisitCancelledMail): string {
  const { pl, en } = cancelledParagraphs(mail);
  return [...pl.flatMap((p) => [p, ""]), "---", "", ...en.flatMap((p) => [p, ""])].join("\n");
}

function cancelledHtml(mail: VisitCancelledMail): string {
  const { pl, en } = cancelledParagraphs(mail);
  const paragraphs = (texts: string[]) => texts.map((t) => `<p>${escapeHtml(t)}</p>`).join("\n");
  return `<!doctype html>
<html lang="pl"><body>
${paragraphs(pl)}
<hr>
<div lang="en">
${paragraphs(en)}
</div>
</body></html>
`;
}
