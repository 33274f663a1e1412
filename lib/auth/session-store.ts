import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { keyPrincipal, PERMISSIONS, userPrincipal, type Principal, type Role } from "@/lib/core/access/principal";

// Dashboard sessions live in the `sessions` table, so they can be ended on the server: at sign-out,
// by an admin, or with the API key they were opened with. The cookie carries a random 256-bit
// token; the table holds only its SHA-256 (a plain hash suffices for a random secret, as for API
// keys). Every check is one lookup by the unique token hash, joined to the key's revocation.

// "read" / "admin": a session opened with an API key of that scope; "user": a person's, whose
// permissions follow their memberships at every request.
export type SessionRole = "read" | "admin" | "user";
export type DashboardSession = {
  id: string;
  /** The audit actor: `user:<email>` or `key:<name>`. */
  sub: string;
  role: SessionRole;
  expiresAt: Date;
  /** What the session may do where, read fresh with the session at each request. */
  principal: Principal;
  userId: string | null;
};
export type SessionSummary = {
  id: string;
  subject: string;
  role: SessionRole;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

export const sessionIdSchema = z.uuid({ error: "No such session" });

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// last_seen_at is a hint for the Settings list, not an audit: one write a minute per session keeps
// page views read-only in the common case.
const LAST_SEEN_RESOLUTION_MS = 60_000;

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function asRole(role: string): SessionRole | null {
  return role === "admin" || role === "read" || role === "user" ? role : null;
}

// Who a session belongs to, read in the same query as the session (at opening and at each check).
const SESSION_OWNER = { apiKey: true, user: { include: { memberships: true } } } as const;
type SessionWithOwner = Prisma.SessionGetPayload<{ include: typeof SESSION_OWNER }>;

// A key session holds what its key holds; a user session what the user's memberships give now.
function sessionPrincipal(row: SessionWithOwner): Principal | null {
  if (row.apiKey) {
    const scopes = row.role === "admin" ? ["admin"] : ["read"];
    return keyPrincipal({ id: row.apiKey.id, name: row.apiKey.name, scopes, projectId: row.apiKey.projectId });
  }
  // The configured admin password (TIDEMARK_ADMIN_PASSWORD): an instance admin named by the session.
  if (row.role === "admin" && row.apiKeyId === null && row.userId === null) {
    return {
      kind: "user",
      id: row.subject,
      actor: row.subject,
      isAdmin: true,
      everywhere: new Set(PERMISSIONS),
      projects: new Map(),
    };
  }
  if (row.user && !row.user.disabledAt) {
    return userPrincipal({
      id: row.user.id,
      email: row.user.email,
      isAdmin: row.user.isAdmin,
      memberships: row.user.memberships.map((m) => ({ projectId: m.projectId, role: m.role as Role })),
    });
  }
  return null;
}

export async function openSession(
  prisma: PrismaClient,
  options: { subject: string; apiKeyId: string | null; userId?: string | null; role: SessionRole; ttlMs: number; now?: Date },
): Promise<{ token: string; session: DashboardSession }> {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const row = await prisma.session.create({
    data: {
      tokenHash: hashSessionToken(token),
      subject: options.subject,
      apiKeyId: options.apiKeyId,
      userId: options.userId ?? null,
      role: options.role,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + options.ttlMs),
    },
    include: SESSION_OWNER,
  });
  const role = asRole(row.role);
  const principal = sessionPrincipal(row);
  if (!role || !principal) throw new ApiError("unauthorized", "The session could not be opened for this account");
  return { token, session: { id: row.id, sub: row.subject, role, expiresAt: row.expiresAt, principal, userId: row.userId } };
}

/** The live session a cookie token names, or null when it is unknown, revoked, expired or its key was revoked. */
export async function findActiveSession(
  prisma: PrismaClient,
  token: string | undefined,
  now = new Date(),
): Promise<DashboardSession | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  // One statement: the unique token hash, with the key's revocation as a filter on the same row.
  const row = await prisma.session.findFirst({
    where: {
      tokenHash: hashSessionToken(token),
      revokedAt: null,
      expiresAt: { gt: now },
      OR: [{ apiKeyId: null }, { apiKey: { revokedAt: null } }],
    },
    include: SESSION_OWNER,
  });
  if (!row) return null;
  const role = asRole(row.role);
  const principal = sessionPrincipal(row);
  if (!role || !principal) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await prisma.session.updateMany({ where: { id: row.id, lastSeenAt: row.lastSeenAt }, data: { lastSeenAt: now } });
  }
  return { id: row.id, sub: row.subject, role, expiresAt: row.expiresAt, principal, userId: row.userId };
}

/** Sign-out: the token stops working everywhere at once, even if a copy of the cookie survives. */
export async function endSession(prisma: PrismaClient, token: string | undefined, now = new Date()): Promise<void> {
  if (!token || !TOKEN_PATTERN.test(token)) return;
  await prisma.session.updateMany({
    where: { tokenHash: hashSessionToken(token), revokedAt: null },
    data: { revokedAt: now, revokedBy: "sign-out" },
  });
}

/** An admin ends someone's session from Settings; audited like every other change. */
export async function revokeSession(prisma: PrismaClient, options: { id: string; actor: string; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    const row = await tx.session.findUnique({ where: { id: options.id } });
    if (!row) throw new ApiError("not_found", "No such session");
    if (row.revokedAt) return;
    await tx.session.update({ where: { id: row.id }, data: { revokedAt: now, revokedBy: options.actor } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "session.revoked",
      subject: `session:${row.id}`,
      before: { subject: row.subject, role: row.role, revokedAt: null },
      after: { revokedAt: now.toISOString() },
    });
  });
}

/** Inside the key's revocation transaction: a key's sessions end with it. Returns how many ended. */
export async function revokeSessionsOfKey(
  tx: Prisma.TransactionClient,
  options: { apiKeyId: string; actor: string; now: Date },
): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { apiKeyId: options.apiKeyId, revokedAt: null },
    data: { revokedAt: options.now, revokedBy: options.actor },
  });
  return count;
}

export async function listActiveSessions(prisma: PrismaClient, now = new Date()): Promise<SessionSummary[]> {
  const rows = await prisma.session.findMany({
    where: { revokedAt: null, expiresAt: { gt: now }, OR: [{ apiKeyId: null }, { apiKey: { revokedAt: null } }] },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.flatMap((row) => {
    const role = asRole(row.role);
    return role
      ? [
          {
            id: row.id,
            subject: row.subject,
            role,
            createdAt: row.createdAt.toISOString(),
            lastSeenAt: row.lastSeenAt.toISOString(),
            expiresAt: row.expiresAt.toISOString(),
          },
        ]
      : [];
  });
}

/** Rows long past their expiry are only history; removed opportunistically at sign-in. */
export async function purgeExpiredSessions(prisma: PrismaClient, olderThan: Date): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lt: olderThan } } });
  return count;
}
