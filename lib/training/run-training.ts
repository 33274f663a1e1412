import "server-only";
// `tidemark train` end to end: load → audit → split → fit preprocessing on train → baselines → MLP →
// select on validation → evaluate once on test → export ONNX → parity check → manifest and report.
// Writes everything to the run folder; registration is the caller's (it needs a database or a server).

import fs from "node:fs";
import path from "node:path";
import { metricDirection, reliabilityTable } from "@/lib/metrics";
import { expectedCalibrationErrorFromTable } from "@/lib/metrics/calibration";
import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { Manifest } from "@/lib/registry/manifest-schema";
import { labelCheckCsv, readLabelCheck } from "./audit/label-check";
import { buildManifest } from "./build-manifest";
import { chooseThreshold, type ThresholdChoice } from "./choose-threshold";
import { loadTable, type LoadedTable } from "./data/load-table";
import { evaluatePredictions, evaluationDetail, metricsRecord, primaryValue, type EvaluationDetail } from "./evaluate-predictions";
import { exportOnnx } from "./export-onnx";
import { featureNamesFor } from "./feature-names";
import { denseForward } from "./models/dense-network";
import type { Design } from "./models/design";
import { fitLinearModel } from "./models/linear-model";
import { fitMajorityModel } from "./models/majority-model";
import { trainMlp, type EpochRecord, type MlpProgress } from "./models/mlp";
import { predictionColumn, type Predictions } from "./models/predictions";
import { initTensorflow } from "./models/tf-backend";
import { compareOutputs, onnxFeeds, runOnnx, type ParityResult } from "./parity-check";
import { prepareTarget } from "./prepare-target";
import { fitPreprocessor, transform, type Preprocessor } from "./preprocessor";
import { deriveSeed } from "./random";
import { runAudit, type AuditResult } from "./run-audit";
import { selectFeatures } from "./select-features";
import { assertUsableSplit, chronologicalSplit, columnSplit, randomSplit, stratifiedSplit, type SplitIndices } from "./split-rows";
import { cellText, getColumnOrThrow, selectRows, type ColumnType, type Table } from "./table";
import { toolVersion } from "./tool-version";
import { specForRecord, type TrainSpec } from "./train-spec";
import { toCsv } from "./report/csv-writer";
import { renderReportHtml } from "./report/render-report-html";

export const CANDIDATE_NAMES = { majority: "majority", linear: "linear", mlp: "mlp" } as const;
export type CandidateName = keyof typeof CANDIDATE_NAMES;

/** A run that must not go on (bad labels, unusable data): the message says why and what to do. */
export class TrainingRefused extends Error {}
/** The exported model does not reproduce the evaluated one. */
export class ParityError extends Error {}

export interface CandidateResult {
  name: CandidateName;
  description: string;
  threshold?: ThresholdChoice;
  validation: Record<string, number>;
  validationPrimary: number;
  test?: Record<string, number>;
  testPrimary?: number;
}

export interface TrainingReport {
  tool: string;
  startedAt: string;
  finishedAt: string;
  spec: ReturnType<typeof specForRecord>;
  data: { file: string; sha256: string; bytes: number; format: string; rows: number; rowsUsed: number; droppedMissingTarget: number; columns: LoadedTable["columns"] };
  features: { used: { column: string; name: string; type: string; width: number }[]; excluded: { column: string; reason: string }[]; designWidth: number };
  split: { method: SplitIndices["method"]; train: number; validation: number; test: number };
  audit: AuditResult;
  classes?: string[];
  backend: string;
  mlp: { hyperparameters: TrainSpec["mlp"]; history: EpochRecord[]; bestEpoch: number; stoppedEarly: boolean; seconds: number };
  linear: { l2: number; iterations: number; converged: boolean };
  candidates: CandidateResult[];
  selection: { selected: CandidateName; rule: string; baselineBeatMlp: boolean; message: string };
  test: { evaluations: 1; evaluatedAt: string; selected: EvaluationDetail };
  verdict: { metric: string; direction: string; deployThreshold: number; testValue: number; passed: boolean; message: string };
  parity: ParityResult;
  artifacts: string[];
}

export type TrainingEvent = { kind: "stage"; message: string } | { kind: "epoch"; progress: MlpProgress };

export interface TrainingOutcome {
  report: TrainingReport;
  manifest: Manifest;
  onnx: Uint8Array;
  outDir: string;
}

export async function runTraining(spec: TrainSpec, onEvent: (event: TrainingEvent) => void = () => {}): Promise<TrainingOutcome> {
  const startedAt = new Date().toISOString();
  const stage = (message: string) => onEvent({ kind: "stage", message });
  fs.mkdirSync(spec.out, { recursive: true });
  const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(spec.out, name), content);
  write("spec.json", JSON.stringify(specForRecord(spec), null, 2) + "\n");

  stage(`loading ${spec.data}`);
  // A class label is read as text, so "yes"/"no" stay the class names rather than becoming true/false.
  const targetType = spec.task !== "regression" && !spec.columnTypes?.[spec.target] ? { [spec.target]: "categorical" as const } : {};
  const loaded = await loadTable(spec.data, { columnTypes: { ...spec.columnTypes, ...targetType } });
  const targetColumn = getColumnOrThrow(loaded.table, spec.target);
  const target = prepareTarget(targetColumn, spec.task, spec.positiveClass);
  // From here on the table holds only rows with a target; row i of `table` is source row keptRows[i].
  // Copied only when rows were dropped: at a few million rows every column copy costs tens of MB.
  const table: Table =
    target.droppedMissing === 0 ? loaded.table : { rows: target.keptRows.length, columns: loaded.table.columns.map((c) => selectRows(c, target.keptRows)) };
  const y = target.y;
  const classes = target.classes;
  const numClasses = classes?.length ?? 0;

  const selection = selectFeatures(table, spec);
  const split = splitRows(spec, table, y, numClasses);
  stage(`split ${split.method}: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test rows`);

  write("label-check.csv", labelCheckCsv(table, Int32Array.from({ length: table.rows }, (_, i) => i), deriveSeed(spec.seed, "label-check"), { fileRows: target.keptRows }));
  const labelCheck = spec.labelCheck ? readLabelCheck(spec.labelCheck) : undefined;
  let production: Table | undefined;
  if (spec.productionSample) {
    const types: Record<string, ColumnType> = {};
    for (const c of selection.used) types[c.name] = c.type;
    // Read with the training types, so a code column is compared as categories on both sides.
    production = (await loadTable(spec.productionSample, { columnTypes: types, strictOverrides: false })).table;
  }
  stage("auditing the data");
  const audit = runAudit({
    task: spec.task,
    target: spec.target,
    table,
    loadReport: loaded.columns,
    y,
    classes,
    features: selection.used,
    columnQuality: selection.qualities,
    split,
    production,
    labelCheck,
  });
  write("audit.json", JSON.stringify(audit, null, 2) + "\n");
  if (labelCheck && !labelCheck.passes && !spec.force) {
    throw new TrainingRefused(
      labelCheck.reviewed === 0
        ? `${spec.labelCheck} has no reviewed rows; fill its label_ok column with yes/no, or pass --force`
        : `${labelCheck.wrong} of ${labelCheck.reviewed} checked labels (${(labelCheck.wrongShare * 100).toFixed(1)}%) are marked wrong, above the 5% limit; fix the labels or pass --force`,
    );
  }

  const names = featureNamesFor(selection.used.map((c) => c.name));
  const preprocessor = fitPreprocessor(table, selection.used, names, split.train);
  const design = (rows: Int32Array): Design => ({ x: transform(table, preprocessor, rows), rows: rows.length, width: preprocessor.width, y: Float64Array.from(rows, (r) => y[r]) });
  const train = design(split.train);
  const validation = design(split.validation);
  const classWeights = audit.classBalance?.imbalanced ? audit.classBalance.classWeights : undefined;

  stage("fitting baselines");
  const majorityLayer = fitMajorityModel(train, spec.task, numClasses);
  const l2 = 1 / train.rows;
  const linear = fitLinearModel(train, { task: spec.task, numClasses, classWeights, l2 });
  const linearLayer: DenseLayer = { inDim: linear.inDim, outDim: linear.outDim, weights: Array.from(linear.weights), bias: Array.from(linear.bias) };

  const backend = await initTensorflow();
  stage(`training the MLP (${backend} backend)`);
  const mlpStarted = performance.now();
  const epochMetric = (p: Predictions) => primaryValue(evaluatePredictions(p, validation.y), spec.metric);
  const mlp = trainMlp(train, validation, {
    task: spec.task,
    numClasses,
    classWeights,
    seed: spec.seed,
    hyperparameters: spec.mlp,
    validationMetric: epochMetric,
    onEpoch: (progress) => onEvent({ kind: "epoch", progress }),
  });
  const mlpSeconds = (performance.now() - mlpStarted) / 1000;

  const predictors: Record<CandidateName, { description: string; predict: (d: Design) => Predictions }> = {
    majority: { description: spec.task === "regression" ? "training mean" : "training class prior", predict: (d) => denseForward([majorityLayer], spec.task, d.x, d.rows) },
    linear: {
      description: spec.task === "regression" ? "ridge regression" : spec.task === "binary" ? "logistic regression (L2)" : "multinomial logistic regression (L2)",
      predict: (d) => denseForward([linearLayer], spec.task, d.x, d.rows),
    },
    mlp: { description: `MLP ${spec.mlp.hiddenLayers.join("-")}${spec.mlp.batchNorm ? " with batch norm" : ""}, dropout ${spec.mlp.dropout}`, predict: (d) => mlp.predict(d.x, d.rows) },
  };

  // Selection on validation only.
  const costs = spec.costFp !== undefined ? { costFp: spec.costFp, costFn: spec.costFn! } : undefined;
  const candidates: CandidateResult[] = (["mlp", "linear", "majority"] as const).map((name) => {
    const predictions = predictors[name].predict(validation);
    const threshold = predictions.task === "binary" ? chooseThreshold(validation.y, predictions.scores, costs) : undefined;
    const metrics = evaluatePredictions(predictions, validation.y, threshold?.threshold);
    return { name, description: predictors[name].description, threshold, validation: metricsRecord(metrics), validationPrimary: primaryValue(metrics, spec.metric) };
  });
  const direction = metricDirection(spec.metric);
  const better = (a: number, b: number) => (direction === "higher_is_better" ? a > b : a < b);
  let selected = candidates[0];
  for (const c of candidates.slice(1)) if (better(c.validationPrimary, selected.validationPrimary)) selected = c;
  const mlpResult = candidates[0];
  const baselineBeatMlp = selected.name !== "mlp";
  const selectionMessage = baselineBeatMlp
    ? `The ${selected.name} baseline (${selected.description}) beat the MLP on validation ${spec.metric} (${fmt(selected.validationPrimary)} vs ${fmt(mlpResult.validationPrimary)}); the baseline is exported.`
    : `The MLP has the best validation ${spec.metric} (${fmt(mlpResult.validationPrimary)}); it is exported.`;
  stage(selectionMessage);

  // The test set, once, for every candidate, after selection.
  stage("evaluating on the test set (once)");
  const test = design(split.test);
  const evaluatedAt = new Date().toISOString();
  let selectedTestPredictions: Predictions | undefined;
  let selectedDetail: EvaluationDetail | undefined;
  for (const c of candidates) {
    const predictions = predictors[c.name].predict(test);
    const metrics = evaluatePredictions(predictions, test.y, c.threshold?.threshold);
    c.test = metricsRecord(metrics);
    c.testPrimary = primaryValue(metrics, spec.metric);
    if (c === selected) {
      selectedTestPredictions = predictions;
      selectedDetail = evaluationDetail(predictions, test.y, c.threshold?.threshold);
    }
  }
  const testValue = selected.testPrimary!;
  const passed = direction === "higher_is_better" ? testValue >= spec.deployThreshold : testValue <= spec.deployThreshold;
  const verdict = {
    metric: spec.metric,
    direction,
    deployThreshold: spec.deployThreshold,
    testValue,
    passed,
    message: `${passed ? "PASS" : "FAIL"}: test ${spec.metric} ${fmt(testValue)} ${passed ? "meets" : "misses"} the deploy threshold (${direction === "higher_is_better" ? "≥" : "≤"} ${spec.deployThreshold})`,
  };

  stage("exporting ONNX and checking parity with ONNX Runtime");
  const layers = selected.name === "mlp" ? mlp.exportLayers() : selected.name === "linear" ? [linearLayer] : [majorityLayer];
  const onnx = exportOnnx({ task: spec.task, preprocessor, layers, classes });
  const onnxPredictions = await runOnnx(onnx, onnxFeeds(table, preprocessor, split.test), spec.task, numClasses);
  const parity = compareOutputs(selectedTestPredictions!, onnxPredictions, spec.task === "regression" ? targetScale(train.y) : 1);

  const trainPredictions = predictors[selected.name].predict(train);
  // Validation, not test, so the test set stays used once; class weights and ReLU nets often leave
  // scores miscalibrated, which monitoring corrects with these bins before labels arrive.
  const validationScores = predictors[selected.name].predict(validation);
  const calibration =
    validationScores.task === "binary"
      ? (() => {
          const bins = reliabilityTable(validation.y, validationScores.scores);
          return {
            calibrated: expectedCalibrationErrorFromTable(bins) <= CALIBRATED_ECE,
            bins: bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, fractionPositive: b.fractionPositive })),
          };
        })()
      : undefined;
  mlp.dispose();
  const hyperparameters = { model: selected.name, mlp: spec.mlp, linear: { l2 }, classWeights: classWeights ?? null, backend, bestEpoch: mlp.bestEpoch };
  const manifest = buildManifest({
    spec,
    table,
    preprocessor,
    trainRows: split.train,
    classes,
    threshold: selected.threshold?.threshold,
    calibration,
    trainPredictions: predictionColumn(trainPredictions),
    test: selected.test!,
    validation: selected.validation,
    // The exported model is not its own baseline; the MLP, when a baseline won, is not a baseline either.
    baselines: candidates.filter((c) => c !== selected && c.name !== "mlp").map((c) => ({ name: c.name, metrics: c.test! })),
    lineage: {
      dataSha256: loaded.sha256,
      rows: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      hyperparameters,
      toolVersion: toolVersion(),
      trainedAt: evaluatedAt,
    },
    description: `${spec.task} model of "${spec.target}" (${predictors[selected.name].description}) trained by tidemark train on ${path.basename(spec.data)}`,
  });

  const report: TrainingReport = {
    tool: toolVersion(),
    startedAt,
    finishedAt: new Date().toISOString(),
    spec: specForRecord(spec),
    data: {
      file: spec.data,
      sha256: loaded.sha256,
      bytes: loaded.bytes,
      format: loaded.format,
      rows: loaded.table.rows,
      rowsUsed: table.rows,
      droppedMissingTarget: target.droppedMissing,
      columns: loaded.columns,
    },
    features: {
      used: preprocessor.features.map((f) => ({ column: f.column, name: f.spec.name, type: f.spec.type, width: f.spec.type === "categorical" ? f.spec.vocabulary.length : 1 })),
      excluded: selection.excluded,
      designWidth: preprocessor.width,
    },
    split: { method: split.method, train: split.train.length, validation: split.validation.length, test: split.test.length },
    audit,
    classes,
    backend,
    mlp: { hyperparameters: spec.mlp, history: mlp.history, bestEpoch: mlp.bestEpoch, stoppedEarly: mlp.stoppedEarly, seconds: mlpSeconds },
    linear: { l2, iterations: linear.iterations, converged: linear.converged },
    candidates,
    selection: { selected: selected.name, rule: `best validation ${spec.metric}`, baselineBeatMlp, message: selectionMessage },
    test: { evaluations: 1, evaluatedAt, selected: selectedDetail! },
    verdict,
    parity,
    artifacts: ["spec.json", "audit.json", "label-check.csv", "test-predictions.csv", "model.onnx", "manifest.json", "report.json", "report.html"],
  };
  write("test-predictions.csv", testPredictionsCsv(selectedTestPredictions!, split.test, target.keptRows, classes));
  write("report.json", JSON.stringify(report, null, 2) + "\n");
  write("report.html", renderReportHtml(report));
  if (!parity.passed) {
    throw new ParityError(
      `ONNX Runtime's outputs differ from the in-process model by up to ${parity.maxAbsDifference.toExponential(2)} on the test set (tolerance ${parity.tolerance}); model.onnx was not written`,
    );
  }
  write("model.onnx", onnx);
  write("manifest.json", JSON.stringify(manifest, null, 2) + "\n");
  return { report, manifest, onnx, outDir: spec.out };
}

/**
 * The selected model's in-process outputs on the test rows, keyed by the 1-based data row of the
 * source file, so anyone can replay those rows through the served model and compare.
 */
function testPredictionsCsv(predictions: Predictions, testRows: Int32Array, keptRows: Int32Array, classes?: string[]): string {
  const header = predictions.task === "regression" ? ["row", "value"] : ["row", ...classes!.map((c) => `p_${c}`)];
  const lines: string[][] = [header];
  testRows.forEach((r, i) => {
    const row = String(keptRows[r] + 1);
    if (predictions.task === "regression") lines.push([row, String(predictions.values[i])]);
    else if (predictions.task === "binary") lines.push([row, String(1 - predictions.scores[i]), String(predictions.scores[i])]);
    else lines.push([row, ...Array.from(predictions.probabilities.subarray(i * predictions.numClasses, (i + 1) * predictions.numClasses), String)]);
  });
  return toCsv(lines);
}

/** Validation ECE at or below this counts as calibrated: probabilities can be read as probabilities. */
const CALIBRATED_ECE = 0.05;

function splitRows(spec: TrainSpec, table: Table, y: Float64Array, numClasses: number): SplitIndices {
  let split: SplitIndices;
  if (spec.splitColumn) {
    const column = getColumnOrThrow(table, spec.splitColumn);
    split = columnSplit(Array.from({ length: table.rows }, (_, i) => cellText(column, i)));
  } else if (spec.timeColumn) {
    const column = getColumnOrThrow(table, spec.timeColumn);
    if (column.type === "categorical") throw new TrainingRefused(`--time-column ${spec.timeColumn} is not a date/time or number column`);
    split = chronologicalSplit(column.values);
  } else if (spec.task === "regression") {
    split = randomSplit(table.rows, deriveSeed(spec.seed, "split"));
  } else {
    split = stratifiedSplit(y, numClasses, deriveSeed(spec.seed, "split"));
  }
  assertUsableSplit(split);
  return split;
}

function targetScale(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let m2 = 0;
  for (const v of y) m2 += (v - mean) ** 2;
  return Math.sqrt(m2 / y.length) || 1;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(4);
}
