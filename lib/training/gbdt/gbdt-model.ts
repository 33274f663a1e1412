// A trained ensemble. Predictions reproduce the exported ONNX graph: float32 inputs and thresholds,
// leaf values summed in float32 in tree order, the base score added last (ONNX base_values), then
// the link function of the task.

import { addTreeOutputs } from "./predict-trees";
import type { GbdtModelJSON, GbdtParams, GbdtTask, RoundLog, Tree, TreeJSON } from "./types";

export interface GbdtModelInit {
  task: GbdtTask;
  numOutputs: number;
  featureNames: string[];
  baseScores: Float32Array;
  trees: Tree[];
  params: GbdtParams;
  bestRound: number;
  history: RoundLog[];
}

export interface FeatureImportance {
  feature: string;
  /** Total loss reduction of the splits on this feature. */
  gain: number;
  /** gain / total gain of the model (0 when the model has no split). */
  share: number;
  splits: number;
}

export class GbdtModel {
  readonly task: GbdtTask;
  readonly numOutputs: number;
  readonly featureNames: readonly string[];
  readonly baseScores: Float32Array;
  readonly trees: readonly Tree[];
  readonly params: GbdtParams;
  readonly bestRound: number;
  readonly history: readonly RoundLog[];

  constructor(init: GbdtModelInit) {
    this.task = init.task;
    this.numOutputs = init.numOutputs;
    this.featureNames = init.featureNames;
    this.baseScores = init.baseScores;
    this.trees = init.trees;
    this.params = init.params;
    this.bestRound = init.bestRound;
    this.history = init.history;
  }

  /** Boosting rounds the model holds (one tree per output per round). */
  get numRounds(): number {
    return this.trees.length / this.numOutputs;
  }

  get numFeatures(): number {
    return this.featureNames.length;
  }

  /** Number of columns predict() returns per row: 2 for binary, K for multiclass, 1 for regression. */
  get outputWidth(): number {
    return this.task === "binary" ? 2 : this.numOutputs;
  }

  /** Raw scores (margins), float32 n × numOutputs, summed as ONNX Runtime sums them. */
  predictRaw(X: ArrayLike<number>): Float32Array {
    const d = this.numFeatures;
    if (X.length % d !== 0) throw new Error(`X holds ${X.length} values, not a multiple of ${d} features`);
    const n = X.length / d;
    // Inputs are compared as float32, as the graph receives them.
    const x = X instanceof Float32Array ? X : Float32Array.from(X);
    const K = this.numOutputs;
    const out = new Float32Array(n * K);
    for (const tree of this.trees) addTreeOutputs(tree, x, n, d, out, K);
    for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) out[r * K + k] += this.baseScores[k];
    return out;
  }

  /** Binary: n × 2 [1 − p, p]; multiclass: n × K probabilities; regression: n × 1 values. */
  predict(X: ArrayLike<number>): Float32Array {
    const raw = this.predictRaw(X);
    if (this.task === "regression") return raw;
    if (this.task === "binary") {
      const out = new Float32Array(raw.length * 2);
      for (let r = 0; r < raw.length; r++) {
        // σ(−z) rather than 1 − σ(z): same value, full precision for the small probability.
        out[2 * r] = logistic(-raw[r]);
        out[2 * r + 1] = logistic(raw[r]);
      }
      return out;
    }
    const K = this.numOutputs;
    const out = new Float32Array(raw.length);
    for (let r = 0; r < raw.length / K; r++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[r * K + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[r * K + k] - max);
      for (let k = 0; k < K; k++) out[r * K + k] = Math.exp(raw[r * K + k] - max) / sum;
    }
    return out;
  }

  /** Gain importance per feature, in feature order. */
  importance(): FeatureImportance[] {
    const gain = new Float64Array(this.numFeatures);
    const splits = new Int32Array(this.numFeatures);
    for (const t of this.trees) {
      for (let i = 0; i < t.feature.length; i++) {
        if (t.feature[i] < 0) continue;
        gain[t.feature[i]] += t.gain[i];
        splits[t.feature[i]]++;
      }
    }
    const total = gain.reduce((a, b) => a + b, 0);
    return this.featureNames.map((feature, f) => ({
      feature,
      gain: gain[f],
      share: total > 0 ? gain[f] / total : 0,
      splits: splits[f],
    }));
  }

  toJSON(): GbdtModelJSON {
    return {
      format: "tidemark-gbdt",
      version: 1,
      task: this.task,
      numOutputs: this.numOutputs,
      featureNames: [...this.featureNames],
      baseScores: Array.from(this.baseScores),
      trees: this.trees.map(treeToJSON),
      params: { ...this.params },
      bestRound: this.bestRound,
      history: this.history.map((h) => ({ ...h })),
    };
  }

  static fromJSON(json: GbdtModelJSON): GbdtModel {
    if (json.format !== "tidemark-gbdt" || json.version !== 1) throw new Error("not a tidemark-gbdt v1 model");
    return new GbdtModel({
      task: json.task,
      numOutputs: json.numOutputs,
      featureNames: [...json.featureNames],
      baseScores: Float32Array.from(json.baseScores),
      trees: json.trees.map(treeFromJSON),
      params: { ...json.params },
      bestRound: json.bestRound,
      history: json.history.map((h) => ({ ...h })),
    });
  }
}

function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function treeToJSON(t: Tree): TreeJSON {
  return {
    target: t.target,
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    missingLeft: Array.from(t.missingLeft),
    value: Array.from(t.value),
    gain: Array.from(t.gain),
    cover: Array.from(t.cover),
  };
}

function treeFromJSON(t: TreeJSON): Tree {
  return {
    target: t.target,
    feature: Int32Array.from(t.feature),
    threshold: Float32Array.from(t.threshold),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    missingLeft: Uint8Array.from(t.missingLeft),
    value: Float32Array.from(t.value),
    gain: Float64Array.from(t.gain),
    cover: Float64Array.from(t.cover),
  };
}
