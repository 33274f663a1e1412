// Stage 7, test: every candidate on the test set, once, after selection and only if the ledger
// allows it; the evaluation is recorded in the ledger and the selected model gets its verdict.

import path from "node:path";
import { metricDirection } from "@/lib/metrics";
import type { SplitData } from "../estimators/estimator";
import { evaluatePredictions, evaluationDetail, metricsRecord, primaryValue } from "../evaluation/evaluate-predictions";
import type { Predictions } from "../models/predictions";
import type { TrainingReport } from "../report/report-types";
import { recordEvaluation, type LedgerEntry } from "../test-set-ledger";
import type { Candidate } from "./fit-candidates";
import type { RunContext } from "./run-context";
import { formatMetric } from "./select-candidate";
import { refuseReusedTestSet, type TestSetLedger } from "./split-data";

export interface TestEvaluation {
  /** The selected model's in-process predictions on the test rows (the ONNX export is checked against them). */
  predictions: Predictions;
  report: TrainingReport["test"];
  verdict: TrainingReport["verdict"];
  history: LedgerEntry[];
}

export function evaluateOnTest(
  { spec, stage }: RunContext,
  {
    candidates,
    selected,
    ledger,
    classes,
    ...rows
  }: {
    candidates: readonly Candidate[];
    selected: Candidate;
    ledger: TestSetLedger;
    testRows: Int32Array;
    design: (rows: Int32Array) => SplitData;
    classes?: readonly string[];
  },
): TestEvaluation {
  const prior = refuseReusedTestSet(spec, ledger);
  stage(
    prior.length > 0
      ? `evaluating on the test set, which was already evaluated ${prior.length} time${prior.length === 1 ? "" : "s"} (--reuse-test-set)`
      : "evaluating on the test set (once)",
  );
  const test = rows.design(rows.testRows);
  const evaluatedAt = new Date().toISOString();
  let selectedPredictions: Predictions | undefined;
  let selectedDetail: TrainingReport["test"]["selected"] | undefined;
  for (const { estimator, result } of candidates) {
    const predictions = estimator.predict(test);
    const metrics = evaluatePredictions(predictions, test.y, result.threshold?.threshold);
    result.test = metricsRecord(metrics);
    result.testPrimary = primaryValue(metrics, spec.metric);
    if (result === selected.result) {
      if (metrics.kind === "multiclass" && metrics.aucUndefinedReason) {
        // A chronological split can leave a rare class out of the test rows: the AUC is then
        // undefined (not 0, not a crash), and the run says which class.
        stage(`test auc is undefined: ${nameClass(metrics.aucUndefinedReason, classes)}`);
      }
      selectedPredictions = predictions;
      selectedDetail = evaluationDetail(predictions, test.y, result.threshold?.threshold);
    }
  }
  const testValue = selected.result.testPrimary!;
  const history = recordEvaluation({
    file: ledger.file,
    splitId: ledger.splitId,
    identity: ledger.identity,
    dataFile: spec.data,
    entry: {
      evaluatedAt,
      runDir: path.resolve(spec.out),
      model: selected.result.name,
      metric: spec.metric,
      value: testValue,
      reused: prior.length > 0,
    },
  });
  const reused = history.length > 1;
  const direction = metricDirection(spec.metric);
  const passed = direction === "higher_is_better" ? testValue >= spec.deployThreshold : testValue <= spec.deployThreshold;
  const verdict = {
    metric: spec.metric,
    direction,
    deployThreshold: spec.deployThreshold,
    testValue,
    passed,
    message: `${passed ? "PASS" : "FAIL"}: test ${spec.metric} ${formatMetric(testValue)} ${passed ? "meets" : "misses"} the deploy threshold (${direction === "higher_is_better" ? "≥" : "≤"} ${spec.deployThreshold})${reused ? ` — on a test set evaluated ${history.length} times, so optimistic` : ""}`,
  };
  return {
    predictions: selectedPredictions!,
    report: {
      evaluations: history.length,
      evaluatedAt,
      selected: selectedDetail!,
      ledger: { splitId: ledger.splitId, file: ledger.file, evaluations: history.length, reused, history },
    },
    verdict,
    history,
  };
}

/** "class 3 never occurs…" → "class 3 ("snow") never occurs…". */
function nameClass(reason: string, classes: readonly string[] | undefined): string {
  return reason.replace(/^class (\d+)/, (whole, index: string) => {
    const name = classes?.[Number(index)];
    return name === undefined ? whole : `class ${index} (${JSON.stringify(name)})`;
  });
}
