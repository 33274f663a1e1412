import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { HOUR_MS } from "@/lib/core/time/durations";
import { validateRecords } from "@/lib/inference/validate-records";
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";
import { LogWriteTimeoutError } from "@/lib/prediction-log/batch-writer";
import type { PredictionRow, PredictionSource } from "@/lib/prediction-log/prediction-row";
import { checkOutput, type LoggedOutput } from "./check-output";
import type { IngestItemResult, IngestRecord } from "./ingest-schemas";
import { parseRecord } from "./parse-record";
import type { IngestTarget } from "./resolve-ingest-target";

/** How far ahead of this server's clock a record's time may lie: the sender's clock may run fast. */
export const FUTURE_SKEW_MS = 5 * 60_000;

export const INGEST_OUTCOME_UNKNOWN_MESSAGE =
  "The prediction log did not confirm the write in time: the records may or may not have been stored. " +
  "Retry with the same predictionIds: records already stored are answered duplicate, never stored twice.";

export type StoreIngestedOptions = {
  target: IngestTarget;
  records: readonly unknown[];
  apiKeyId: string | null;
  source: PredictionSource;
  /** The clock, for tests. */
  now?: number;
};

type Candidate = { index: number; record: IngestRecord; timeMs: number };

/**
 * Stores predictions made outside Tidemark in the prediction log, record by record: each one is
 * stored, a duplicate of a prediction id already stored, or rejected with the field and the reason.
 * Features are checked exactly as predict checks them and outputs against the task, so the drift,
 * quality, performance and business monitors read these rows as they read served ones.
 */
export async function storeIngestedRecords(db: Database, options: StoreIngestedOptions) {
  const { target } = options;
  const now = options.now ?? Date.now();
  const results: IngestItemResult[] = new Array(options.records.length);
  const candidates: Candidate[] = [];
  options.records.forEach((raw, index) => {
    const parsed = parseRecord(raw, index);
    if ("rejected" in parsed) {
      results[index] = parsed.rejected;
      return;
    }
    const timeMs = parsed.record.time ? Date.parse(parsed.record.time) : now;
    const timeProblem = checkTime(timeMs, now, target.lookbackHours);
    if (timeProblem) {
      results[index] = reject(index, "invalid_time", "Invalid time", [{ path: "time", message: timeProblem }]);
      return;
    }
    candidates.push({ index, record: parsed.record, timeMs });
  });

  const { problems } = validateRecords(
    target.manifest.features,
    candidates.map((c) => c.record.features),
  );
  const featureProblems = new Map<number, { path: string; message: string }[]>();
  for (const p of problems) {
    const list = featureProblems.get(p.index) ?? [];
    list.push({ path: `features.${p.field}`, message: p.message });
    featureProblems.set(p.index, list);
  }

  const rows: PredictionRow[] = [];
  const rowIndex = new Map<string, number>();
  candidates.forEach((c, i) => {
    const featuresWrong = featureProblems.get(i);
    if (featuresWrong) {
      results[c.index] = reject(c.index, "invalid_features", "Invalid features", featuresWrong, c.record.predictionId);
      return;
    }
    const checked = checkOutput(target.manifest, c.record.output);
    if (checked.problems) {
      results[c.index] = reject(c.index, "invalid_output", "Invalid output", checked.problems, c.record.predictionId);
      return;
    }
    const id = c.record.predictionId?.toLowerCase() ?? uuidv7(c.timeMs);
    if (rowIndex.has(id)) {
      // The same id twice in one request: the first one is the prediction.
      results[c.index] = { index: c.index, status: "duplicate", predictionId: id };
      return;
    }
    rowIndex.set(id, c.index);
    rows.push(toRow(options, c, id, checked.output));
  });

  let duplicates: Set<string>;
  try {
    duplicates = await getLogWriter(db).writeUnique(rows);
  } catch (error) {
    if (error instanceof LogWriteTimeoutError) throw new ApiError("service_unavailable", INGEST_OUTCOME_UNKNOWN_MESSAGE);
    throw error;
  }
  for (const row of rows) {
    const index = rowIndex.get(row.id) as number;
    results[index] = { index, status: duplicates.has(row.id) ? "duplicate" : "stored", predictionId: row.id };
  }
  const count = (status: IngestItemResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    model: target.modelName,
    version: target.version,
    received: options.records.length,
    stored: count("stored"),
    duplicate: count("duplicate"),
    rejected: count("rejected"),
    items: results,
  };
}

export type IngestResponse = Awaited<ReturnType<typeof storeIngestedRecords>>;

function checkTime(timeMs: number, now: number, lookbackHours: number): string | null {
  if (timeMs > now + FUTURE_SKEW_MS)
    return `lies in the future (more than ${FUTURE_SKEW_MS / 60_000} minutes ahead of the server's clock)`;
  if (timeMs < now - lookbackHours * HOUR_MS) {
    return `is older than the model's drift lookback (${lookbackHours} hours, monitoring setting lookbackHours): it would never be monitored`;
  }
  return null;
}

function toRow(options: StoreIngestedOptions, c: Candidate, id: string, output: LoggedOutput): PredictionRow {
  return {
    id,
    createdAt: new Date(c.timeMs),
    modelVersionId: options.target.versionId,
    entityId: c.record.entityId ?? null,
    features: c.record.features,
    output,
    // The latency of a model served elsewhere is not known here; the service monitor skips these rows.
    latencyMs: 0,
    apiKeyId: options.apiKeyId,
    source: options.source,
  };
}

function reject(
  index: number,
  code: NonNullable<IngestItemResult["error"]>["code"],
  message: string,
  details: { path: string; message: string }[],
  predictionId?: string,
): IngestItemResult {
  return { index, status: "rejected", ...(predictionId ? { predictionId } : {}), error: { code, message, details } };
}
