import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { buildMonitoringPlan, type MonitoringPlan, type PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import { monitoringSettingsSchema, type MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";

/** A model version as the monitoring jobs see it: its manifest and what to watch. */
export type MonitoredVersion = {
  modelId: string;
  modelName: string;
  versionId: string;
  version: number;
  manifest: Manifest;
  plan: MonitoringPlan;
};

export type MonitoredModel = { modelId: string; modelName: string; settings: MonitoringSettings; versions: MonitoredVersion[] };

/**
 * Stored settings are the user's input as validated when saved; parsing again here fills in
 * defaults, including ones added after the settings were saved.
 */
export function parseStoredSettings(stored: unknown): MonitoringSettings {
  const parsed = monitoringSettingsSchema.safeParse(stored ?? {});
  if (!parsed.success)
    throw new Error(`stored monitoring settings no longer validate: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

/**
 * The model's id and name, for the settings store. Monitoring reads the model row itself rather
 * than through lib/registry: registration creates default alert rules, and alerts read monitoring
 * settings, so importing the registry here would close a folder cycle.
 */
export async function getWatchedModelOrThrow(prisma: PrismaClient, modelName: string): Promise<{ id: string; name: string }> {
  const model = await prisma.model.findUnique({ where: { name: modelName }, select: { id: true, name: true } });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  return model;
}

/** The model, its settings, and its versions (all, or the one asked for), newest first. */
export async function getMonitoredModelOrThrow(
  prisma: PrismaClient,
  modelName: string,
  version?: number,
): Promise<MonitoredModel> {
  const model = await prisma.model.findUnique({
    where: { name: modelName },
    include: {
      monitoring: true,
      versions: { orderBy: { version: "desc" }, where: version === undefined ? undefined : { version } },
    },
  });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  if (version !== undefined && model.versions.length === 0)
    throw new ApiError("not_found", `Model "${modelName}" has no version ${version}`);
  return {
    modelId: model.id,
    modelName: model.name,
    settings: parseStoredSettings(model.monitoring?.settings),
    versions: model.versions.map((v) => {
      const manifest = v.manifest as Manifest;
      return {
        modelId: model.id,
        modelName: model.name,
        versionId: v.id,
        version: v.version,
        manifest,
        plan: buildMonitoringPlan(manifest),
      };
    }),
  };
}

/**
 * The version a monitoring report is about: the one asked for, else the one the production alias
 * points at, else the newest.
 */
export async function getReportedVersionOrThrow(prisma: PrismaClient, modelName: string, version?: number) {
  const model = await getMonitoredModelOrThrow(prisma, modelName, version);
  if (version !== undefined) return { settings: model.settings, version: model.versions[0] };
  if (model.versions.length === 0) throw new ApiError("not_found", `Model "${modelName}" has no versions yet`);
  const production = await prisma.modelAlias.findUnique({
    where: { modelId_alias: { modelId: model.modelId, alias: "production" } },
  });
  const chosen = model.versions.find((v) => v.versionId === production?.versionId) ?? model.versions[0];
  return { settings: model.settings, version: chosen };
}

/** A feature by name, or an output as "output:NAME" (class, score, value). */
export function findPlanColumnOrThrow(version: MonitoredVersion, name: string): PlanColumn {
  const output = name.startsWith("output:") ? name.slice("output:".length) : null;
  const column =
    output !== null ? version.plan.outputs.find((c) => c.name === output) : version.plan.features.find((c) => c.name === name);
  if (!column) {
    const known = [...version.plan.features.map((c) => c.name), ...version.plan.outputs.map((c) => `output:${c.name}`)].join(
      ", ",
    );
    throw new ApiError(
      "not_found",
      `Model "${version.modelName}" version ${version.version} has no feature or output "${name}" (known: ${known})`,
    );
  }
  return column;
}
