import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// Passwords are hashed with scrypt, the memory-hard function in Node's own crypto (OpenSSL's
// implementation): no native add-on to build, maintained with Node. Cost N = 2^15, r = 8, p = 1
// (32 MiB and ~50-100 ms per hash here), the parameters OWASP lists for scrypt. The stored form
// names its parameters, so raising them later leaves old hashes verifiable:
// `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`.
const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG2_N, R, P);
  return ["scrypt", LOG2_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** False for a wrong password and for a stored value this code did not write. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(parts[5], "base64url");
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, Buffer.from(parts[4], "base64url"), logN, r, p);
  return timingSafeEqual(key, expected);
}

// A dummy hash verified when the email is unknown, so an unknown address costs what a known one
// does and sign-in timing does not tell which addresses have accounts.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword("tidemark-dummy-password");
  await verifyPassword(password, await dummy);
}
