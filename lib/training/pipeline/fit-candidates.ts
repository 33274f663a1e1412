// Stage 5, fit candidates: every estimator --models asks for, on the training rows, early-stopping
// on validation; then each one's validation score (binary models at the threshold chosen on validation).

import type { Estimator, EstimatorDescription, EstimatorReport, FitData } from "../estimators/estimator";
import { createEstimators } from "../estimators/registry";
import { scoreOnValidation } from "../estimators/validation-score";
import type { CandidateResult } from "../report/report-types";
import type { RunContext } from "./run-context";

/** A fitted estimator, what it says about itself, and its scores (test filled in by the test stage). */
export interface Candidate {
  estimator: Estimator;
  description: EstimatorDescription;
  result: CandidateResult;
}

export async function fitCandidates(
  context: RunContext,
  data: Omit<FitData, "spec" | "stage" | "onEpoch">,
): Promise<Candidate[]> {
  const { spec, stage, onEvent } = context;
  const estimators = createEstimators(spec.models);
  if (estimators.some((e) => e.baseline)) stage("fitting baselines");
  const fitData: FitData = { ...data, spec, stage, onEpoch: (progress) => onEvent({ kind: "epoch", progress }) };
  for (const estimator of estimators) await estimator.fit(fitData);
  return estimators.map((estimator) => {
    const description = estimator.describe();
    const score = scoreOnValidation(estimator.predict(data.validation), data.validation.y, spec);
    const result: CandidateResult = {
      name: estimator.kind,
      description: description.summary,
      threshold: score.threshold,
      validation: score.metrics,
      validationPrimary: score.primary,
    };
    return { estimator, description, result };
  });
}

/** Every fitted estimator's report sections in one: each fills in only its own. */
export function mergedReports(candidates: readonly Candidate[]): EstimatorReport {
  const merged: EstimatorReport = {};
  for (const c of candidates) {
    Object.assign(merged, c.description.report, { search: { ...merged.search, ...c.description.report.search } });
  }
  return merged;
}
