import "server-only";
// `tidemark train` end to end, as a sequence of stages: load → split (and test-set ledger check) →
// audit → preprocess (fitted on train) → fit candidates (every estimator --models names) → select
// on validation → evaluate once on test (counted in the ledger) → export the winner to ONNX and check
// parity → manifest and report. Writes everything to the run folder; registration is the caller's
// (it needs a database or a server).

import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { renderReportHtml } from "../report/render-report-html";
import type { TrainingReport } from "../report/report-types";
import { testPredictionsCsv } from "../report/test-predictions-csv";
import { selectFeatures } from "../audit/select-features";
import { specForRecord, type TrainSpec } from "../train-spec";
import { assembleManifest } from "./assemble-manifest";
import { assembleReport } from "./assemble-report";
import { auditTrainingData } from "./audit-data";
import { describeSelected } from "./describe-selected";
import { evaluateOnTest } from "./evaluate-test";
import { assertParity, exportSelected } from "./export-model";
import { fitCandidates } from "./fit-candidates";
import { loadTrainingData } from "./load-data";
import { preprocess } from "./preprocess";
import { createRunContext, type TrainingEvent } from "./run-context";
import { selectCandidate } from "./select-candidate";
import { splitTrainingData } from "./split-data";

export type { TrainingEvent } from "./run-context";
export { ParityError, TrainingRefused } from "./training-errors";
export { TREE_PARITY_TOLERANCE } from "../estimators/gbdt";
export type { CandidateName, CandidateResult, TrainingReport } from "../report/report-types";

export interface TrainingOutcome {
  report: TrainingReport;
  manifest: Manifest;
  onnx: Uint8Array;
  outDir: string;
}

export async function runTraining(spec: TrainSpec, onEvent: (event: TrainingEvent) => void = () => {}): Promise<TrainingOutcome> {
  const startedAt = new Date().toISOString();
  const context = createRunContext(spec, onEvent);
  const { write } = context;
  write("spec.json", `${JSON.stringify(specForRecord(spec), null, 2)}\n`);

  const data = await loadTrainingData(context);
  const { table, target, numClasses } = data;
  const selection = selectFeatures(table, spec);
  const { split, ledger } = splitTrainingData(context, data);
  const audit = await auditTrainingData(context, { data, selection, split });

  const preprocessed = preprocess(data, selection, split);
  const { preprocessor, design } = preprocessed;
  const train = design(split.train);
  const validation = design(split.validation);
  const classWeights = audit.classBalance?.imbalanced ? audit.classBalance.classWeights : undefined;
  const candidates = await fitCandidates(context, {
    numClasses,
    classWeights,
    table,
    preprocessor,
    y: target.y,
    train,
    validation,
  });

  const { selected, selection: chosen } = selectCandidate(context, candidates);
  const test = evaluateOnTest(context, {
    candidates,
    selected,
    ledger,
    testRows: split.test,
    design,
    classes: target.classes,
  });
  const exported = await exportSelected(context, {
    selected,
    table,
    preprocessed,
    classes: target.classes,
    numClasses,
    testRows: split.test,
    testPredictions: test.predictions,
    trainY: train.y,
  });
  const facts = describeSelected(context, { selected, table, preprocessed, train, validation, classWeights });
  for (const { estimator } of candidates) estimator.dispose();

  const manifest = assembleManifest(context, { data, preprocessed, split, audit, candidates, selected, facts, test });
  const report = assembleReport(context, {
    startedAt,
    data,
    selection,
    preprocessed,
    split,
    audit,
    candidates,
    chosen,
    facts,
    test,
    exported,
  });
  write("test-predictions.csv", testPredictionsCsv(test.predictions, split.test, target.keptRows, target.classes));
  write("report.json", `${JSON.stringify(report, null, 2)}\n`);
  write("report.html", renderReportHtml(report));
  assertParity(exported.parity);
  write("model.onnx", exported.onnx);
  write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return { report, manifest, onnx: exported.onnx, outDir: spec.out };
}
