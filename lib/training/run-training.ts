import "server-only";
// `tidemark train` end to end: load → split → test-set ledger check → audit → fit preprocessing on
// train → candidates (majority/mean, linear, gradient-boosted trees, MLP; optionally a learning-rate
// range test and random search) → select on validation → evaluate once on test (counted in the
// ledger) → export the winner to ONNX → parity check → manifest and report.
// Writes everything to the run folder; registration is the caller's (it needs a database or a server).

import fs from "node:fs";
import path from "node:path";
import { metricDirection, reliabilityTable } from "@/lib/metrics";
import { expectedCalibrationErrorFromTable } from "@/lib/metrics/calibration";
import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { Manifest } from "@/lib/registry/manifest-schema";
import { fitMlpCandidate, fitTreeCandidate, isBetter, scoreOnValidation, type MlpCandidate, type SearchResult, type TreeCandidate } from "./fit-candidates";
import type { InputFeatureImportance, RoundLog } from "./gbdt";
import type { LrRangeResult } from "./models/lr-range-test";
import { treeEncoder } from "./models/tree-candidate";
import { permutationImportance } from "./permutation-importance";
import { SEARCH_SPACE } from "./random-search";
import { ledgerPathFor, priorEvaluations, recordEvaluation, reuseRefusal, splitIdOf, type LedgerEntry, type SplitIdentity } from "./test-set-ledger";
import { labelCheckCsv, readLabelCheck } from "./audit/label-check";
import { buildManifest } from "./build-manifest";
import type { ThresholdChoice } from "./choose-threshold";
import { loadTable, type LoadedTable } from "./data/load-table";
import { evaluatePredictions, evaluationDetail, metricsRecord, primaryValue, type EvaluationDetail } from "./evaluate-predictions";
import { exportOnnx } from "./export-onnx";
import { featureNamesFor } from "./feature-names";
import { denseForward } from "./models/dense-network";
import type { Design } from "./models/design";
import { fitLinearModel } from "./models/linear-model";
import { fitMajorityModel } from "./models/majority-model";
import type { EpochRecord, MlpProgress } from "./models/mlp";
import { predictionColumn, type Predictions } from "./models/predictions";
import { initTensorflow } from "./models/tf-backend";
import { compareOutputs, onnxFeeds, PARITY_TOLERANCE, runOnnx, type ParityResult } from "./parity-check";
import { prepareTarget } from "./prepare-target";
import { fitPreprocessor, transform, type Preprocessor } from "./preprocessor";
import { deriveSeed } from "./random";
import { runAudit, type AuditResult } from "./run-audit";
import { evaluationCharts } from "./evaluation-charts";
import { selectFeatures } from "./select-features";
import { assertUsableSplit, chronologicalSplit, columnSplit, randomSplit, stratifiedSplit, type SplitIndices } from "./split-rows";
import { cellText, getColumnOrThrow, selectRows, type ColumnType, type Table } from "./table";
import { toolVersion } from "./tool-version";
import { MODEL_KINDS, specForRecord, type GbdtOptions, type MlpOptions, type ModelKind, type TrainSpec } from "./train-spec";
import { toCsv } from "./report/csv-writer";
import type { CandidateName, CandidateResult, TrainingReport } from "./report/report-types";
import { renderReportHtml } from "./report/render-report-html";

export type { CandidateName, CandidateResult, TrainingReport } from "./report/report-types";

/** Trees sum float32 leaves in the same order in process and in ONNX Runtime; anything beyond rounding is a bug. */
export const TREE_PARITY_TOLERANCE = 1e-5;

/** A split's design matrix and the table rows it came from (the trees read raw values by row). */
interface SplitData extends Design {
  sourceRows: Int32Array;
}
interface Predictor {
  description: string;
  predict: (d: SplitData) => Predictions;
}

/** A run that must not go on (bad labels, unusable data): the message says why and what to do. */
export class TrainingRefused extends Error {}
/** The exported model does not reproduce the evaluated one. */
export class ParityError extends Error {}

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
  // Checked here, before anything is trained, so a refused run costs seconds; checked again at test time.
  const ledger = ledgerFor(spec, loaded.sha256);
  const earlier = priorEvaluations(ledger.file, ledger.splitId);
  if (earlier.length > 0 && !spec.reuseTestSet) throw new TrainingRefused(reuseRefusal(ledger.file, ledger.splitId, earlier));

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
  const design = (rows: Int32Array): SplitData => ({ x: transform(table, preprocessor, rows), rows: rows.length, width: preprocessor.width, y: Float64Array.from(rows, (r) => y[r]), sourceRows: rows });
  const train = design(split.train);
  const validation = design(split.validation);
  const classWeights = audit.classBalance?.imbalanced ? audit.classBalance.classWeights : undefined;
  const kinds = new Set(spec.models);
  const common = { spec, task: spec.task, numClasses, classWeights, stage };

  const predictors: Partial<Record<CandidateName, Predictor>> = {};
  let linearInfo: TrainingReport["linear"];
  let majorityLayer: DenseLayer | undefined;
  let linearLayer: DenseLayer | undefined;
  if (kinds.has("majority") || kinds.has("linear")) stage("fitting baselines");
  if (kinds.has("majority")) {
    const layer = (majorityLayer = fitMajorityModel(train, spec.task, numClasses));
    predictors.majority = { description: spec.task === "regression" ? "training mean" : "training class prior", predict: (d) => denseForward([layer], spec.task, d.x, d.rows) };
  }
  if (kinds.has("linear")) {
    const l2 = 1 / train.rows;
    const linear = fitLinearModel(train, { task: spec.task, numClasses, classWeights, l2 });
    const layer = (linearLayer = { inDim: linear.inDim, outDim: linear.outDim, weights: Array.from(linear.weights), bias: Array.from(linear.bias) });
    linearInfo = { l2, iterations: linear.iterations, converged: linear.converged };
    predictors.linear = {
      description: spec.task === "regression" ? "ridge regression" : spec.task === "binary" ? "logistic regression (L2)" : "multinomial logistic regression (L2)",
      predict: (d) => denseForward([layer], spec.task, d.x, d.rows),
    };
  }

  let treeCandidate: TreeCandidate | undefined;
  if (kinds.has("gbdt")) {
    stage(spec.search > 0 ? `searching gradient-boosted trees (${spec.search} trials)` : "training gradient-boosted trees");
    const encode = treeEncoder({ table, preprocessor, y });
    const found = (treeCandidate = fitTreeCandidate({ ...common, data: { table, preprocessor, y }, encode, trainRows: split.train, validationRows: split.validation, validationY: validation.y }));
    const o = found.options;
    predictors.gbdt = {
      description: `gradient-boosted trees, ${found.trees.model.numRounds} rounds, depth ${o.maxDepth}${o.maxLeaves ? ` / ${o.maxLeaves} leaves` : ""}, learning rate ${o.learningRate}, L2 ${o.l2}`,
      predict: (d) => found.trees.predict(d.sourceRows),
    };
    stage(`trees kept ${found.trees.model.numRounds} of up to ${o.rounds} rounds (early stopping on validation loss) in ${found.trees.seconds.toFixed(1)} s`);
  }

  let backend = "none";
  let mlpCandidate: MlpCandidate | undefined;
  if (kinds.has("mlp")) {
    backend = await initTensorflow();
    stage(spec.search > 0 ? `searching the MLP (${spec.search} trials, ${backend} backend)` : `training the MLP (${backend} backend)`);
    const found = (mlpCandidate = fitMlpCandidate({ ...common, train, validation, onEpoch: (progress) => onEvent({ kind: "epoch", progress }) }));
    const hp = found.hyperparameters;
    predictors.mlp = {
      description: `MLP ${hp.hiddenLayers.join("-")}${hp.batchNorm ? " with batch norm" : ""}, dropout ${hp.dropout}, learning rate ${hp.learningRate.toPrecision(3)} (${found.learningRateSource})`,
      predict: (d) => found.network.predict(d.x, d.rows),
    };
  }

  // Selection on validation only.
  const candidates: CandidateResult[] = MODEL_KINDS.filter((name) => predictors[name]).map((name) => {
    const score = scoreOnValidation(predictors[name]!.predict(validation), validation.y, spec);
    return { name, description: predictors[name]!.description, threshold: score.threshold, validation: score.metrics, validationPrimary: score.primary };
  });
  let selected = candidates[0];
  for (const c of candidates.slice(1)) if (isBetter(c.validationPrimary, selected.validationPrimary, spec.metric)) selected = c;
  const direction = metricDirection(spec.metric);
  const mlpResult = candidates.find((c) => c.name === "mlp");
  const baselineBeatMlp = mlpResult !== undefined && selected !== mlpResult;
  const selectionMessage = describeSelection(selected, candidates, spec.metric);
  stage(selectionMessage);

  // The test set, once, for every candidate, after selection, and only if the ledger allows it.
  const prior = priorEvaluations(ledger.file, ledger.splitId);
  if (prior.length > 0 && !spec.reuseTestSet) throw new TrainingRefused(reuseRefusal(ledger.file, ledger.splitId, prior));
  stage(prior.length > 0 ? `evaluating on the test set, which was already evaluated ${prior.length} time${prior.length === 1 ? "" : "s"} (--reuse-test-set)` : "evaluating on the test set (once)");
  const test = design(split.test);
  const evaluatedAt = new Date().toISOString();
  let selectedTestPredictions: Predictions | undefined;
  let selectedDetail: EvaluationDetail | undefined;
  for (const c of candidates) {
    const predictions = predictors[c.name]!.predict(test);
    const metrics = evaluatePredictions(predictions, test.y, c.threshold?.threshold);
    c.test = metricsRecord(metrics);
    c.testPrimary = primaryValue(metrics, spec.metric);
    if (c === selected) {
      selectedTestPredictions = predictions;
      selectedDetail = evaluationDetail(predictions, test.y, c.threshold?.threshold);
    }
  }
  const history = recordEvaluation({
    file: ledger.file,
    splitId: ledger.splitId,
    identity: ledger.identity,
    dataFile: spec.data,
    entry: { evaluatedAt, runDir: path.resolve(spec.out), model: selected.name, metric: spec.metric, value: selected.testPrimary!, reused: prior.length > 0 },
  });
  const testSetLedger = { splitId: ledger.splitId, file: ledger.file, evaluations: history.length, reused: history.length > 1, history };
  const testValue = selected.testPrimary!;
  const passed = direction === "higher_is_better" ? testValue >= spec.deployThreshold : testValue <= spec.deployThreshold;
  const verdict = {
    metric: spec.metric,
    direction,
    deployThreshold: spec.deployThreshold,
    testValue,
    passed,
    message: `${passed ? "PASS" : "FAIL"}: test ${spec.metric} ${fmt(testValue)} ${passed ? "meets" : "misses"} the deploy threshold (${direction === "higher_is_better" ? "≥" : "≤"} ${spec.deployThreshold})${testSetLedger.reused ? ` — on a test set evaluated ${history.length} times, so optimistic` : ""}`,
  };

  stage("exporting ONNX and checking parity with ONNX Runtime");
  const onnx =
    selected.name === "gbdt"
      ? treeCandidate!.trees.exportOnnx(classes)
      : exportOnnx({ task: spec.task, preprocessor, layers: selected.name === "mlp" ? mlpCandidate!.network.exportLayers() : selected.name === "linear" ? [linearLayer!] : [majorityLayer!], classes });
  const onnxPredictions = await runOnnx(onnx, onnxFeeds(table, preprocessor, split.test), spec.task, numClasses);
  // Trees run the same float32 arithmetic in both places, so they are held to a tighter bound.
  const parity = compareOutputs(selectedTestPredictions!, onnxPredictions, spec.task === "regression" ? targetScale(train.y) : 1, selected.name === "gbdt" ? TREE_PARITY_TOLERANCE : PARITY_TOLERANCE);

  const selectedPredictor = predictors[selected.name]!;
  const trainPredictions = selectedPredictor.predict(train);
  // Validation, not test, so the test set stays used once; class weights and ReLU nets often leave
  // scores miscalibrated, which monitoring corrects with these bins before labels arrive.
  const validationScores = selectedPredictor.predict(validation);
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
  const importance = winnerImportance();
  mlpCandidate?.network.dispose();
  const hyperparameters = {
    model: selected.name,
    ...(selected.name === "mlp" ? { mlp: mlpCandidate!.hyperparameters, learningRateSource: mlpCandidate!.learningRateSource, bestEpoch: mlpCandidate!.network.bestEpoch, backend } : {}),
    ...(selected.name === "gbdt" ? { gbdt: treeCandidate!.trees.params, rounds: treeCandidate!.trees.model.numRounds } : {}),
    ...(selected.name === "linear" ? { linear: { l2: linearInfo!.l2 } } : {}),
    classWeights: classWeights ?? null,
    ...(spec.search > 0 ? { search: { trials: spec.search, seed: spec.seed } } : {}),
    ...(importance ? { featureImportance: importance.source } : {}),
  };
  /**
   * Importance of the exported model's inputs, for the manifest (monitoring weights drift by it):
   * split gain for trees, permutation importance on validation for the others. None when every
   * input scores 0 (the majority baseline): all-zero weights would tell monitoring to ignore drift.
   */
  function winnerImportance(): TrainingReport["featureImportance"] {
    if (selected.name === "gbdt") {
      return { source: "gain of the exported trees", features: treeCandidate!.trees.importance().map((f) => ({ feature: f.feature, value: f.gain, share: f.share })) };
    }
    if (selected.name === "majority") return undefined;
    const features = permutationImportance({
      table,
      preprocessor,
      rows: split.validation,
      y: validation.y,
      predict: (d) => selectedPredictor.predict({ ...d, sourceRows: split.validation }),
      score: (p) => primaryValue(evaluatePredictions(p, validation.y, selected.threshold?.threshold), spec.metric),
      higherIsBetter: direction === "higher_is_better",
      seed: spec.seed,
    });
    if (!features.some((f) => f.drop > 0)) return undefined;
    return { source: `permutation importance on validation (${spec.metric} lost when the input is shuffled)`, features: features.map((f) => ({ feature: f.feature, value: f.drop, share: f.share })) };
  }
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
    // The exported model is not its own baseline; the MLP and the trees, when they lose, are not baselines either.
    baselines: candidates.filter((c) => c !== selected && (c.name === "majority" || c.name === "linear")).map((c) => ({ name: c.name, metrics: c.test! })),
    featureImportance: importance ? Object.fromEntries(importance.features.map((f) => [f.feature, f.share])) : undefined,
    testSetLedger: { splitId: ledger.splitId, evaluations: history.length, reused: testSetLedger.reused, history: history.map(({ runDir: _runDir, ...e }) => e) },
    charts: evaluationCharts({
      model: selected.name,
      detail: selectedDetail!,
      classes,
      threshold: selected.threshold?.threshold,
      mlpHistory: mlpCandidate?.network.history,
      treeHistory: treeCandidate?.trees.model.history,
      findings: audit.findings,
    }),
    lineage: {
      dataSha256: loaded.sha256,
      rows: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      hyperparameters,
      toolVersion: toolVersion(),
      trainedAt: evaluatedAt,
    },
    description: `${spec.task} model of "${spec.target}" (${selectedPredictor.description}) trained by tidemark train on ${path.basename(spec.data)}`,
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
    mlp: mlpCandidate && {
      hyperparameters: mlpCandidate.hyperparameters,
      learningRateSource: mlpCandidate.learningRateSource,
      history: mlpCandidate.network.history,
      bestEpoch: mlpCandidate.network.bestEpoch,
      stoppedEarly: mlpCandidate.network.stoppedEarly,
      seconds: mlpCandidate.seconds,
    },
    gbdt: treeCandidate && {
      options: treeCandidate.options,
      rounds: treeCandidate.trees.model.numRounds,
      bestRound: treeCandidate.trees.model.bestRound,
      history: [...treeCandidate.trees.model.history],
      seconds: treeCandidate.trees.seconds,
      importance: treeCandidate.trees.importance(),
    },
    featureImportance: importance,
    lrFind: mlpCandidate?.lrFind,
    search:
      spec.search > 0
        ? { trials: spec.search, space: SEARCH_SPACE, mlp: mlpCandidate?.search, gbdt: treeCandidate?.search }
        : undefined,
    linear: linearInfo,
    candidates,
    selection: { selected: selected.name, rule: `best validation ${spec.metric}`, baselineBeatMlp, message: selectionMessage },
    test: { evaluations: history.length, evaluatedAt, selected: selectedDetail!, ledger: testSetLedger },
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

/** The ledger's identity of this run's split: what decides which rows are test rows. */
function ledgerFor(spec: TrainSpec, dataSha256: string): { file: string; splitId: string; identity: SplitIdentity } {
  const base = { dataSha256, target: spec.target, task: spec.task };
  const identity: SplitIdentity = spec.splitColumn
    ? { ...base, method: "column", column: spec.splitColumn }
    : spec.timeColumn
      ? { ...base, method: "chronological", column: spec.timeColumn }
      : { ...base, method: "random", seed: spec.seed };
  return { file: ledgerPathFor(spec.data, spec.ledger), splitId: splitIdOf(identity), identity };
}

function describeSelection(selected: CandidateResult, candidates: readonly CandidateResult[], metric: string): string {
  const mlp = candidates.find((c) => c.name === "mlp");
  const others = candidates
    .filter((c) => c !== selected)
    .map((c) => `${c.name} ${fmt(c.validationPrimary)}`)
    .join(", ");
  const vs = others ? ` (vs ${others})` : "";
  if (selected.name === "gbdt") return `The gradient-boosted trees have the best validation ${metric}: ${fmt(selected.validationPrimary)}${vs}; the trees are exported.`;
  if (selected.name === "mlp") return `The MLP has the best validation ${metric} (${fmt(selected.validationPrimary)})${others ? `, vs ${others}` : ""}; it is exported.`;
  if (mlp && selected.validationPrimary === mlp.validationPrimary)
    return `The ${selected.name} baseline (${selected.description}) ties the MLP on validation ${metric} (${fmt(selected.validationPrimary)}); the simpler model is exported.`;
  if (mlp) return `The ${selected.name} baseline (${selected.description}) beat the MLP on validation ${metric} (${fmt(selected.validationPrimary)} vs ${fmt(mlp.validationPrimary)}); the baseline is exported.`;
  return `The ${selected.name} baseline (${selected.description}) has the best validation ${metric}: ${fmt(selected.validationPrimary)}${vs}; it is exported.`;
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
