// Losses as gradient/hessian providers. Raw scores F are row-major n × K (K = 1 except multiclass);
// gradients are written output-major and interleaved, gh[2·(k·n + r)] = g and gh[… + 1] = h, so the
// tree for output k reads one contiguous block.

import type { GbdtTask, RegressionLoss } from "./types";

/** Keeps Newton steps finite where the loss is flat (confident predictions). */
const MIN_HESSIAN = 1e-16;
const PROBABILITY_FLOOR = 1e-7;

export interface Objective {
  readonly numOutputs: number;
  /** Constant raw score per output that minimises the loss before any tree (the boosting start). */
  initScores(y: Float64Array, w: Float64Array): Float64Array;
  gradients(F: Float64Array, y: Float64Array, w: Float64Array, gh: Float64Array): void;
  /** Weighted mean loss. */
  loss(F: Float64Array, y: Float64Array, w: Float64Array): number;
  /**
   * Leaf value to use instead of the Newton step −G/(H+λ), given the rows in the leaf (absolute
   * error's Newton step is a sign count, so its leaves are re-fitted to the residuals' median).
   */
  readonly refitLeaf?: (rows: Int32Array, F: Float64Array, y: Float64Array, w: Float64Array) => number;
}

export function createObjective(task: GbdtTask, numClasses: number, regressionLoss: RegressionLoss): Objective {
  if (task === "binary") return binaryLogLoss;
  if (task === "multiclass") return softmaxLogLoss(numClasses);
  return regressionLoss === "absolute_error" ? absoluteError : squaredError;
}

const binaryLogLoss: Objective = {
  numOutputs: 1,
  initScores(y, w) {
    const p = clamp(weightedMean(y, w), PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(F, y, w, gh) {
    for (let r = 0; r < y.length; r++) {
      const p = sigmoid(F[r]);
      gh[2 * r] = (p - y[r]) * w[r];
      gh[2 * r + 1] = Math.max(p * (1 - p), MIN_HESSIAN) * w[r];
    }
  },
  loss(F, y, w) {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      // log(1 + e^F) − yF, written so neither exp overflows.
      const z = F[r];
      sum += w[r] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[r] * z);
      total += w[r];
    }
    return sum / total;
  },
};

function softmaxLogLoss(K: number): Objective {
  const probabilities = (F: Float64Array, r: number, out: Float64Array) => {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, F[r * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[k] = Math.exp(F[r * K + k] - max);
    for (let k = 0; k < K; k++) out[k] /= sum;
  };
  return {
    numOutputs: K,
    initScores(y, w) {
      const prior = new Float64Array(K);
      let total = 0;
      for (let r = 0; r < y.length; r++) {
        prior[y[r]] += w[r];
        total += w[r];
      }
      const logs = Array.from(prior, (c) => Math.log(Math.max(c / total, PROBABILITY_FLOOR)));
      const mean = logs.reduce((a, b) => a + b, 0) / K;
      return Float64Array.from(logs, (v) => v - mean);
    },
    gradients(F, y, w, gh) {
      const n = y.length;
      const p = new Float64Array(K);
      for (let r = 0; r < n; r++) {
        probabilities(F, r, p);
        for (let k = 0; k < K; k++) {
          const i = 2 * (k * n + r);
          gh[i] = (p[k] - (y[r] === k ? 1 : 0)) * w[r];
          // XGBoost's multi:softprob hessian (2·p·(1−p)), so equal learning rates mean equal steps.
          gh[i + 1] = Math.max(2 * p[k] * (1 - p[k]), MIN_HESSIAN) * w[r];
        }
      }
    },
    loss(F, y, w) {
      const p = new Float64Array(K);
      let sum = 0;
      let total = 0;
      for (let r = 0; r < y.length; r++) {
        probabilities(F, r, p);
        sum -= w[r] * Math.log(Math.max(p[y[r]], 1e-300));
        total += w[r];
      }
      return sum / total;
    },
  };
}

const squaredError: Objective = {
  numOutputs: 1,
  initScores: (y, w) => Float64Array.of(weightedMean(y, w)),
  gradients(F, y, w, gh) {
    for (let r = 0; r < y.length; r++) {
      gh[2 * r] = (F[r] - y[r]) * w[r];
      gh[2 * r + 1] = w[r];
    }
  },
  loss(F, y, w) {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      const e = F[r] - y[r];
      sum += w[r] * e * e;
      total += w[r];
    }
    return sum / total;
  },
};

const absoluteError: Objective = {
  numOutputs: 1,
  initScores: (y, w) => Float64Array.of(weightedMedian(y, w)),
  gradients(F, y, w, gh) {
    for (let r = 0; r < y.length; r++) {
      gh[2 * r] = Math.sign(F[r] - y[r]) * w[r];
      gh[2 * r + 1] = w[r];
    }
  },
  loss(F, y, w) {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      sum += w[r] * Math.abs(F[r] - y[r]);
      total += w[r];
    }
    return sum / total;
  },
  refitLeaf(rows, F, y, w) {
    const residuals = new Float64Array(rows.length);
    const weights = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      residuals[i] = y[rows[i]] - F[rows[i]];
      weights[i] = w[rows[i]];
    }
    return weightedMedian(residuals, weights);
  },
};

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function weightedMean(y: Float64Array, w: Float64Array): number {
  let s = 0;
  let t = 0;
  for (let r = 0; r < y.length; r++) {
    s += w[r] * y[r];
    t += w[r];
  }
  return s / t;
}

/** Lower weighted median. */
export function weightedMedian(values: Float64Array, w: Float64Array): number {
  const order = Array.from(values, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (const r of order) total += w[r];
  let cumulative = 0;
  for (const r of order) {
    cumulative += w[r];
    if (cumulative >= total / 2) return values[r];
  }
  return order.length > 0 ? values[order[order.length - 1]] : 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
