import type { IncomingMessage } from "node:http";

import { describe, expect, it } from "vitest";

import { addressKey, clientAddressBehind } from "../../src/shared/client-address.js";

// What node:http hands over: the TCP peer and the headers, nothing else is read.
function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  } as unknown as IncomingMessage;
}

describe("clientAddressBehind", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY says a proxy is in front", () => {
    // Arrange
    const req = request("203.0.113.9", "198.51.100.1");

    // Act
    const address = clientAddressBehind(req, 0);

    // Assert
    expect(address).toBe("203.0.113.9");
  });

  it.each([
    [1, "198.51.100.7, 203.0.113.5", "203.0.113.5"],
    [2, "198.51.100.7, 203.0.113.5", "198.51.100.7"],
    [2, "203.0.113.5", "203.0.113.5"],
    [1, undefined, "10.0.0.2"],
    [1, "not-an-address", "10.0.0.2"],
    [1, "[2001:db8::7]:4711", "2001:db8::7"],
    [1, "203.0.113.5:4711", "203.0.113.5"],
  ])("behind %i proxies, X-Forwarded-For %j names %s", (proxies, forwardedFor, expected) => {
    // Arrange
    const req = request("::ffff:10.0.0.2", forwardedFor);

    // Act
    const address = clientAddressBehind(req, proxies);

    // Assert
    expect(address).toBe(expected);
  });
});

describe("addressKey", () => {
  it.each([
    ["203.0.113.5", "203.0.113.5"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("counts %s as %s", (address, key) => {
    // Act
    const counted = addressKey(address);

    // Assert
    expect(counted).toBe(key);
  });
});
