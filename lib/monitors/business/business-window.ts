import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { pearsonCorrelation } from "@/lib/metrics/pearson-correlation";
import { businessByDecile, type DecileRow } from "@/lib/monitors/business/business-by-decile";

export type BusinessWindowResult = {
  name: string;
  predictions: number;
  events: number;
  sum: number;
  rate: number;
  deciles: DecileRow[];
  correlation: number | null;
};

/** The score whose deciles are reported: the positive class's probability, the top class's, or the value. */
export function scoreOf(
  manifest: Manifest,
  output: { label?: string; probabilities?: Record<string, number>; value?: number },
): number {
  if (manifest.task === "regression") return output.value ?? NaN;
  if (manifest.task === "binary") return output.probabilities?.[manifest.outputs.classes![1]] ?? NaN;
  return Math.max(...Object.values(output.probabilities ?? { none: NaN }));
}

export type BusinessWindowInputs = {
  predictions: { id: string; output: Parameters<typeof scoreOf>[1] }[];
  attributed: { id: string; name: string; events: number; total: number }[];
};

/**
 * Each business metric over the predictions (with an entity id) of one window, from what
 * loadBusinessWindow read. Predictions without events count as 0, so rates are per prediction.
 */
export function computeBusinessWindow(
  manifest: Manifest,
  inputs: BusinessWindowInputs,
): { rowsRead: number; results: BusinessWindowResult[] } {
  const { predictions, attributed } = inputs;
  const index = new Map(predictions.map((p, i) => [p.id, i]));
  const scores = predictions.map((p) => scoreOf(manifest, p.output));
  const byName = new Map<string, { values: Float64Array; events: number }>();
  for (const a of attributed) {
    const entry = byName.get(a.name) ?? { values: new Float64Array(predictions.length), events: 0 };
    const i = index.get(a.id);
    if (i === undefined) continue;
    entry.values[i] = a.total;
    entry.events += a.events;
    byName.set(a.name, entry);
  }
  const results = [...byName].map(([name, { values, events }]) => {
    const sum = values.reduce((s, v) => s + v, 0);
    return {
      name,
      predictions: predictions.length,
      events,
      sum,
      rate: predictions.length ? sum / predictions.length : 0,
      deciles: businessByDecile(scores, values),
      correlation: pearsonCorrelation(scores, values),
    };
  });
  return { rowsRead: predictions.length + attributed.length, results };
}
