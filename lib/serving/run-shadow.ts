import "server-only";
import type { Database } from "@/lib/db/open-database";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { validateRecords } from "@/lib/inference/validate-records";
import { runModelBatched, type MicroBatchSettings } from "@/lib/inference/micro-batch";
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";
import type { LogMode, PredictionRow } from "@/lib/prediction-log/prediction-row";
import { getMetrics } from "@/lib/observability/prometheus";
import type { ServingTarget } from "./resolve-serving-target";

// Shadow runs wait for CPU behind the callers' own work; past this many in flight in a process a
// request's shadow is skipped (counted) rather than queued without bound.
const MAX_IN_FLIGHT = 64;
const holder = globalThis as unknown as { __tidemarkShadowInFlight?: { n: number } };
const inFlight = (holder.__tidemarkShadowInFlight ??= { n: 0 });

export type ShadowRequest = {
  /** The records as the caller sent them: the challenger validates them against its own features. */
  inputs: readonly unknown[];
  /** The champion's rows for those records, as logged: each shadow row points at its pair. */
  championRows: readonly PredictionRow[];
  logMode: LogMode;
  batching: MicroBatchSettings;
};

/**
 * When the alias shadows a challenger, runs it on the request's records after the champion's answer
 * is made, off the caller's path: nothing here is awaited by the response, and every failure
 * (records the challenger rejects, a run that throws, a log write that fails) is caught and counted
 * in `tidemark_shadow_runs_total{outcome}`, never thrown. Rows are logged under the challenger's
 * version with source `shadow` and the champion row's id, at the champion's time.
 */
export function startShadow(db: Database, target: ServingTarget, request: ShadowRequest): void {
  const rollout = target.rollout;
  const challenger = rollout?.mode === "shadow" ? rollout.challenger : null;
  // With the log off there is nothing to compare the challenger's answers with later.
  if (!challenger || request.logMode === "off") return;
  const labels = { model: challenger.modelName, version: String(challenger.version) };
  if (inFlight.n >= MAX_IN_FLIGHT) {
    getMetrics().shadowRuns.inc({ ...labels, outcome: "skipped" });
    return;
  }
  inFlight.n++;
  // setImmediate: even validation runs after the caller's answer has been handed back.
  setImmediate(() => {
    runShadow(db, challenger, request)
      .then(
        (outcome) => getMetrics().shadowRuns.inc({ ...labels, outcome }),
        (error) => {
          console.error(`shadow: version ${challenger.version} of "${challenger.modelName}" failed:`, error);
          getMetrics().shadowRuns.inc({ ...labels, outcome: "failed" });
        },
      )
      .finally(() => inFlight.n--);
  });
}

async function runShadow(db: Database, challenger: ServingTarget, request: ShadowRequest): Promise<"logged" | "rejected"> {
  const started = performance.now();
  const { columns, records, problems } = validateRecords(challenger.manifest.features, request.inputs);
  if (problems.length) return "rejected";
  const outputs = await runModelBatched(challenger.session, challenger.manifest, columns, records.length, request.batching);
  const latencyMs = performance.now() - started;
  const rows: PredictionRow[] = outputs.map((output, i) => {
    const pair = request.championRows[i];
    return {
      id: uuidv7(pair.createdAt.getTime()),
      createdAt: pair.createdAt,
      modelVersionId: challenger.versionId,
      entityId: pair.entityId,
      features: records[i],
      output,
      latencyMs,
      apiKeyId: pair.apiKeyId,
      source: "shadow",
      pairedPredictionId: pair.id,
    };
  });
  await getLogWriter(db).write(rows, request.logMode);
  return "logged";
}
