import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** The header in which the gateway tells subgraphs whom a request comes from. */
export const CLIENT_ADDRESS_HEADER = "x-wizyty-client-address";

/** The TCP peer of a request, e.g. `203.0.113.7` or `2001:db8::1`. */
export function peerAddress(req: IncomingMessage): string {
  return normaliseAddress(req.socket.remoteAddress ?? "") ?? "unknown";
}

/**
 * The client's address as the gateway sees it. With `trustedProxies` = 0 that is the TCP peer;
 * behind n reverse proxies, each of which appends the address it got the request from to
 * X-Forwarded-For, it is the n-th entry from the right (entries further left are whatever the
 * client chose to send, so they are never believed).
 */
export function clientAddressBehind(req: IncomingMessage, trustedProxies: number): string {
  const peer = peerAddress(req);
  if (trustedProxies === 0) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const entries = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...entries, peer];
  const entry = chain[Math.max(chain.length - 1 - trustedProxies, 0)]!;
  // A proxy we trust wrote something that is no address: count the request against that proxy.
  return normaliseAddress(entry) ?? peer;
}

/**
 * An IP address in one spelling: no port, brackets or zone, IPv4-mapped IPv6 as IPv4;
 * undefined when the text is no address.
 */
export function normaliseAddress(text: string): string | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped) address = mapped;
  return isIP(address) ? address : undefined;
}

/**
 * What per-address limits count by: an IPv4 address, or an IPv6 /64 (providers give each home a
 * /64 or more, so counting single IPv6 addresses would let one client use 2^64 of them).
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

function ipv6Groups(address: string): string[] {
  const groups = (part: string) =>
    part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const [head = "", tail] = address.split("::");
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const gap = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...gap, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
