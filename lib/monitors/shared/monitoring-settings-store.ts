import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { schedulesChanged } from "@/lib/jobs/schedule-changes";
import { getWatchedModelOrThrow, parseStoredSettings } from "@/lib/monitors/shared/monitored-versions";
import { monitoringSettingsSchema, type MonitoringSettingsInput } from "@/lib/monitors/shared/monitoring-settings";

/** The model's effective settings (defaults filled in) and what was stored, if anything. */
export async function getMonitoringSettings(prisma: PrismaClient, modelName: string) {
  const model = await getWatchedModelOrThrow(prisma, modelName);
  const row = await prisma.monitoringSettings.findUnique({ where: { modelId: model.id } });
  return {
    model: model.name,
    settings: parseStoredSettings(row?.settings),
    stored: row?.settings ?? null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Replaces the model's settings with `input` (validated by the caller against
 * monitoringSettingsSchema). The input is stored as given, not with defaults filled in, so a later
 * change of a default reaches every model that did not choose otherwise. Audited.
 */
export async function putMonitoringSettings(
  prisma: PrismaClient,
  modelName: string,
  input: MonitoringSettingsInput,
  actor: string,
) {
  monitoringSettingsSchema.parse(input);
  const model = await getWatchedModelOrThrow(prisma, modelName);
  await prisma.$transaction(async (tx) => {
    const before = await tx.monitoringSettings.findUnique({ where: { modelId: model.id } });
    const settings = input as Prisma.InputJsonValue;
    await tx.monitoringSettings.upsert({
      where: { modelId: model.id },
      create: { modelId: model.id, settings, updatedBy: actor },
      update: { settings, updatedBy: actor, updatedAt: new Date() },
    });
    await recordAuditEvent(tx, {
      actor,
      kind: "model.monitoring_updated",
      modelName: model.name,
      subject: `model:${model.name}`,
      before: before?.settings ?? null,
      after: input,
    });
  });
  schedulesChanged();
  return getMonitoringSettings(prisma, modelName);
}
