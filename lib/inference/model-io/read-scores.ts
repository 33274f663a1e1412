import type { Manifest, ModelIo } from "@/lib/core/manifest/manifest-schema";
import { ModelRuntimeError, type PredictionOutput } from "../prediction-output";

/**
 * Per-row probabilities from a score tensor of `rows × width`: as they are, through a softmax
 * (logits, width ≥ 2) or a sigmoid (one logit); a single binary column is p(positive), expanded to
 * [1 − p, p]. Throws ModelRuntimeError when the width fits neither the classes nor a single column.
 */
export function scoresToProbabilities(
  data: ArrayLike<number>,
  rows: number,
  classCount: number,
  kind: ModelIo["output"]["kind"],
  outputName: string,
): Float64Array {
  const out = new Float64Array(rows * classCount);
  if (data.length === rows * classCount) {
    for (let r = 0; r < rows; r++) {
      const at = r * classCount;
      if (kind !== "logits") {
        for (let c = 0; c < classCount; c++) out[at + c] = data[at + c];
        continue;
      }
      let max = -Infinity;
      for (let c = 0; c < classCount; c++) max = Math.max(max, data[at + c]);
      let sum = 0;
      for (let c = 0; c < classCount; c++) sum += out[at + c] = Math.exp(data[at + c] - max);
      for (let c = 0; c < classCount; c++) out[at + c] /= sum;
    }
    return out;
  }
  if (classCount === 2 && data.length === rows) {
    for (let r = 0; r < rows; r++) {
      const p = kind === "logits" ? 1 / (1 + Math.exp(-data[r])) : data[r];
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  throw new ModelRuntimeError(`${outputName} has ${data.length} entries for ${rows} rows × ${classCount} classes`);
}

/** Turns the bound output of one run into per-record predictions, as the default layout does. */
export function readPredictions(manifest: Manifest, io: ModelIo, data: ArrayLike<number>, rows: number): PredictionOutput[] {
  if (manifest.task === "regression") {
    if (data.length !== rows) throw new ModelRuntimeError(`${io.output.name} has ${data.length} entries for ${rows} rows`);
    return Array.from(data, (value) => ({ value: Number(value) }));
  }
  const classes = manifest.outputs.classes!;
  const k = classes.length;
  const p = scoresToProbabilities(data, rows, k, io.output.kind, io.output.name);
  const outputs: PredictionOutput[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let c = 0; c < k; c++) {
      probabilities[classes[c]] = p[r * k + c];
      if (p[r * k + c] > p[r * k + best]) best = c;
    }
    const label = manifest.task === "binary" ? classes[p[r * k + 1] >= manifest.outputs.threshold! ? 1 : 0] : classes[best];
    outputs[r] = { label, probabilities };
  }
  return outputs;
}
