// Model outputs in the shape lib/metrics consumes, whatever produced them (baseline, MLP, ONNX).

export type Predictions =
  | { task: "binary" /** P(positive class) per row. */; scores: Float64Array }
  | { task: "multiclass"; numClasses: number /** rows × K, row-major. */; probabilities: Float64Array }
  | { task: "regression"; values: Float64Array };

/** One number per row for the reference profile: score (binary), predicted class (multiclass), value. */
export function predictionColumn(p: Predictions): Float64Array {
  if (p.task === "binary") return p.scores;
  if (p.task === "regression") return p.values;
  const rows = p.probabilities.length / p.numClasses;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < p.numClasses; k++)
      if (p.probabilities[r * p.numClasses + k] > p.probabilities[r * p.numClasses + best]) best = k;
    out[r] = best;
  }
  return out;
}
