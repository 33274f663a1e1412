// Stage 8, export: the selected estimator to ONNX, run by ONNX Runtime on the test rows and compared
// with the in-process predictions; a model that does not reproduce itself is not written.

import type { Predictions } from "../models/predictions";
import { compareOutputs, onnxFeeds, runOnnx, type ParityResult } from "../evaluation/parity-check";
import type { Table } from "../table";
import type { Preprocessed } from "./preprocess";
import type { Candidate } from "./fit-candidates";
import type { RunContext } from "./run-context";
import { ParityError } from "./training-errors";

export interface ExportedModel {
  onnx: Uint8Array;
  parity: ParityResult;
}

export async function exportSelected(
  { spec, stage }: RunContext,
  o: {
    selected: Candidate;
    table: Table;
    preprocessed: Preprocessed;
    classes?: string[];
    numClasses: number;
    testRows: Int32Array;
    testPredictions: Predictions;
    trainY: Float64Array;
  },
): Promise<ExportedModel> {
  stage("exporting ONNX and checking parity with ONNX Runtime");
  const { preprocessor } = o.preprocessed;
  const { estimator } = o.selected;
  const onnx = estimator.exportOnnx({ task: spec.task, preprocessor, classes: o.classes });
  const onnxPredictions = await runOnnx(onnx, onnxFeeds(o.table, preprocessor, o.testRows), spec.task, o.numClasses);
  const scale = spec.task === "regression" ? targetScale(o.trainY) : 1;
  return { onnx, parity: compareOutputs(o.testPredictions, onnxPredictions, scale, estimator.parityTolerance) };
}

export function assertParity(parity: ParityResult): void {
  if (parity.passed) return;
  throw new ParityError(
    `ONNX Runtime's outputs differ from the in-process model by up to ${parity.maxAbsDifference.toExponential(2)} on the test set (tolerance ${parity.tolerance}); model.onnx was not written`,
  );
}

function targetScale(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let m2 = 0;
  for (const v of y) m2 += (v - mean) ** 2;
  return Math.sqrt(m2 / y.length) || 1;
}
