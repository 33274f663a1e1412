import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// A token is `tm_<lookupId>_<secret>`: the lookup id finds the row, the secret is checked against
// its SHA-256. A plain hash suffices (no bcrypt) because the secret is 256 random bits, not a
// password a person chose.
const TOKEN_PATTERN = /^tm_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function newToken(): { token: string; lookupId: string; secretHash: string } {
  const lookupId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { token: `tm_${lookupId}_${secret}`, lookupId, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { lookupId: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { lookupId: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
