import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/people/password-hash";

// RFC 7914 §12, third vector: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64). PBKDF2's
// output blocks are independent, so the first 32 bytes are scrypt's answer for dkLen=32, the length
// stored here.
const RFC7914_FIRST_32 = "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162";

describe("password hashing (scrypt)", () => {
  it("derives RFC 7914's test vector", async () => {
    const stored = [
      "scrypt",
      10,
      8,
      16,
      Buffer.from("NaCl").toString("base64url"),
      Buffer.from(RFC7914_FIRST_32, "hex").toString("base64url"),
    ].join("$");
    expect(await verifyPassword("password", stored)).toBe(true);
    expect(await verifyPassword("Password", stored)).toBe(false);
  });

  it("salts each hash, verifies the right password only, and refuses stored values it did not write", async () => {
    const one = await hashPassword("correct horse battery staple");
    const two = await hashPassword("correct horse battery staple");
    expect(one).not.toBe(two);
    expect(one).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("correct horse battery staple", one)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", one)).toBe(false);
    for (const bad of ["", "bcrypt$x", one.replace("scrypt$15", "scrypt$40"), one.slice(0, -2), "scrypt$15$8$1$$"])
      expect(await verifyPassword("correct horse battery staple", bad)).toBe(false);
  });
});
