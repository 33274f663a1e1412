import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config/load-config";
import { getDatabase } from "@/lib/db/get-database";
import { ApiError } from "@/lib/core/errors";
import { endSession, findActiveSession, openSession, purgeExpiredSessions, type DashboardSession } from "./session-store";
import { credentialBucket, getSignInThrottle } from "./sign-in-throttle";
import { verifyCredential } from "./verify-credential";
import { sessionSubject } from "./person-name";
import { wantsSecureCookie } from "./secure-cookie";
import { REQUEST_PATH_HEADER, signInPath } from "./safe-redirect-path";

export const SESSION_COOKIE = "tidemark_session";
export type { DashboardSession };

// Expired rows are kept a while so Settings and the audit can still name them, then purged.
const KEEP_EXPIRED_MS = 30 * 24 * 3_600_000;

/**
 * The live session of this request, or null. Looked up in the sessions table on every request
 * (once per render: layouts, pages and actions share the answer), so a revoked session is refused
 * at its next request.
 */
const currentSession = cache(async (): Promise<DashboardSession | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const db = await getDatabase();
  return findActiveSession(db.prisma, token);
});

export type SessionCheck = {
  /** Refuse a read-only session (every mutation). */
  admin?: boolean;
  /**
   * Without a live session a page goes to the sign-in page (which returns here); a request that is
   * not a page (a server action, the CSV export) is refused with 401 and this message instead.
   */
  refuseWith?: string;
};

/**
 * The one session check of the dashboard: the layout, every page loader, the server actions (through
 * adminAction) and the CSV export all ask here. Pages check as well as the layout because a layout is
 * not re-rendered on client-side navigation, so it alone would not notice a session revoked mid-visit;
 * `currentSession` is cached per request, so the repeat costs no second query.
 */
export async function requireDashboardSession(check: SessionCheck = {}): Promise<DashboardSession> {
  const session = await currentSession();
  if (!session) {
    if (check.refuseWith === undefined) redirect(signInPath((await headers()).get(REQUEST_PATH_HEADER)));
    throw new ApiError("unauthorized", check.refuseWith);
  }
  if (check.admin && session.role !== "admin" && !session.principal.isAdmin)
    throw new ApiError("forbidden", "Your session is read-only; sign in with an admin key to change things");
  return session;
}

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * Checks the credential (throttled per client address and per credential target), opens a session
 * row and sets its cookie.
 */
export async function signIn(credential: string, personName?: string): Promise<SignInResult> {
  const requestHeaders = await headers();
  const buckets = [`address:${clientAddress(requestHeaders)}`, `credential:${credentialBucket(credential)}`];
  const throttle = getSignInThrottle();
  const lockedForMs = throttle.lockedForMs(buckets, Date.now());
  if (lockedForMs > 0) {
    const minutes = Math.ceil(lockedForMs / 60_000);
    return {
      ok: false,
      error: `Too many failed sign-ins. Sign-in is locked for ${minutes} minute${minutes === 1 ? "" : "s"}; try again later.`,
    };
  }
  const config = getConfig();
  const db = await getDatabase();
  const subject = await verifyCredential(db.prisma, credential, config.TIDEMARK_ADMIN_PASSWORD);
  if (!subject) {
    throttle.recordFailure(buckets, Date.now());
    return { ok: false, error: "That key or password was not accepted (unknown, revoked, or without read/admin scope)." };
  }
  // Only the shared password needs a name: a key already says whose it is.
  if (subject.apiKeyId === null && !personName)
    return { ok: false, error: "Enter your name: the admin password is shared, so the audit trail records who used it." };
  await purgeExpiredSessions(db.prisma, new Date(Date.now() - KEEP_EXPIRED_MS));
  const { token, session } = await openSession(db.prisma, {
    ...subject,
    subject: sessionSubject(subject, personName),
    ttlMs: config.TIDEMARK_SESSION_HOURS * 3_600_000,
  });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: wantsSecureCookie(config.TIDEMARK_SECURE_COOKIES, requestHeaders.get("x-forwarded-proto")),
    path: "/",
    expires: session.expiresAt,
  });
  return { ok: true };
}

/** Ends the session on the server (a replayed copy of the cookie is refused) and clears the cookie. */
export async function signOut(): Promise<void> {
  const jar = await cookies();
  const db = await getDatabase();
  await endSession(db.prisma, jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}

// Next fills X-Forwarded-For with the socket address when no proxy did; a proxy appends the
// address it saw, so the last entry is the nearest hop's view of the client.
function clientAddress(requestHeaders: Headers): string {
  const forwarded = requestHeaders
    .get("x-forwarded-for")
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? "unknown";
}
