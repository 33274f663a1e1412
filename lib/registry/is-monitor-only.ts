import type { ModelVersion } from "@/lib/generated/prisma/client";

/**
 * A monitor-only version watches a model served elsewhere: it was registered with a manifest and
 * its reference profile but no ONNX file, so Tidemark cannot run it. Its predictions arrive
 * through `POST /api/v1/models/:name/predictions`; `POST …/predict` answers 409.
 */
export function isMonitorOnly(version: Pick<ModelVersion, "artifactSha">): boolean {
  return version.artifactSha === null;
}

export function monitorOnlyPredictMessage(modelName: string, version: number): string {
  return (
    `Version ${version} of "${modelName}" is monitor-only (registered without a model file), so Tidemark cannot run it; ` +
    `send the predictions your own service makes to POST /api/v1/models/${encodeURIComponent(modelName)}/predictions`
  );
}
