// The floor every model must clear: predict the training prior (binary, multiclass) or the training
// mean (regression) for every row. As a network it is one dense layer with zero weights, so it
// exports to ONNX like any other model.

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import { outputUnits, type Design, type ModelTask } from "./design";

export function fitMajorityModel(design: Design, task: ModelTask, numClasses: number): DenseLayer {
  const K = outputUnits(task, numClasses);
  const bias = new Float64Array(K);
  if (task === "regression") {
    let sum = 0;
    for (let i = 0; i < design.rows; i++) sum += design.y[i];
    bias[0] = sum / design.rows;
  } else {
    const counts = new Float64Array(numClasses);
    for (let i = 0; i < design.rows; i++) counts[design.y[i]]++;
    // Priors as logits; a class absent from train gets a tiny floor so its logit stays finite.
    const p = Array.from(counts, (c) => Math.max(c, 1e-6) / design.rows);
    if (task === "binary") bias[0] = Math.log(p[1] / p[0]);
    else for (let k = 0; k < K; k++) bias[k] = Math.log(p[k]);
  }
  return { inDim: design.width, outDim: K, weights: new Array<number>(design.width * K).fill(0), bias: Array.from(bias) };
}
