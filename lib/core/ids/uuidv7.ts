import { createHash, randomBytes } from "node:crypto";

/**
 * RFC 9562 UUIDv7: 48-bit millisecond timestamp first, so ids sort by time and a lookup by id can
 * derive the day partition of the prediction log it lives in.
 */
export function uuidv7(now = Date.now()): string {
  return format(randomBytes(16), now);
}

/**
 * A UUIDv7 for `time` whose other bits come from hashing `key`: the same event delivered twice
 * gets the same id, so storing it again is recognised as a duplicate.
 */
export function uuidv7FromKey(time: number, key: string): string {
  return format(createHash("sha256").update(key).digest().subarray(0, 16), time);
}

function format(bytes: Buffer, now: number): string {
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function uuidv7Time(id: string): Date | null {
  if (!UUID_V7.test(id)) return null;
  return new Date(parseInt(id.replace(/-/g, "").slice(0, 12), 16));
}
