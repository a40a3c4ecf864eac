// A real SMTP server on a loopback port that keeps what it receives, for the mail tests.
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Recipients refused with 550, as a mailbox that does not exist would be. */
  undeliverable: Set<string>;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const undeliverable = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (undeliverable.has(address.address)) {
        callback(new Error("550 5.1.1 mailbox unavailable"));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    undeliverable,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A message's text with quoted-printable soft line breaks joined, for `toContain`. */
export function unfolded(mail: ReceivedMail): string {
  return mail.raw.replace(/=\r\n/g, "");
}
