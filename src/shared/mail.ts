import { createTransport, type Transporter } from "nodemailer";

// Short enough that a dead mail server does not hold a coordinator's request for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** Messages sent at once; enough to be quick, few enough not to upset a mail server. */
export const MAIL_CONCURRENCY = 4;

/** The transport for SMTP_URL; each subgraph writes its own messages. */
export function smtpTransport(smtpUrl: string): Transporter {
  return createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** `work` on every item, at most `limit` at a time; results in the order of `items`. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
