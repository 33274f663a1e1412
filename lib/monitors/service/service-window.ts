import type { Manifest } from "@/lib/core/manifest/manifest-schema";

export type ServiceWindowResult = {
  requests: number;
  errors: number;
  rows: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  requestsPerS: number;
  rowsPerS: number;
  errorRate: number;
  slaP99Ms: number | null;
  slaMinRps: number | null;
  breaches: { rule: string; value: number; limit: number }[];
};

export type ServiceWindowInputs = {
  latency: { rows: number; p50: number | null; p95: number | null; p99: number | null };
  counts: { requests: number; errors: number };
  start: Date;
  end: Date;
};

/**
 * Latency percentiles, throughput and error rate of one version over one window (from what
 * loadServiceWindow read), and the SLA rules from its manifest it broke.
 */
export function computeServiceWindow(manifest: Manifest, inputs: ServiceWindowInputs): ServiceWindowResult {
  const { latency, counts } = inputs;
  const seconds = (inputs.end.getTime() - inputs.start.getTime()) / 1000;
  const sla = manifest.sla;
  const result: ServiceWindowResult = {
    requests: counts.requests,
    errors: counts.errors,
    rows: latency.rows,
    p50Ms: latency.p50,
    p95Ms: latency.p95,
    p99Ms: latency.p99,
    requestsPerS: counts.requests / seconds,
    rowsPerS: latency.rows / seconds,
    errorRate: counts.requests ? counts.errors / counts.requests : 0,
    slaP99Ms: sla?.p99LatencyMs ?? null,
    slaMinRps: sla?.minThroughputRps ?? null,
    breaches: [],
  };
  if (sla && result.p99Ms !== null && result.p99Ms > sla.p99LatencyMs)
    result.breaches.push({ rule: "p99_latency_ms", value: result.p99Ms, limit: sla.p99LatencyMs });
  return result;
}
