import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/open-database";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createDefaultAlertRules } from "@/lib/alerts/create-default-rules";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel, type PreparedOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { rememberSession } from "@/lib/inference/session-cache";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { modelNameSchema } from "./model-name";
import { versionSummary } from "./version-summary";

export type RegisterInput = {
  modelName: string;
  onnx: Uint8Array;
  manifest: unknown;
  actor: string;
  maxBytes: number;
};

/**
 * Validates everything before writing anything: the manifest, that ONNX Runtime loads the file,
 * and that the graph's inputs and outputs match the manifest, in Tidemark's own layout or in the
 * exporter's (the binding, inferred when the manifest has no `io`, is stored in the manifest; a
 * ZipMap is rewritten away and the upload's hash kept in the lineage). Then one transaction stores
 * the artifact (once per content hash), the next version number and the audit event.
 */
export async function registerModelVersion(db: Database, input: RegisterInput) {
  const name = parseOrThrow(modelNameSchema, input.modelName, "model name");
  if (input.onnx.byteLength > input.maxBytes) {
    throw new ApiError("payload_too_large", `The model file is ${input.onnx.byteLength} bytes; the limit is ${input.maxBytes}`);
  }
  if (input.onnx.byteLength === 0)
    throw new ApiError("validation_failed", "The model file is empty", [{ path: "model", message: "is empty" }]);
  const parsed = parseOrThrow(manifestSchema, input.manifest, "manifest");

  const prepared = prepare(input.onnx);
  const onnx = prepared.bytes;
  let session: Awaited<ReturnType<typeof loadSession>>;
  try {
    session = await loadSession(onnx);
  } catch (error) {
    throw new ApiError("validation_failed", "The model file does not load in ONNX Runtime", [
      { path: "model", message: String((error as Error).message ?? error).slice(0, 500) },
    ]);
  }
  const binding = await bindModelIo(session, parsed, { zipMapClasses: prepared.zipMapClasses });
  if (binding.problems.length) {
    throw new ApiError(
      "validation_failed",
      "The model's inputs and outputs do not match the manifest",
      binding.problems.map((message) => ({ path: "model", message })),
    );
  }
  const manifest = {
    ...parsed,
    ...(binding.io ? { io: binding.io } : {}),
    lineage: prepared.rewritten ? { ...parsed.lineage, originalSha256: prepared.originalSha256 } : parsed.lineage,
  };

  const sha256 = createHash("sha256").update(onnx).digest("hex");
  const created = await db.prisma.$transaction(
    async (tx) => {
      let model = await tx.model.findUnique({ where: { name } });
      if (!model) {
        model = await tx.model.create({ data: { name, task: manifest.task, description: manifest.description ?? "" } });
        // A new model is watched from its first version: it receives a copy of the global default alert rules.
        await createDefaultAlertRules(tx, { modelId: model.id, actor: input.actor });
      } else if (model.task !== manifest.task) {
        throw new ApiError("conflict", `Model "${name}" is a ${model.task} model; this manifest declares ${manifest.task}`);
      }
      // Serialises concurrent registrations of one model so version numbers stay dense and unique.
      await tx.$queryRaw`SELECT id FROM models WHERE id = ${model.id}::uuid FOR UPDATE`;
      const last = await tx.modelVersion.aggregate({ where: { modelId: model.id }, _max: { version: true } });
      const version = (last._max.version ?? 0) + 1;
      await tx.modelArtifact.createMany({
        data: [{ sha256, bytes: Buffer.from(onnx), sizeBytes: onnx.byteLength }],
        skipDuplicates: true,
      });
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
        after: {
          version,
          sha256,
          sizeBytes: onnx.byteLength,
          task: manifest.task,
          ...(prepared.rewritten ? { originalSha256: prepared.originalSha256 } : {}),
        },
      });
      return row;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  rememberSession(created.id, session);
  return versionSummary(name, created, { sizeBytes: onnx.byteLength });
}

// Bytes that are not a protobuf message are left as they are: ONNX Runtime's load error says more.
function prepare(bytes: Uint8Array): Pick<PreparedOnnxModel, "bytes" | "rewritten" | "originalSha256" | "zipMapClasses"> {
  try {
    return prepareOnnxModel(bytes);
  } catch {
    return { bytes, rewritten: false, originalSha256: "" };
  }
}
