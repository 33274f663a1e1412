import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures. The sender signs `${timestamp}.${body}` with HMAC-SHA256 under the
 * destination's secret and sends
 *   X-Tidemark-Timestamp: <unix seconds>
 *   X-Tidemark-Signature: v1=<hex digest>
 * A receiver recomputes the digest over the raw body, compares in constant time, and rejects a
 * timestamp outside its tolerance: a captured request replayed later fails, because changing the
 * timestamp breaks the signature. Within the tolerance, a replay carries an event id
 * (X-Tidemark-Event-Id) the receiver has already seen.
 */

export const SIGNATURE_HEADER = "x-tidemark-signature";
export const TIMESTAMP_HEADER = "x-tidemark-timestamp";
export const EVENT_ID_HEADER = "x-tidemark-event-id";
export const DEFAULT_TOLERANCE_S = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: "missing_headers" | "bad_signature" | "stale_timestamp" };

/** What a receiver does; exported for receivers written in TypeScript and for the tests. */
export function verifyWebhook(options: {
  secret: string;
  body: string;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const { signature, timestamp } = options;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: "missing_headers" };
  const expected = Buffer.from(signWebhook(options.secret, Number(timestamp), options.body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "bad_signature" };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_S))
    return { ok: false, reason: "stale_timestamp" };
  return { ok: true };
}
