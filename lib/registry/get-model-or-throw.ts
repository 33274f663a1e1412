import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { isMonitorOnly } from "./is-monitor-only";

export async function getModelRowOrThrow(prisma: PrismaClient, name: string) {
  const model = await prisma.model.findUnique({ where: { name } });
  if (!model) throw new ApiError("not_found", `No model named "${name}"`);
  return model;
}

/** The model with its versions (newest first), current aliases and alias history. */
export async function getModelOrThrow(prisma: PrismaClient, name: string) {
  const model = await prisma.model.findUnique({
    where: { name },
    include: {
      versions: {
        orderBy: { version: "desc" },
        select: { version: true, registeredBy: true, createdAt: true, artifactSha: true },
      },
      aliases: { include: { version: { select: { version: true } } } },
      aliasLog: { orderBy: { id: "desc" }, take: 200 },
    },
  });
  if (!model) throw new ApiError("not_found", `No model named "${name}"`);
  return {
    name: model.name,
    task: model.task,
    description: model.description,
    logMode: model.logMode,
    createdAt: model.createdAt.toISOString(),
    aliases: Object.fromEntries(model.aliases.map((a) => [a.alias, a.version.version])),
    versions: model.versions.map((v) => ({
      version: v.version,
      sha256: v.artifactSha,
      monitorOnly: isMonitorOnly(v),
      registeredBy: v.registeredBy,
      registeredAt: v.createdAt.toISOString(),
    })),
    aliasHistory: model.aliasLog.map((c) => ({
      alias: c.alias,
      fromVersion: c.fromVersion,
      toVersion: c.toVersion,
      actor: c.actor,
      reason: c.reason,
      forced: c.forced,
      at: c.at.toISOString(),
    })),
  };
}

export async function listModels(prisma: PrismaClient) {
  const models = await prisma.model.findMany({
    orderBy: { name: "asc" },
    include: {
      aliases: { include: { version: { select: { version: true } } } },
      _count: { select: { versions: true } },
    },
  });
  return models.map((m) => ({
    name: m.name,
    task: m.task,
    description: m.description,
    versions: m._count.versions,
    aliases: Object.fromEntries(m.aliases.map((a) => [a.alias, a.version.version])),
    createdAt: m.createdAt.toISOString(),
  }));
}
