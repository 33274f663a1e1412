import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { explainRecords, type ExplainTarget } from "@/lib/explain/explain-records";
import { resolveSpace } from "@/lib/explain/output-space";
import { presentExplanation, type PresentedExplanation } from "@/lib/explain/present-explanation";
import type { ExplainRequest } from "./explain-query-schema";
import type { ServingTarget } from "./resolve-serving-target";

export type ExplainSettings = {
  /** Most records one request may explain: each costs coalitions × background rows model evaluations. */
  maxRecords: number;
  samples: number;
  backgroundRows: number;
};

/** Checked before the model runs, so a request over the cap costs nothing and logs nothing. */
export function checkExplainCap(rows: number, settings: ExplainSettings): void {
  if (rows > settings.maxRecords) {
    throw new ApiError(
      "payload_too_large",
      `explain=true explains at most ${settings.maxRecords} records per request (TIDEMARK_EXPLAIN_MAX_RECORDS); ` +
        `this request has ${rows}: split it, or leave explain out`,
      [{ path: "inputs", message: `must contain at most ${settings.maxRecords} records with explain=true` }],
    );
  }
}

/** Each record's attributions, from the same validated columns the predictions came from. */
export async function explainPredictions(
  db: Database,
  target: ServingTarget,
  columns: FeatureColumns,
  rows: number,
  request: ExplainRequest & ExplainSettings,
): Promise<PresentedExplanation[]> {
  const batch = await explainRecords(explainTargetOf(db, target), columns, rows, {
    space: resolveSpace(target.manifest.task, request.space),
    samples: request.samples,
    backgroundRows: request.backgroundRows,
  });
  return batch.records.map((record) => presentExplanation(target.manifest, batch, record, request.top));
}

/** What an explainer needs of a served version; the model file is read only if an exact explainer parses it. */
export function explainTargetOf(db: Database, target: ServingTarget): ExplainTarget {
  return {
    versionId: target.versionId,
    manifest: target.manifest,
    session: target.session,
    modelBytes: () => modelBytes(db, target),
  };
}

async function modelBytes(db: Database, target: ServingTarget): Promise<Uint8Array> {
  const version = await db.prisma.modelVersion.findUniqueOrThrow({
    where: { id: target.versionId },
    include: { artifact: true },
  });
  return version.artifact!.bytes;
}
