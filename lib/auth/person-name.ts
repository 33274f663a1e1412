import { z } from "zod";

// Until people have accounts, the shared admin password says nothing about who used it; the name
// typed at sign-in rides on the session's subject as a suffix: `password:admin/Ada Lovelace`. The
// subject before the slash stays what it always was, so rows written before names existed read the
// same, an actor filter on `password:admin` still finds every row, and the ~20 places that record
// an actor keep taking one string.
// The name is self-declared: it tells colleagues apart, it does not authenticate anyone.

export const personNameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name, so the audit trail can say who made a change")
  .max(60, "Your name must be at most 60 characters")
  .regex(/^[\p{L}\p{M}\p{N} .,'’-]+$/u, "Your name may hold letters, digits, spaces and . , ' - only");

/** A password session's subject with the name given; a key already says whose it is, so its subject stays the key. */
export function sessionSubject(signedIn: { subject: string; apiKeyId: string | null }, name: string | undefined): string {
  return name && signedIn.apiKeyId === null ? `${signedIn.subject}/${name}` : signedIn.subject;
}
