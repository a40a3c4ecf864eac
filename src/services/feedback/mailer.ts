import type { Transporter } from "nodemailer";
import QRCode from "qrcode";

import { escapeHtml, smtpTransport } from "../../shared/mail.js";

export interface InvitationMail {
  to: string;
  name: string;
  visitTitle: string;
  link: string;
}

/** Sends feedback invitations; rejects when a message could not be handed over. */
export interface Mailer {
  sendInvitation(mail: InvitationMail): Promise<void>;
}

/** The mailer for SMTP_URL. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  return transportMailer(smtpTransport(smtpUrl), from);
}

/** Any nodemailer transport: SMTP in production, `jsonTransport` or a test server in tests. */
export function transportMailer(transport: Transporter, from: string): Mailer {
  return {
    async sendInvitation(mail) {
      const qrPng = await QRCode.toBuffer(mail.link, { type: "png", margin: 2, width: 240 });
      await transport.sendMail({
        from,
        to: { name: mail.name, address: mail.to },
        subject: `Ankieta po wizycie studyjnej / Feedback on the study visit: ${mail.visitTitle}`,
        text: invitationText(mail),
        html: invitationHtml(mail),
        attachments: [{ filename: "ankieta-qr.png", content: qrPng, cid: QR_CID }],
      });
    },
  };
}

const QR_CID = "feedback-qr@wizyty";

export function invitationText({ name, visitTitle, link }: InvitationMail): string {
  return [
    `Dzień dobry ${name},`,
    "",
    `dziękujemy za udział w wizycie „${visitTitle}”. Prosimy o wypełnienie krótkiej, anonimowej ankiety:`,
    link,
    "",
    "Link działa tylko dla Ciebie i tylko raz. Odpowiedzi nie są łączone z Twoim nazwiskiem.",
    "",
    "---",
    "",
    `Hello ${name},`,
    "",
    `thank you for taking part in the visit “${visitTitle}”. Please fill in a short, anonymous feedback form:`,
    link,
    "",
    "The link is yours alone and works once. Your answers are not linked to your name.",
    "",
  ].join("\n");
}

function invitationHtml(mail: InvitationMail): string {
  const name = escapeHtml(mail.name);
  const title = escapeHtml(mail.visitTitle);
  const link = escapeHtml(mail.link);
  const anchor = `<a href="${link}">${link}</a>`;
  return `<!doctype html>
<html lang="pl"><body>
<p>Dzień dobry ${name},</p>
<p>dziękujemy za udział w wizycie „${title}”. Prosimy o wypełnienie krótkiej, anonimowej ankiety: ${anchor}</p>
<p><img src="cid:${QR_CID}" alt="Kod QR z linkiem do ankiety / QR code of the link" width="240" height="240"></p>
<p>Link działa tylko dla Ciebie i tylko raz. Odpowiedzi nie są łączone z Twoim nazwiskiem.</p>
<hr>
<div lang="en">
<p>Hello ${name},</p>
<p>thank you for taking part in the visit “${title}”. Please fill in a short, anonymous feedback form: ${anchor}</p>
<p>The link is yours alone and works once. Your answers are not linked to your name.</p>
</div>
</body></html>
`;
}
