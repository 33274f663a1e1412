import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretBoxError } from "@/lib/alerts/destinations/secret-box";
import { signWebhook, verifyWebhook } from "@/lib/alerts/notifications/webhook-signature";
import { isHostAllowed, parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { retryDelayMs } from "@/lib/alerts/notifications/delivery-settings";
import { createHmac, randomBytes } from "node:crypto";

describe("secret box (AES-256-GCM)", () => {
  const key = randomBytes(32);

  it("round-trips, and never stores the plaintext or repeats a ciphertext", () => {
    const a = sealSecret('{"secret":"hunter2-hunter2-hunter2"}', key, "dest-1");
    const b = sealSecret('{"secret":"hunter2-hunter2-hunter2"}', key, "dest-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(openSecret(a, key, "dest-1")).toBe('{"secret":"hunter2-hunter2-hunter2"}');
  });

  it("refuses another key, another row, and a tampered ciphertext", () => {
    const sealed = sealSecret("s3cret", key, "dest-1");
    expect(() => openSecret(sealed, randomBytes(32), "dest-1")).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, key, "dest-2")).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret(`v1:${raw.toString("base64url")}`, key, "dest-1")).toThrow(SecretBoxError);
    expect(() => openSecret("plain", key, "dest-1")).toThrow("unknown secret format");
  });
});

describe("webhook signature", () => {
  const secret = "whsec-0123456789abcdef";
  const body = '{"id":"1","type":"alert.opened"}';

  it("is HMAC-SHA256 over timestamp.body, hex, prefixed v1=", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signWebhook(secret, 1700000000, body)).toBe(`v1=${expected}`);
  });

  it.each([
    ["a fresh, intact request", {}, { ok: true }],
    ["a replay past the tolerance", { nowSeconds: 1700000000 + 301 }, { ok: false, reason: "stale_timestamp" }],
    ["a request from the future", { nowSeconds: 1700000000 - 301 }, { ok: false, reason: "stale_timestamp" }],
    ["a changed body", { body: body.replace("opened", "resolved") }, { ok: false, reason: "bad_signature" }],
    ["a changed timestamp", { timestamp: "1700000001" }, { ok: false, reason: "bad_signature" }],
    ["a wrong secret", { secret: "another-secret-0123" }, { ok: false, reason: "bad_signature" }],
    ["no signature", { signature: null }, { ok: false, reason: "missing_headers" }],
    ["a non-numeric timestamp", { timestamp: "yesterday" }, { ok: false, reason: "missing_headers" }],
  ])("%s", (_what, change, result) => {
    const request = {
      secret,
      body,
      signature: signWebhook(secret, 1700000000, body) as string | null,
      timestamp: "1700000000",
      nowSeconds: 1700000000 + 10,
      ...change,
    };
    expect(verifyWebhook(request)).toEqual(result);
  });
});

// The name half of the destination policy; the addresses these names reach (metadata, loopback)
// are refused separately, at connect time (alerts-address-policy.test.ts).
describe("host allow-list", () => {
  it("allows every name when unset or empty", () => {
    expect(isHostAllowed(parseHostAllowList(undefined), "169.254.169.254")).toBe(true);
    expect(isHostAllowed(parseHostAllowList(" , "), "localhost")).toBe(true);
  });

  it.each([
    ["hooks.slack.com", true],
    ["HOOKS.SLACK.COM", true],
    ["evil-hooks.slack.com", false],
    ["alerts.example.com", true],
    ["a.b.example.com", true],
    ["example.com", false],
    ["notexample.com", false],
    ["10.0.0.5", true],
    ["10.0.0.50", false],
    ["::1", true],
    ["[::1]", true],
    ["127.0.0.1", false],
  ])("%s → %s", (host, allowed) => {
    expect(isHostAllowed(parseHostAllowList("hooks.slack.com, *.example.com, 10.0.0.5, [::1]"), host)).toBe(allowed);
  });
});

describe("retry delay", () => {
  const settings = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

  it("doubles per attempt with equal jitter, up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, settings, () => 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, settings, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, settings, () => 1)).toBe(30 * 60_000);
    expect(retryDelayMs(20, settings, () => 0)).toBe(15 * 60_000);
  });

  it("with the defaults, the attempts span over two hours even at the shortest jitter", () => {
    let total = 0;
    for (let n = 1; n < 15; n++) total += retryDelayMs(n, settings, () => 0);
    expect(total).toBeGreaterThan(2 * 3_600_000);
  });
});
