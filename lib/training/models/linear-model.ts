// The linear baseline: L2-regularised logistic regression (binary), multinomial logistic regression
// (multiclass) or ridge regression, fitted by full-batch L-BFGS. The objective is scikit-learn's with
// C = 1 / (l2 · Σw): mean weighted loss + (l2 / 2)·‖W‖², intercepts not penalised.

import { minimizeLbfgs } from "./lbfgs";
import { outputUnits, type Design, type ModelTask } from "./design";

export interface LinearModel {
  task: ModelTask;
  inDim: number;
  outDim: number;
  /** inDim × outDim, row-major (the ONNX Gemm layout). */
  weights: Float64Array;
  bias: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface FitLinearOptions {
  task: ModelTask;
  numClasses: number;
  /** Per-class weights (classification); default 1 for every class. */
  classWeights?: readonly number[];
  /** Penalty strength; default 1 / rows (scikit-learn's C = 1 with unit weights). */
  l2?: number;
  maxIterations?: number;
}

export function fitLinearModel(design: Design, options: FitLinearOptions): LinearModel {
  const { x, rows, width, y } = design;
  const task = options.task;
  const K = outputUnits(task, options.numClasses);
  const sampleWeight = (i: number) => (task === "regression" || !options.classWeights ? 1 : options.classWeights[y[i]]);
  let totalWeight = 0;
  for (let i = 0; i < rows; i++) totalWeight += sampleWeight(i);
  const l2 = options.l2 ?? 1 / rows;
  // Ridge is solved on a standardised target so one tolerance suits any target scale; see below.
  let yMean = 0;
  let yScale = 1;
  if (task === "regression") {
    for (let i = 0; i < rows; i++) yMean += y[i];
    yMean /= rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (y[i] - yMean) ** 2;
    yScale = Math.sqrt(v / rows) || 1;
  }
  const P = width * K;
  const z = new Float64Array(K);
  const objective = (params: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const row = i * width;
      for (let k = 0; k < K; k++) z[k] = params[P + k];
      for (let j = 0; j < width; j++) {
        const xij = x[row + j];
        if (xij === 0) continue;
        for (let k = 0; k < K; k++) z[k] += xij * params[j * K + k];
      }
      const w = sampleWeight(i) / totalWeight;
      if (task === "binary") {
        const t = y[i];
        // log(1 + e^z) − t·z, written to stay finite for large |z|.
        const zi = z[0];
        loss += w * (Math.max(zi, 0) - t * zi + Math.log1p(Math.exp(-Math.abs(zi))));
        z[0] = w * (1 / (1 + Math.exp(-zi)) - t);
      } else if (task === "multiclass") {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, z[k]);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(z[k] - max);
        const logSum = max + Math.log(sum);
        loss += w * (logSum - z[y[i]]);
        for (let k = 0; k < K; k++) z[k] = w * (Math.exp(z[k] - logSum) - (k === y[i] ? 1 : 0));
      } else {
        const residual = z[0] - (y[i] - yMean) / yScale;
        loss += w * 0.5 * residual * residual;
        z[0] = w * residual;
      }
      for (let k = 0; k < K; k++) gradient[P + k] += z[k];
      for (let j = 0; j < width; j++) {
        const xij = x[row + j];
        if (xij === 0) continue;
        for (let k = 0; k < K; k++) gradient[j * K + k] += xij * z[k];
      }
    }
    for (let p = 0; p < P; p++) {
      loss += 0.5 * l2 * params[p] * params[p];
      gradient[p] += l2 * params[p];
    }
    return loss;
  };
  const result = minimizeLbfgs(objective, new Float64Array(P + K), {
    maxIterations: options.maxIterations ?? 2000,
    gradientTolerance: 1e-10,
  });
  const weights = result.x.slice(0, P);
  const bias = result.x.slice(P);
  if (task === "regression") {
    // Undo the target standardisation: ŷ = yScale·(x·w + b) + yMean.
    for (let p = 0; p < P; p++) weights[p] *= yScale;
    bias[0] = bias[0] * yScale + yMean;
  }
  return { task, inDim: width, outDim: K, weights, bias, iterations: result.iterations, converged: result.converged };
}
