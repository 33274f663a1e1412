import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest. The associated data binds a ciphertext to its row (the
 * destination id), so copying one destination's secrets onto another fails to decrypt instead of
 * sending them somewhere else. Format: "v1:" + base64url(iv ‖ tag ‖ ciphertext).
 */

const PREFIX = "v1:";

export function sealSecret(plaintext: string, key: Buffer, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export class SecretBoxError extends Error {}

export function openSecret(sealed: string, key: Buffer, associatedData: string): string {
  if (!sealed.startsWith(PREFIX)) throw new SecretBoxError("unknown secret format");
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  if (raw.length < 28) throw new SecretBoxError("secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("secret does not decrypt with this key (was TIDEMARK_SECRET_KEY changed?)");
  }
}
