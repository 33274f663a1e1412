import "server-only";
import type { Database } from "@/lib/db/open-database";
import type { Caller } from "@/lib/auth/authenticate";
import { ApiError } from "@/lib/api/errors";
import { parseOrThrow } from "@/lib/api/read-json-body";
import { uuidv7 } from "@/lib/ids/uuidv7";
import { validateRecords } from "@/lib/inference/validate-records";
import { runModel, type PredictionOutput } from "@/lib/inference/run-model";
import { getRequestStats } from "./request-stats";
import { getLogWriter } from "@/lib/predictionLog/get-log-writer";
import type { LogMode, PredictionRow } from "@/lib/predictionLog/prediction-row";
import { predictRequestSchema } from "./predict-request-schema";
import { resolveServingTarget, type ServingSelector } from "./resolve-serving-target";
import { getMetrics } from "@/lib/observability/prometheus";

export type PredictOptions = {
  modelName: string;
  selector: ServingSelector;
  body: unknown;
  caller: Caller;
  maxRecords: number;
  defaultLogMode: LogMode;
  /**
   * When the predictions happened, for a replay of past traffic (`tidemark simulate --history`):
   * the log and the request counters are stamped with it instead of the clock. Never taken from a
   * request body; only in-process callers set it.
   */
  at?: Date;
};

/** Validates, runs and logs one batch; answers only after the log has it (unless fire-and-forget). */
export async function predict(db: Database, options: PredictOptions) {
  const started = performance.now();
  const target = await resolveServingTarget(db, options.modelName, options.selector);
  const stats = getRequestStats(db);
  let records = 0;
  try {
    const body = parseOrThrow(predictRequestSchema(options.maxRecords), options.body, "predict request");
    const { columns, problems } = validateRecords(target.manifest.features, body.inputs);
    if (problems.length) {
      throw new ApiError(
        "validation_failed",
        `${problems.length} problem${problems.length === 1 ? "" : "s"} in the inputs`,
        problems.map((p) => ({ path: `inputs.${p.index}.${p.field}`, ...p })),
      );
    }
    const outputs = await runModel(target.session, target.manifest, columns, body.inputs.length);
    const latencyMs = performance.now() - started;
    const now = options.at?.getTime() ?? Date.now();
    const createdAt = new Date(now);
    const rows: PredictionRow[] = outputs.map((output, i) => ({
      id: uuidv7(now),
      createdAt,
      modelVersionId: target.versionId,
      entityId: body.entityIds?.[i] ?? null,
      features: body.inputs[i],
      output,
      latencyMs,
      apiKeyId: options.caller.keyId,
    }));
    await getLogWriter(db).write(rows, target.logMode ?? options.defaultLogMode);
    const labels = { model: target.modelName, version: String(target.version) };
    getMetrics().predictions.inc(labels, rows.length);
    getMetrics().inferenceSeconds.observe(labels, latencyMs / 1000);
    records = rows.length;
    stats.record({ model: target.modelName, version: target.version, status: 200, records }, now);
    return respond(target, rows, outputs, started);
  } catch (error) {
    stats.record({ model: target.modelName, version: target.version, status: error instanceof ApiError ? error.status : 500, records }, options.at?.getTime());
    throw error;
  }
}

function respond(target: { modelName: string; version: number }, rows: PredictionRow[], outputs: PredictionOutput[], started: number) {
  return {
    model: target.modelName,
    version: target.version,
    predictions: rows.map((row, i) => ({
      predictionId: row.id,
      ...(row.entityId !== null ? { entityId: row.entityId } : {}),
      ...outputs[i],
    })),
    latencyMs: Number((performance.now() - started).toFixed(3)),
  };
}
