import { DEFAULT_PROJECT_ID } from "@/lib/core/access/default-project";
import "server-only";
import type { Database } from "@/lib/db/open-database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createDefaultAlertRules } from "@/lib/alerts/rules/create-default-rules";
import { rememberSession } from "@/lib/inference/session-cache";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { checkModelFile } from "./check-model-file";
import { modelNameSchema } from "./model-name";
import { versionSummary } from "./version-summary";
import { findSameFile } from "./find-same-file";

export type RegisterInput = {
  modelName: string;
  /** Absent for a monitor-only version (a model served elsewhere): the manifest alone is stored. */
  onnx?: Uint8Array;
  manifest: unknown;
  actor: string;
  maxBytes: number;
  /**
   * The project of the model: the one a new model is created in; an existing model must already be
   * in it (the route's gate found it there, or it did not exist then — a model another project
   * created since is not this caller's, and is answered as unknown). Absent: the default project.
   */
  projectId?: string;
};

/**
 * Validates everything before writing anything: the manifest, then the model file (check-model-file.ts:
 * it loads, and its inputs and outputs bind to the manifest). Then one transaction stores the
 * artifact (once per content hash), the next version number and the audit event. Without a file
 * the version is monitor-only: the manifest and its reference profile, for a model served elsewhere.
 * A file identical to an earlier version's still makes a version (its manifest may be what
 * changed); the answer's `sameFileAs` says which version, so a repeat is never silent.
 */
export async function registerModelVersion(db: Database, input: RegisterInput) {
  const name = parseOrThrow(modelNameSchema, input.modelName, "model name");
  const onnx = input.onnx;
  if (onnx && onnx.byteLength > input.maxBytes) {
    throw new ApiError("payload_too_large", `The model file is ${onnx.byteLength} bytes; the limit is ${input.maxBytes}`);
  }
  if (onnx && onnx.byteLength === 0)
    throw new ApiError("validation_failed", "The model file is empty", [{ path: "model", message: "is empty" }]);
  refuseForecastManifest(input.manifest);
  const parsed = parseOrThrow(manifestSchema, input.manifest, "manifest");
  const file = onnx ? await checkModelFile(onnx, parsed) : null;
  const manifest = file?.manifest ?? parsed;
  const sha256 = file?.sha256 ?? null;
  const created = await db.prisma.$transaction(
    async (tx) => {
      let model = await tx.model.findUnique({ where: { name } });
      if (!model) {
        model = await tx.model.create({
          data: {
            name,
            task: manifest.task,
            description: manifest.description ?? "",
            projectId: input.projectId ?? DEFAULT_PROJECT_ID,
          },
        });
        // A new model is watched from its first version: it receives a copy of the global default alert rules.
        await createDefaultAlertRules(tx, { modelId: model.id, actor: input.actor });
      } else if (model.projectId !== (input.projectId ?? DEFAULT_PROJECT_ID)) {
        throw new ApiError("not_found", `No model named "${name}"`);
      } else if (model.task !== manifest.task) {
        throw new ApiError("conflict", `Model "${name}" is a ${model.task} model; this manifest declares ${manifest.task}`);
      }
      // Serialises concurrent registrations of one model so version numbers stay dense and unique.
      await tx.$queryRaw`SELECT id FROM models WHERE id = ${model.id}::uuid FOR UPDATE`;
      const last = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
      const version = (last._max.version ?? 0) + 1;
      const sameFile = sha256 ? await findSameFile(tx, { modelId: model.id, sha256, manifest }) : null;
      if (file) {
        await tx.modelArtifact.createMany({
          data: [{ sha256: file.sha256, bytes: Buffer.from(file.bytes), sizeBytes: file.bytes.byteLength }],
          skipDuplicates: true,
        });
      }
      const row = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          version,
          artifactSha: sha256,
          manifest: manifest as unknown as Prisma.InputJsonValue,
          registeredBy: input.actor,
        },
      });
      await recordAuditEvent(tx, {
        actor: input.actor,
        kind: "model.version_registered",
        modelName: name,
        subject: `model:${name}/version:${version}`,
        after: file
          ? {
              version,
              sha256,
              sizeBytes: file.bytes.byteLength,
              task: manifest.task,
              ...(file.originalSha256 ? { originalSha256: file.originalSha256 } : {}),
            }
          : { version, monitorOnly: true, task: manifest.task },
      });
      return { row, sameFile };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (file) rememberSession(created.row.id, file.session);
  return {
    ...versionSummary(name, created.row, file ? { sizeBytes: file.bytes.byteLength } : {}),
    sameFileAs: created.sameFile,
  };
}

/**
 * `tidemark train --task forecast` writes manifests with task "forecast", whose model reads a window
 * of past values: serving cannot run it yet (issue 19's next slice), so it is refused by name
 * rather than with the schema's generic "invalid option" or, worse, stored and failing at predict.
 */
function refuseForecastManifest(manifest: unknown): void {
  if (manifest !== null && typeof manifest === "object" && (manifest as { task?: unknown }).task === "forecast") {
    throw new ApiError(
      "validation_failed",
      "Forecast models cannot be registered yet: serving a window of past values is not built",
      [
        {
          path: "task",
          message: "forecast models are not servable yet; keep the run folder and register when serving supports them",
        },
      ],
    );
  }
}
