import "server-only";
import type { Database } from "@/lib/db/open-database";
import type { Caller } from "@/lib/auth/authenticate";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { validateRecords } from "@/lib/inference/validate-records";
import type { PredictionOutput } from "@/lib/inference/run-model";
import { runModelBatched, type MicroBatchSettings } from "@/lib/inference/micro-batch";
import { getRequestStats } from "./request-stats";
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";
import { LogWriteTimeoutError } from "@/lib/prediction-log/batch-writer";
import { sqlStateOf } from "@/lib/prediction-log/row-specific-failure";
import type { LogMode, PredictionRow } from "@/lib/prediction-log/prediction-row";
import { predictRequestSchema } from "./predict-request-schema";
import { resolveServingTarget, type ServingSelector } from "./resolve-serving-target";
import { findStoredResponse, idempotentRequest, IDEMPOTENCY_KEY_HEADER, type IdempotentRequest } from "./idempotency";
import { getMetrics } from "@/lib/observability/prometheus";
import type { PresentedExplanation } from "@/lib/explain/present-explanation";
import { explainPredictions, type ExplainSettings } from "./explain-predictions";
import type { ExplainRequest } from "./explain-query-schema";
import { routeRollout } from "./route-rollout";
import { startShadow } from "./run-shadow";

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
  /** The client's Idempotency-Key header (already validated): a retry gets the stored answer. */
  idempotencyKey?: string;
  /** Share model runs with concurrent requests for the same version; unset runs this request alone. */
  batching?: MicroBatchSettings;
  /** `?explain=true`: answer each prediction with its attributions (the log is unchanged). */
  explain?: ExplainRequest & ExplainSettings;
};

export type PredictResponse = ReturnType<typeof respond>;
/** `replayed`: the answer stored for an earlier request with the same Idempotency-Key. */
export type PredictResult = { body: PredictResponse; replayed: boolean };

// A timed-out write is still queued and may commit later, so the client must not read a 503 as
// "not stored"; the key is how it learns the outcome without logging the records twice.
export const LOG_OUTCOME_UNKNOWN_MESSAGE =
  "The prediction log did not confirm the write in time: the records may or may not have been stored. " +
  `Retry with the same ${IDEMPOTENCY_KEY_HEADER} header to get the stored result without duplicates.`;

/**
 * Validates, runs and logs one batch; answers only after the log has it (unless fire-and-forget).
 * With an Idempotency-Key, a request already logged under that key is answered from the log, and
 * the key is committed with the rows, so a retry never logs the records twice.
 */
export async function predict(db: Database, options: PredictOptions): Promise<PredictResult> {
  const started = performance.now();
  const idempotent = options.idempotencyKey
    ? idempotentRequest(options.idempotencyKey, { modelName: options.modelName, selector: options.selector, body: options.body })
    : undefined;
  // Before resolving the version: a replay is the original answer, even if the alias has moved since.
  const stored = idempotent ? await replay(db, options, idempotent, started) : null;
  if (stored) return stored;
  let target = await resolveServingTarget(db, options.modelName, options.selector);
  const stats = getRequestStats(db);
  let records = 0;
  try {
    const body = parseOrThrow(predictRequestSchema(options.maxRecords), options.body, "predict request");
    // A canary or A/B rollout on the alias may answer this request with its challenger.
    target = routeRollout(target, body.entityIds);
    const { columns, records: inputs, problems } = validateRecords(target.manifest.features, body.inputs);
    if (problems.length) {
      throw new ApiError(
        "validation_failed",
        `${problems.length} problem${problems.length === 1 ? "" : "s"} in the inputs`,
        problems.map((p) => ({ path: `inputs.${p.index}.${p.field}`, ...p })),
      );
    }
    // Only validated rows reach a shared run: a bad record fails its own request before batching.
    const outputs = await runModelBatched(
      target.session,
      target.manifest,
      columns,
      body.inputs.length,
      options.batching ?? UNBATCHED,
    );
    const latencyMs = performance.now() - started;
    // Explanations (issue 17) from the same validated columns, before anything is logged (a failed
    // explanation fails the request and logs nothing), after the logged latency: it stays the model's.
    const explanations = options.explain && (await explainPredictions(db, target, columns, body.inputs.length, options.explain));
    const now = options.at?.getTime() ?? Date.now();
    const createdAt = new Date(now);
    const rows: PredictionRow[] = outputs.map((output, i) => ({
      id: uuidv7(now),
      createdAt,
      modelVersionId: target.versionId,
      entityId: body.entityIds?.[i] ?? null,
      // Keyed by the features' internal names whatever keys the client used: monitoring reads these.
      features: inputs[i],
      output,
      latencyMs,
      apiKeyId: options.caller.keyId,
    }));
    const response = respond(target, rows, outputs, started, explanations);
    const idempotency = idempotent && { apiKeyId: options.caller.keyId, ...idempotent, response };
    try {
      await getLogWriter(db).write(rows, target.logMode ?? options.defaultLogMode, { idempotency });
    } catch (error) {
      // A duplicate key: a concurrent request with the same key (here or in another process) committed first.
      const raced = idempotent && sqlStateOf(error) === "23505" ? await replay(db, options, idempotent, started) : null;
      if (raced) return raced;
      if (error instanceof LogWriteTimeoutError) throw new ApiError("service_unavailable", LOG_OUTCOME_UNKNOWN_MESSAGE);
      throw error;
    }
    const logMode = target.logMode ?? options.defaultLogMode;
    startShadow(db, target, { inputs: body.inputs, championRows: rows, logMode, batching: options.batching ?? UNBATCHED });
    const labels = { model: target.modelName, version: String(target.version) };
    getMetrics().predictions.inc(labels, rows.length);
    getMetrics().inferenceSeconds.observe(labels, latencyMs / 1000);
    records = rows.length;
    stats.record({ model: target.modelName, version: target.version, status: 200, records }, now);
    return { body: { ...response, latencyMs: elapsedMs(started) }, replayed: false };
  } catch (error) {
    stats.record(
      { model: target.modelName, version: target.version, status: error instanceof ApiError ? error.status : 500, records },
      options.at?.getTime(),
    );
    throw error;
  }
}

/** The stored answer, with this request's own latency: the predictions are the original ones. */
async function replay(
  db: Database,
  options: PredictOptions,
  request: IdempotentRequest,
  started: number,
): Promise<PredictResult | null> {
  const response = await findStoredResponse(db, options.caller.keyId, request);
  return response === null ? null : { body: { ...(response as PredictResponse), latencyMs: elapsedMs(started) }, replayed: true };
}

const UNBATCHED: MicroBatchSettings = { maxRows: 1, waitMs: 0 };

const elapsedMs = (started: number) => Number((performance.now() - started).toFixed(3));

function respond(
  target: { modelName: string; version: number },
  rows: PredictionRow[],
  outputs: PredictionOutput[],
  started: number,
  explanations?: PresentedExplanation[],
) {
  return {
    model: target.modelName,
    version: target.version,
    predictions: rows.map((row, i) => ({
      predictionId: row.id,
      ...(row.entityId !== null ? { entityId: row.entityId } : {}),
      ...outputs[i],
      ...(explanations ? { explanation: explanations[i] } : {}),
    })),
    latencyMs: elapsedMs(started),
  };
}
