import { timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { authenticate, callerActor } from "./authenticate";
import type { SessionRole } from "./session-store";

export type SignInSubject = { subject: string; apiKeyId: string | null; role: SessionRole };

/** Checks an API key (scope admin, else read) or the configured admin password. */
export async function verifyCredential(
  prisma: PrismaClient,
  credential: string,
  adminPassword: string | undefined,
): Promise<SignInSubject | null> {
  if (
    adminPassword &&
    credential.length === adminPassword.length &&
    timingSafeEqual(Buffer.from(credential), Buffer.from(adminPassword))
  ) {
    return { subject: "password:admin", apiKeyId: null, role: "admin" };
  }
  for (const role of ["admin", "read"] as const) {
    try {
      const caller = await authenticate(prisma, `Bearer ${credential}`, role);
      return { subject: callerActor(caller), apiKeyId: caller.keyId, role };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "unauthorized") return null;
    }
  }
  return null;
}
