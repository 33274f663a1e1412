// Multiclass classification metrics. Labels are class indices 0..K-1; probabilities are a
// ProbabilityMatrix (flat row-major N × K). Averaging follows scikit-learn's defaults:
//  - macro averages are taken over the classes that occur in yTrue or in the predictions (what
//    scikit-learn does when `labels` is not passed), so a class that never appears in a window
//    neither drags the macro F1 down nor props it up;
//  - weighted averages weight each class by its support (its count in yTrue);
//  - zero_division = 0 (see precision-recall-f1.ts).

import { countConfusion } from "./confusion-matrix";
import { multiclassLogLoss, type LogLossOptions } from "./log-loss";
import { precisionRecallF1 } from "./precision-recall-f1";
import { argmaxPredictions, assertProbabilityMatrix, probabilityColumn, type ProbabilityMatrix } from "./probability-matrix";
import { rocAucFromSweep } from "./roc-curve";
import { thresholdSweep } from "./threshold-sweep";
import { assertClassLabels, assertPositiveInteger, assertSameLength } from "./validation";

export interface ClassMetrics {
  readonly classIndex: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows whose true class is this one. */
  readonly support: number;
  /** Rows predicted as this class. */
  readonly predicted: number;
}

export interface MulticlassMetrics {
  readonly kind: "multiclass";
  readonly n: number;
  readonly numClasses: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly weightedF1: number;
  /** One entry per class 0..K-1, including classes absent from this evaluation. */
  readonly perClass: ClassMetrics[];
  /** confusion[trueClass][predictedClass]. */
  readonly confusion: number[][];
  /**
   * One-vs-rest ROC AUC, unweighted mean over classes; null when a class never occurs in yTrue (or
   * is the only one) and the caller asked for null rather than an error (`aucWhenClassMissing`).
   */
  readonly aucOvrMacro: number | null;
  /** Why aucOvrMacro is null, naming the class index. */
  readonly aucUndefinedReason?: string;
  readonly logLoss: number;
}

export interface NumClassesOptions {
  readonly numClasses: number;
}

function assertLabelPair(yTrue: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): void {
  assertClassLabels(yTrue, numClasses, "yTrue");
  assertClassLabels(predictions, numClasses, "predictions");
  assertSameLength(yTrue, "yTrue", predictions, "predictions");
}

function resolveNumClasses(options: NumClassesOptions | undefined): number {
  const numClasses = options?.numClasses;
  assertPositiveInteger(numClasses, "numClasses", 2);
  return numClasses;
}

export function multiclassAccuracy(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertLabelPair(yTrue, predictions, Infinity);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === predictions[i]) correct++;
  return correct / yTrue.length;
}

export function perClassMetrics(
  yTrue: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: NumClassesOptions,
): ClassMetrics[] {
  const numClasses = resolveNumClasses(options);
  assertLabelPair(yTrue, predictions, numClasses);
  return perClassFromConfusion(countConfusion(yTrue, predictions, numClasses));
}

function perClassFromConfusion(confusion: number[][]): ClassMetrics[] {
  const numClasses = confusion.length;
  const result: ClassMetrics[] = [];
  for (let k = 0; k < numClasses; k++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < numClasses; j++) {
      support += confusion[k][j];
      predicted += confusion[j][k];
    }
    const tp = confusion[k][k];
    const { precision, recall, f1 } = precisionRecallF1({ tp, fp: predicted - tp, fn: support - tp });
    result.push({ classIndex: k, precision, recall, f1, support, predicted });
  }
  return result;
}

function macroF1FromClasses(perClass: readonly ClassMetrics[]): number {
  let sum = 0;
  let present = 0;
  for (const c of perClass) {
    if (c.support + c.predicted === 0) continue;
    sum += c.f1;
    present++;
  }
  return sum / present;
}

function weightedF1FromClasses(perClass: readonly ClassMetrics[]): number {
  let sum = 0;
  let total = 0;
  for (const c of perClass) {
    sum += c.f1 * c.support;
    total += c.support;
  }
  return sum / total;
}

/** Unweighted mean of per-class F1 over the classes present in yTrue or predictions. */
export function macroF1(yTrue: ArrayLike<number>, predictions: ArrayLike<number>, options: NumClassesOptions): number {
  return macroF1FromClasses(perClassMetrics(yTrue, predictions, options));
}

/** Mean of per-class F1 weighted by support. */
export function weightedF1(yTrue: ArrayLike<number>, predictions: ArrayLike<number>, options: NumClassesOptions): number {
  return weightedF1FromClasses(perClassMetrics(yTrue, predictions, options));
}

/**
 * One-vs-rest ROC AUC averaged without weights over all K classes (scikit-learn's
 * roc_auc_score(multi_class="ovr", average="macro")). Every class must occur in yTrue, and not
 * as the only class: a class's AUC is undefined without both its positives and its negatives.
 */
export function ovrMacroRocAuc(yTrue: ArrayLike<number>, probabilities: ProbabilityMatrix): number {
  const result = ovrMacroRocAucOrReason(yTrue, probabilities);
  if (typeof result === "string") throw new RangeError(result);
  return result;
}

/** ovrMacroRocAuc, or the reason it is undefined (a class absent from yTrue, or the only one there). */
function ovrMacroRocAucOrReason(yTrue: ArrayLike<number>, probabilities: ProbabilityMatrix): number | string {
  const rows = assertProbabilityMatrix(probabilities);
  const { numClasses } = probabilities;
  assertClassLabels(yTrue, numClasses, "yTrue");
  if (yTrue.length !== rows) {
    throw new RangeError(`yTrue and probabilities must have the same number of rows (got ${yTrue.length} and ${rows})`);
  }
  const isClass = new Uint8Array(rows);
  let sum = 0;
  for (let k = 0; k < numClasses; k++) {
    for (let i = 0; i < rows; i++) isClass[i] = yTrue[i] === k ? 1 : 0;
    const sweep = thresholdSweep(isClass, probabilityColumn(probabilities, k));
    if (sweep.positives === 0 || sweep.negatives === 0) {
      const problem = sweep.positives === 0 ? "never occurs" : "is the only class";
      return `class ${k} ${problem} in yTrue; one-vs-rest ROC AUC needs every class present alongside others`;
    }
    sum += rocAucFromSweep(sweep);
  }
  return sum / numClasses;
}

export interface EvaluateMulticlassOptions extends LogLossOptions {
  /** Hard predictions; default is the argmax of each probability row (lowest index on ties). */
  readonly predictions?: ArrayLike<number>;
  /**
   * A class absent from yTrue leaves the one-vs-rest AUC undefined: "throw" (the default) refuses
   * the whole evaluation, "null" reports aucOvrMacro as null with the reason and keeps the rest.
   */
  readonly aucWhenClassMissing?: "throw" | "null";
}

export function evaluateMulticlass(
  yTrue: ArrayLike<number>,
  probabilities: ProbabilityMatrix,
  options: EvaluateMulticlassOptions = {},
): MulticlassMetrics {
  const rows = assertProbabilityMatrix(probabilities);
  const { numClasses } = probabilities;
  assertClassLabels(yTrue, numClasses, "yTrue");
  if (yTrue.length !== rows) {
    throw new RangeError(`yTrue and probabilities must have the same number of rows (got ${yTrue.length} and ${rows})`);
  }
  const predictions = options.predictions ?? argmaxPredictions(probabilities);
  assertLabelPair(yTrue, predictions, numClasses);
  const confusion = countConfusion(yTrue, predictions, numClasses);
  const perClass = perClassFromConfusion(confusion);
  let correct = 0;
  for (let k = 0; k < numClasses; k++) correct += confusion[k][k];
  const auc = ovrMacroRocAucOrReason(yTrue, probabilities);
  if (typeof auc === "string" && options.aucWhenClassMissing !== "null") throw new RangeError(auc);
  return {
    kind: "multiclass",
    n: rows,
    numClasses,
    accuracy: correct / rows,
    macroF1: macroF1FromClasses(perClass),
    weightedF1: weightedF1FromClasses(perClass),
    perClass,
    confusion,
    aucOvrMacro: typeof auc === "number" ? auc : null,
    ...(typeof auc === "string" ? { aucUndefinedReason: auc } : {}),
    logLoss: multiclassLogLoss(yTrue, probabilities, options),
  };
}
