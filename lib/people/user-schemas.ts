import { z } from "zod";

export const emailSchema = z
  .string({ error: "email is required" })
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be an email address" }))
  .transform((email) => email.toLowerCase());

export const displayNameSchema = z
  .string({ error: "display name is required" })
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(/^[^\p{C}]+$/u, "must not hold control characters");

// Length over composition rules (NIST SP 800-63B): at least 12 characters, at most 256 so a hash
// request cannot be made arbitrarily expensive.
export const passwordSchema = z
  .string({ error: "password is required" })
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters");
