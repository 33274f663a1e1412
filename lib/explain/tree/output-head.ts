// From an operator's raw scores (one per ONNX target or class) to the outputs attributions are
// reported for, and from margins to probabilities. Margins: the log-odds of the positive class
// (binary), the softmax scores centred over the classes (multiclass), the value (regression); a
// classifier whose operator already outputs probabilities (forests) has them as its margin. Margins are a fixed linear mix of the scores,
// so exact score attributions mix into exact margin attributions; the probability is a monotone
// link of the margin (sigmoid, softmax, or none when the operator already yields probabilities).
//
// Probability space is an approximation, stated as such: Shapley values do not pass through a
// non-linear link. We scale each output's exact margin attributions by one common factor so they
// sum to p(x) − p̄, where p̄ is the mean probability over the background: additivity holds in the
// reported space, the signs and the ranking of the margin attributions are kept, and where the
// link is the identity (probability-averaging forests) the values are exact.

import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { AttributionSpace, RecordExplanation } from "../types";

export type Link = "sigmoid" | "softmax" | "identity";

export type OutputHead = {
  task: Manifest["task"];
  /** margin[o] = Σ_t mix[o][t] · score[t] */
  mix: number[][];
  link: Link;
  outputs: string[];
};

/**
 * Reads how the served output follows from the operator's scores; null for a combination we do not
 * know. The choice is then checked on the background against what the model actually serves.
 */
export function chooseHead(
  manifest: Manifest,
  width: number,
  postTransform: string,
  usesBeyondFirst: boolean,
): OutputHead | null {
  const kind = manifest.io?.output.kind;
  const row = (values: number[]) => Array.from({ length: width }, (_, t) => values[t] ?? 0);
  if (manifest.task === "regression") {
    if (width !== 1 || postTransform !== "NONE") return null;
    return { task: "regression", mix: [[1]], link: "identity", outputs: [manifest.outputs.valueName ?? "value"] };
  }
  const classes = manifest.outputs.classes!;
  if (manifest.task === "binary") {
    const head = (mix: number[], link: Link): OutputHead => ({ task: "binary", mix: [row(mix)], link, outputs: [classes[1]] });
    const single = width === 1 || !usesBeyondFirst;
    if (!kind || kind === "logits") {
      if (postTransform !== "NONE") return null;
      return single ? head([1], "sigmoid") : width === 2 ? head([-1, 1], "sigmoid") : null;
    }
    if (single)
      return postTransform === "LOGISTIC" ? head([1], "sigmoid") : postTransform === "NONE" ? head([1], "identity") : null;
    if (width !== 2) return null;
    if (postTransform === "SOFTMAX") return head([-1, 1], "sigmoid");
    if (postTransform === "LOGISTIC") return head([0, 1], "sigmoid");
    return postTransform === "NONE" ? head([0, 1], "identity") : null;
  }
  if (width !== classes.length) return null;
  const K = classes.length;
  // Softmax scores are defined only up to a per-row shift; centring them (score − mean over classes,
  // which is log p − mean log p) fixes one representative, the same the sampling explainer reports,
  // and stays linear in the scores, so it keeps the attributions exact.
  const centred = classes.map((_, o) => row(classes.map((__, t) => (t === o ? 1 : 0) - 1 / K)));
  const identity = classes.map((_, o) => row(classes.map((__, t) => (t === o ? 1 : 0))));
  const head = (link: Link): OutputHead => ({
    task: "multiclass",
    mix: link === "softmax" ? centred : identity,
    link,
    outputs: [...classes],
  });
  if (!kind || kind === "logits") return postTransform === "NONE" ? head("softmax") : null;
  if (postTransform === "SOFTMAX") return head("softmax");
  return postTransform === "NONE" ? head("identity") : null;
}

export function mixScores(head: OutputHead, scores: ArrayLike<number>, at = 0): Float64Array {
  const out = new Float64Array(head.mix.length);
  head.mix.forEach((row, o) => {
    for (let t = 0; t < row.length; t++) out[o] += row[t] * scores[at + t];
  });
  return out;
}

export function probabilities(head: OutputHead, margin: Float64Array): Float64Array {
  if (head.link === "identity") return Float64Array.from(margin);
  if (head.link === "sigmoid") return Float64Array.from(margin, (z) => 1 / (1 + Math.exp(-z)));
  const max = Math.max(...margin);
  const e = Float64Array.from(margin, (z) => Math.exp(z - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The reported outputs' value per row as the model serves it: p(positive), p(class) or the value. */
export function servedOutputs(head: OutputHead, served: Float64Array, row: number): number[] {
  if (head.task === "binary") return [served[row * 2 + 1]];
  const width = head.outputs.length;
  return Array.from({ length: width }, (_, o) => served[row * width + o]);
}

/** Largest gap between what the head derives from our margins and what the model serves, over the rows. */
export function servedGap(head: OutputHead, margins: Float64Array[], served: Float64Array): number {
  let worst = 0;
  margins.forEach((m, r) => {
    const ours = head.task === "regression" ? m : probabilities(head, m);
    const theirs = servedOutputs(head, served, r);
    ours.forEach((v, o) => {
      const scale = head.task === "regression" ? Math.max(1, Math.abs(theirs[o])) : 1;
      worst = Math.max(worst, Math.abs(v - theirs[o]) / scale);
    });
  });
  return worst;
}

/** Regression has only its value; classifiers report probabilities unless the margin is asked for. */
export function resolveSpace(task: Manifest["task"], requested: AttributionSpace): AttributionSpace {
  if (task === "regression") return "value";
  return requested === "probability" ? "probability" : "margin";
}

export type RecordParts = {
  head: OutputHead;
  space: AttributionSpace;
  baseMargin: Float64Array;
  meanProbability: Float64Array;
  /** Margin of this record, per output. */
  margin: Float64Array;
  /** Exact margin attributions per feature, per output. */
  values: Map<string, Float64Array>;
};

export function assembleRecord(p: RecordParts): RecordExplanation {
  const outputs = p.head.outputs.length;
  const values: Record<string, number[]> = {};
  let base = Array.from(p.baseMargin);
  let output = Array.from(p.margin);
  if (p.space !== "probability") {
    for (const [feature, v] of p.values) values[feature] = Array.from(v);
  } else {
    base = Array.from(p.meanProbability);
    output = Array.from(probabilities(p.head, p.margin));
    const factor = new Float64Array(outputs);
    for (let o = 0; o < outputs; o++) {
      let total = 0;
      for (const v of p.values.values()) total += v[o];
      // No margin attribution to scale (the record sits at the base margin): report the gap as error.
      factor[o] = Math.abs(total) > 1e-12 ? (output[o] - base[o]) / total : 0;
    }
    for (const [feature, v] of p.values) values[feature] = Array.from(v, (x, o) => x * factor[o]);
  }
  let additivityError = 0;
  for (let o = 0; o < outputs; o++) {
    let sum = base[o];
    for (const v of Object.values(values)) sum += v[o];
    additivityError = Math.max(additivityError, Math.abs(sum - output[o]));
  }
  return { outputs: [...p.head.outputs], base, output, values, additivityError };
}

/** Sums column attributions (column-major by score: phi[c * width + t]) into per-feature margin attributions. */
export function featureAttributions(
  head: OutputHead,
  features: readonly string[],
  columnFeature: readonly string[],
  phi: Float64Array,
  width: number,
): Map<string, Float64Array> {
  const out = new Map(features.map((f) => [f, new Float64Array(head.outputs.length)]));
  columnFeature.forEach((feature, c) => {
    const target = out.get(feature)!;
    const mixed = mixScores(head, phi, c * width);
    for (let o = 0; o < mixed.length; o++) target[o] += mixed[o];
  });
  return out;
}
