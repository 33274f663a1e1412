// Stage 6, select: the candidate with the best validation primary metric (ties keep the simpler,
// earlier one), and the sentence the report and the CLI say about the choice.

import { isBetter } from "../estimators/validation-score";
import type { CandidateResult, TrainingReport } from "../report/report-types";
import type { TrainMetric } from "../train-spec";
import type { Candidate } from "./fit-candidates";
import type { RunContext } from "./run-context";

export function selectCandidate(
  { spec, stage }: RunContext,
  candidates: readonly Candidate[],
): { selected: Candidate; selection: TrainingReport["selection"] } {
  let selected = candidates[0];
  for (const c of candidates.slice(1))
    if (isBetter(c.result.validationPrimary, selected.result.validationPrimary, spec.metric)) selected = c;
  const results = candidates.map((c) => c.result);
  const mlpResult = results.find((c) => c.name === "mlp");
  const message = describeSelection(selected.result, results, spec.metric);
  stage(message);
  return {
    selected,
    selection: {
      selected: selected.result.name,
      rule: `best validation ${spec.metric}`,
      baselineBeatMlp: mlpResult !== undefined && selected.result !== mlpResult,
      message,
    },
  };
}

function describeSelection(selected: CandidateResult, candidates: readonly CandidateResult[], metric: TrainMetric): string {
  const mlp = candidates.find((c) => c.name === "mlp");
  const others = candidates
    .filter((c) => c !== selected)
    .map((c) => `${c.name} ${formatMetric(c.validationPrimary)}`)
    .join(", ");
  const vs = others ? ` (vs ${others})` : "";
  const value = formatMetric(selected.validationPrimary);
  if (selected.name === "gbdt")
    return `The gradient-boosted trees have the best validation ${metric}: ${value}${vs}; the trees are exported.`;
  if (selected.name === "mlp")
    return `The MLP has the best validation ${metric} (${value})${others ? `, vs ${others}` : ""}; it is exported.`;
  if (mlp && selected.validationPrimary === mlp.validationPrimary)
    return `The ${selected.name} baseline (${selected.description}) ties the MLP on validation ${metric} (${value}); the simpler model is exported.`;
  if (mlp)
    return `The ${selected.name} baseline (${selected.description}) beat the MLP on validation ${metric} (${value} vs ${formatMetric(mlp.validationPrimary)}); the baseline is exported.`;
  return `The ${selected.name} baseline (${selected.description}) has the best validation ${metric}: ${value}${vs}; it is exported.`;
}

export function formatMetric(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(4);
}
