import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import type { Role } from "@/lib/core/access/principal";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

// The one owner of `project_members`: who holds which role in a project.

export type Member = { userId: string; email: string; displayName: string; role: Role; since: string };

export async function listMembers(prisma: PrismaClient, projectId: string): Promise<Member[]> {
  const rows = await prisma.projectMember.findMany({
    where: { projectId },
    include: { user: true },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((r) => ({
    userId: r.userId,
    email: r.user.email,
    displayName: r.user.displayName,
    role: r.role as Role,
    since: r.createdAt.toISOString(),
  }));
}

/** Adds the user to the project with the role, or changes their role; audited. */
export async function setMember(
  prisma: PrismaClient,
  input: { projectId: string; userId: string; role: Role; actor: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new ApiError("not_found", "No such user");
    const before = await tx.projectMember.findUnique({
      where: { projectId_userId: { projectId: input.projectId, userId: input.userId } },
    });
    await tx.projectMember.upsert({
      where: { projectId_userId: { projectId: input.projectId, userId: input.userId } },
      create: { projectId: input.projectId, userId: input.userId, role: input.role },
      update: { role: input.role },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      kind: "project.member_set",
      subject: `user:${user.email}`,
      projectId: input.projectId,
      before: before ? { role: before.role } : null,
      after: { role: input.role },
    });
  });
}

export async function removeMember(
  prisma: PrismaClient,
  input: { projectId: string; userId: string; actor: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.projectMember.findUnique({
      where: { projectId_userId: { projectId: input.projectId, userId: input.userId } },
      include: { user: true },
    });
    if (!row) throw new ApiError("not_found", "That user is not a member of this project");
    await tx.projectMember.delete({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      kind: "project.member_removed",
      subject: `user:${row.user.email}`,
      projectId: input.projectId,
      before: { role: row.role },
    });
  });
}
