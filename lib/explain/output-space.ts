import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { AttributionSpace } from "./types";

// Which numbers the attributions add up to. Classifiers answer in `probability` (what the model
// outputs) unless `margin` is asked: the logit of the positive class's probability (binary), or
// each class's log-probability minus their mean over classes (multiclass, the softmax's scores up
// to a constant). Margins are computed from the probabilities, so they exist for every model, but
// a probability that rounds to 0 or 1 in float32 is clamped to [1e-7, 1 − 1e-7] first (a logit of
// ±16): beyond that a float32 probability says nothing more. Regression answers in its `value`.

export const PROBABILITY_FLOOR = 1e-7;

export function resolveSpace(task: Manifest["task"], requested: "margin" | "probability" | undefined): AttributionSpace {
  if (task === "regression") return "value";
  return requested ?? "probability";
}

/** The outputs a batch explains: the positive class (binary), every class, or the value's name. */
export function explainedOutputs(manifest: Manifest): string[] {
  if (manifest.task === "regression") return [manifest.outputs.valueName ?? "value"];
  const classes = manifest.outputs.classes!;
  return manifest.task === "binary" ? [classes[1]] : [...classes];
}

/**
 * Row-major `rows × width` model scores (probabilities, or the value) turned into `rows × outputs`
 * numbers in the space; binary keeps only the positive class.
 */
export function toSpace(scores: Float64Array, rows: number, task: Manifest["task"], space: AttributionSpace): Float64Array {
  if (task === "regression") return scores;
  const width = scores.length / rows;
  if (task === "binary") {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const p = scores[r * width + width - 1];
      out[r] = space === "margin" ? logit(p) : p;
    }
    return out;
  }
  if (space !== "margin") return scores;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < width; c++) mean += out[r * width + c] = Math.log(clamp(scores[r * width + c]));
    mean /= width;
    for (let c = 0; c < width; c++) out[r * width + c] -= mean;
  }
  return out;
}

const clamp = (p: number) => Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));

function logit(p: number): number {
  const q = clamp(p);
  return Math.log(q / (1 - q));
}
