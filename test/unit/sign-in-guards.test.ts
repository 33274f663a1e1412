import { describe, expect, it } from "vitest";
import { SignInThrottle, credentialBucket } from "@/lib/auth/sign-in-throttle";
import { safeRedirectPath, signInPath } from "@/lib/auth/safe-redirect-path";
import { wantsSecureCookie } from "@/lib/auth/secure-cookie";

describe("sign-in throttle", () => {
  const MINUTE = 60_000;

  it("locks a bucket after 10 failures within 15 minutes, until the oldest of them is 15 minutes old", () => {
    const throttle = new SignInThrottle(10, 15 * MINUTE);
    const buckets = ["address:10.0.0.1", "credential:password"];
    for (let i = 0; i < 9; i++) throttle.recordFailure(buckets, i * MINUTE);
    expect(throttle.lockedForMs(buckets, 9 * MINUTE)).toBe(0);
    throttle.recordFailure(buckets, 9 * MINUTE);
    expect(throttle.lockedForMs(buckets, 9 * MINUTE)).toBe(6 * MINUTE);
    expect(throttle.lockedForMs(["address:10.0.0.2", "credential:key:abc"], 9 * MINUTE)).toBe(0);
    expect(throttle.lockedForMs(["address:10.0.0.2", "credential:password"], 9 * MINUTE)).toBe(6 * MINUTE);
    expect(throttle.lockedForMs(buckets, 15 * MINUTE)).toBe(0);
  });

  it("forgets failures older than the window", () => {
    const throttle = new SignInThrottle(3, 10 * MINUTE);
    throttle.recordFailure(["a"], 0);
    throttle.recordFailure(["a"], 1 * MINUTE);
    throttle.recordFailure(["a"], 11 * MINUTE);
    expect(throttle.lockedForMs(["a"], 11 * MINUTE)).toBe(0);
  });

  it("counts key guesses against the key id they name, everything else against the password", () => {
    expect(credentialBucket(`tm_0123456789abcdef_${"x".repeat(43)}`)).toBe("key:0123456789abcdef");
    expect(credentialBucket("hunter2hunter2")).toBe("password");
  });
});

describe("safeRedirectPath", () => {
  it.each([
    ["/settings", "/settings"],
    ["/models/price/drift?range=7d#top", "/models/price/drift?range=7d#top"],
    ["/\\evil.example", "/"],
    ["\\evil.example", "/"],
    ["//evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["settings", "/"],
    ["", "/"],
    [null, "/"],
  ])("%j → %j", (next, expected) => {
    expect(safeRedirectPath(next)).toBe(expected);
  });
});

describe("wantsSecureCookie", () => {
  it.each([
    ["auto", "https", true],
    ["auto", "https,http", true],
    ["auto", "http", false],
    ["auto", null, false],
    ["1", "http", true],
    ["0", "https", false],
  ] as const)("%s with X-Forwarded-Proto %j → %j", (setting, proto, expected) => {
    expect(wantsSecureCookie(setting, proto)).toBe(expected);
  });
});

describe("signInPath", () => {
  it.each([
    [null, "/login"],
    ["/", "/login"],
    ["/models/a%20b?range=7d", "/login?next=%2Fmodels%2Fa%2520b%3Frange%3D7d"],
    ["//evil.example", "/login"],
  ])("%j → %j", (path, expected) => {
    expect(signInPath(path)).toBe(expected);
  });
});
