import { metricDirection } from "@/lib/metrics";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

export type GateRule = {
  rule: "deploy_threshold" | "beats_baseline";
  passed: boolean;
  metric: string;
  value: number | null;
  target: number | null;
  baseline?: string;
  message: string;
};

export type GateVerdict = { passed: boolean; metric: string; direction: string; rules: GateRule[] };

/**
 * The rules a version must pass before it may serve as `production`: its test-set value of the
 * primary metric declared before training reaches the deploy threshold, and it beats every
 * recorded baseline on that metric. Pure, so the dashboard can show the verdict before confirming.
 */
export function evaluatePromotionGate(manifest: Manifest): GateVerdict {
  const { successCriteria, test, baselines } = manifest.evaluation;
  const metric = successCriteria.primaryMetric;
  const direction = metricDirection(metric);
  const better = (a: number, b: number) => (direction === "higher_is_better" ? a > b : a < b);
  const atLeast = (a: number, b: number) => (direction === "higher_is_better" ? a >= b : a <= b);
  const value = test[metric] ?? null;
  const word = direction === "higher_is_better" ? "at least" : "at most";
  const rules: GateRule[] = [];

  rules.push({
    rule: "deploy_threshold",
    passed: value !== null && atLeast(value, successCriteria.deployThreshold),
    metric,
    value,
    target: successCriteria.deployThreshold,
    message:
      value === null
        ? `test ${metric} is not recorded`
        : `test ${metric} ${fmt(value)} must be ${word} the deploy threshold ${fmt(successCriteria.deployThreshold)}`,
  });
  for (const baseline of baselines) {
    const target = baseline.metrics[metric] ?? null;
    rules.push({
      rule: "beats_baseline",
      passed: value !== null && target !== null && better(value, target),
      metric,
      value,
      target,
      baseline: baseline.name,
      message:
        target === null
          ? `baseline "${baseline.name}" has no ${metric} recorded, so the model cannot be shown to beat it`
          : `test ${metric} ${value === null ? "(missing)" : fmt(value)} must beat baseline "${baseline.name}" (${fmt(target)})`,
    });
  }
  return { passed: rules.every((r) => r.passed), metric, direction, rules };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, "");
}
