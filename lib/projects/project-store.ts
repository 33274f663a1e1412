import { z } from "zod";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

// The one owner of the `projects` table.

export const projectNameSchema = z
  .string({ error: "project is required" })
  .min(1, "must not be empty")
  .max(48, "must be at most 48 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "may hold lower-case letters, digits and inner dashes only");

export type ProjectSummary = { id: string; name: string; displayName: string; createdAt: string };

const summary = (row: { id: string; name: string; displayName: string; createdAt: Date }): ProjectSummary => ({
  id: row.id,
  name: row.name,
  displayName: row.displayName,
  createdAt: row.createdAt.toISOString(),
});

export async function createProject(
  prisma: PrismaClient,
  input: { name: string; displayName?: string; actor: string },
): Promise<ProjectSummary> {
  return prisma.$transaction(async (tx) => {
    if (await tx.project.findUnique({ where: { name: input.name } }))
      throw new ApiError("conflict", `A project named "${input.name}" already exists`);
    const row = await tx.project.create({
      data: { id: uuidv7(), name: input.name, displayName: input.displayName ?? input.name, createdBy: input.actor },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      kind: "project.created",
      subject: `project:${row.name}`,
      projectId: row.id,
      after: { displayName: row.displayName },
    });
    return summary(row);
  });
}

/** The projects with these ids ("all": every one), by name. */
export async function listProjects(prisma: PrismaClient | Prisma.TransactionClient, ids: "all" | string[]) {
  const rows = await prisma.project.findMany({
    where: ids === "all" ? {} : { id: { in: ids } },
    orderBy: { name: "asc" },
  });
  return rows.map(summary);
}

/** The project so named, if the principal may see it (`visible`); otherwise 404 as if unknown. */
export async function getProjectByName(
  prisma: PrismaClient | Prisma.TransactionClient,
  name: string,
  visible: "all" | string[],
): Promise<ProjectSummary> {
  const row = await prisma.project.findUnique({ where: { name } });
  if (!row || (visible !== "all" && !visible.includes(row.id))) throw new ApiError("not_found", `No project named "${name}"`);
  return summary(row);
}
