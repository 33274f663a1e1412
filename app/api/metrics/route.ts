// GET /api/metrics — Prometheus exposition format (scope read; scrape with a bearer token)
import { apiRoute } from "@/lib/api/route-handler";
import { getMetrics } from "@/lib/observability/prometheus";
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";

export const GET = apiRoute({ scope: "read" }, async ({ db }) => {
  const { registry } = getMetrics();
  const log = getLogWriter(db).stats;
  // The log writer keeps plain counters; they are rendered here rather than mirrored into prom-client.
  const writer = [
    "# HELP tidemark_prediction_log_rows_written_total Prediction rows committed by this process",
    "# TYPE tidemark_prediction_log_rows_written_total counter",
    `tidemark_prediction_log_rows_written_total ${log.rowsWritten}`,
    "# HELP tidemark_prediction_log_flushes_total Group commits by this process",
    "# TYPE tidemark_prediction_log_flushes_total counter",
    `tidemark_prediction_log_flushes_total ${log.flushes}`,
    "# HELP tidemark_prediction_log_failures_total Failed log flushes by this process",
    "# TYPE tidemark_prediction_log_failures_total counter",
    `tidemark_prediction_log_failures_total ${log.failures}`,
    "# HELP tidemark_prediction_log_rows_dropped_total Fire-and-forget rows dropped because the queue was full",
    "# TYPE tidemark_prediction_log_rows_dropped_total counter",
    `tidemark_prediction_log_rows_dropped_total ${log.rowsDropped}`,
    "# HELP tidemark_prediction_log_rows_dead_lettered_total Fire-and-forget rows Postgres refused for their content, kept in prediction_dead_letters",
    "# TYPE tidemark_prediction_log_rows_dead_lettered_total counter",
    `tidemark_prediction_log_rows_dead_lettered_total ${log.deadLettered}`,
    "# HELP tidemark_prediction_log_splits_total Batches split to isolate a row Postgres refused for its content",
    "# TYPE tidemark_prediction_log_splits_total counter",
    `tidemark_prediction_log_splits_total ${log.splits}`,
  ].join("\n");
  return new Response(`${await registry.metrics()}\n${writer}\n`, { headers: { "content-type": registry.contentType } });
});
