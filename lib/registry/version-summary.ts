import type { ModelVersion, ModelArtifact } from "@/lib/generated/prisma/client";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { isMonitorOnly } from "./is-monitor-only";

export function versionSummary(
  modelName: string,
  version: Pick<ModelVersion, "version" | "artifactSha" | "registeredBy" | "createdAt" | "manifest">,
  extra: { sizeBytes?: number; aliases?: string[] } = {},
) {
  const manifest = version.manifest as Manifest;
  return {
    model: modelName,
    version: version.version,
    sha256: version.artifactSha,
    monitorOnly: isMonitorOnly(version),
    ...(extra.sizeBytes !== undefined ? { sizeBytes: extra.sizeBytes } : {}),
    aliases: extra.aliases ?? [],
    registeredBy: version.registeredBy,
    registeredAt: version.createdAt.toISOString(),
    metrics: { test: manifest.evaluation.test, baselines: manifest.evaluation.baselines },
    successCriteria: manifest.evaluation.successCriteria,
    manifest,
  };
}

export type ArtifactSize = Pick<ModelArtifact, "sizeBytes">;
