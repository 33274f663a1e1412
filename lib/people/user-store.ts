import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword } from "./password-hash";

// The one owner of the `users` table's writes. (A session reads its user and memberships in
// lib/auth/session-store.ts, in the same query as the session.)

export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  hasPassword: boolean;
  sso: boolean;
  lockedUntil: string | null;
  disabledAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
};

type UserRow = Prisma.UserGetPayload<object>;

export function userSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    isAdmin: row.isAdmin,
    hasPassword: row.passwordHash !== null,
    sso: row.oidcSubject !== null,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

type Tx = Prisma.TransactionClient;

/** A new account; the email is already normalised (user-schemas.ts). 409 when the address is taken. */
export async function createUser(
  tx: Tx,
  input: { email: string; displayName: string; password?: string; isAdmin?: boolean; actor: string },
): Promise<UserRow> {
  if (await tx.user.findUnique({ where: { email: input.email } }))
    throw new ApiError("conflict", `A user with the email "${input.email}" already exists`);
  const row = await tx.user.create({
    data: {
      id: uuidv7(),
      email: input.email,
      displayName: input.displayName,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      isAdmin: input.isAdmin ?? false,
      createdBy: input.actor,
    },
  });
  await recordAuditEvent(tx, {
    actor: input.actor,
    kind: "user.created",
    subject: `user:${row.email}`,
    projectId: null,
    after: { displayName: row.displayName, isAdmin: row.isAdmin },
  });
  return row;
}

export async function findUserByEmail(prisma: PrismaClient | Tx, email: string): Promise<UserRow | null> {
  return prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
}
