import "server-only";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { type LogWriterStats, logWriterStats } from "@/lib/prediction-log/get-log-writer";

// One registry per process, on globalThis so `next dev` reloads do not register metrics twice.
type Metrics = {
  registry: Registry;
  requests: Counter<"route" | "method" | "status" | "model">;
  requestSeconds: Histogram<"route" | "method" | "model">;
  predictions: Counter<"model" | "version">;
  inferenceSeconds: Histogram<"model" | "version">;
  shadowRuns: Counter<"model" | "version" | "outcome">;
};

const holder = globalThis as unknown as { __tidemarkMetrics?: Metrics };

export function getMetrics(): Metrics {
  if (holder.__tidemarkMetrics) return holder.__tidemarkMetrics;
  const registry = new Registry();
  // prom-client names its defaults process_… and nodejs_…; the prefix makes them tidemark_process_… and tidemark_nodejs_….
  collectDefaultMetrics({ register: registry, prefix: "tidemark_" });
  const metrics: Metrics = {
    registry,
    requests: new Counter({
      name: "tidemark_http_requests_total",
      help: "API requests by route pattern, method, status and model",
      labelNames: ["route", "method", "status", "model"],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: "tidemark_http_request_duration_seconds",
      help: "API request duration in seconds, server side",
      labelNames: ["route", "method", "model"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    predictions: new Counter({
      name: "tidemark_predictions_total",
      help: "Predictions served (records, not requests) per model version",
      labelNames: ["model", "version"],
      registers: [registry],
    }),
    inferenceSeconds: new Histogram({
      name: "tidemark_inference_duration_seconds",
      help: "Validation plus model run time per predict request, per model version",
      labelNames: ["model", "version"],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    shadowRuns: new Counter({
      name: "tidemark_shadow_runs_total",
      help: "Shadow challenger runs per model version: logged, or failed (never seen by the caller)",
      labelNames: ["model", "version", "outcome"],
      registers: [registry],
    }),
  };
  registerLogWriterCounters(registry);
  holder.__tidemarkMetrics = metrics;
  return metrics;
}

const LOG_WRITER_COUNTERS: [name: string, help: string, stat: keyof LogWriterStats][] = [
  ["tidemark_prediction_log_rows_written_total", "Prediction rows committed by this process", "rowsWritten"],
  ["tidemark_prediction_log_flushes_total", "Group commits by this process", "flushes"],
  ["tidemark_prediction_log_failures_total", "Failed log flushes by this process", "failures"],
  ["tidemark_prediction_log_rows_dropped_total", "Fire-and-forget rows dropped because the queue was full", "rowsDropped"],
  [
    "tidemark_prediction_log_rows_dead_lettered_total",
    "Fire-and-forget rows Postgres refused for their content, kept in prediction_dead_letters",
    "deadLettered",
  ],
  ["tidemark_prediction_log_splits_total", "Batches split to isolate a row Postgres refused for its content", "splits"],
];

// The log writer keeps plain counters on its hot path; each scrape copies them into prom-client
// (a collect callback), so /api/metrics is one registry and one exposition.
function registerLogWriterCounters(registry: Registry): void {
  for (const [name, help, stat] of LOG_WRITER_COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(logWriterStats()[stat]);
      },
    });
  }
}

/** The label for a path that does not reduce to a pattern of plain route segments. */
export const UNMATCHED_ROUTE = "(unmatched)";
// Route folders are lower-case words with dashes; anything else in a label came from the client.
const STATIC_SEGMENT = /^[a-z0-9-]*$/;

/**
 * The route pattern of a request (`/api/v1/models/:name/predict`), so label cardinality stays
 * bounded: every segment is either a parameter placeholder or a plain route word, else the whole
 * label is UNMATCHED_ROUTE, so no raw path text reaches a label.
 */
export function routePattern(url: string, params: Record<string, string> | undefined): string {
  const segments = new URL(url).pathname.split("/");
  // Dynamic segments come after the static prefix, so match each parameter from the end: a model
  // named "api" must not turn the leading /api into a placeholder.
  for (const [key, value] of Object.entries(params ?? {})) {
    for (let i = segments.length - 1; i >= 0; i--) {
      if (segments[i] === value || safeDecode(segments[i]) === value) {
        segments[i] = `:${key}`;
        break;
      }
    }
  }
  if (!segments.every((segment) => segment.startsWith(":") || STATIC_SEGMENT.test(segment))) return UNMATCHED_ROUTE;
  return segments.join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
