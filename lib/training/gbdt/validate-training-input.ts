// Refuses inputs that would otherwise train silently into a wrong model (a label out of range, a
// matrix of the wrong size, an infinite value the serving API would reject anyway).

import type { GbdtDataset, TrainGbdtOptions } from "./types";

export interface CheckedDataset {
  n: number;
  X: Float32Array;
  y: Float64Array;
  w: Float64Array;
}

export interface CheckedInput extends CheckedDataset {
  d: number;
  /** Outputs per row: numClasses for multiclass, 1 otherwise. */
  K: number;
  validation: CheckedDataset | null;
}

export function validateTrainingInput(o: TrainGbdtOptions): CheckedInput {
  const d = o.featureNames.length;
  if (d === 0) throw new Error("at least one feature is required");
  if (new Set(o.featureNames).size !== d) throw new Error("featureNames must be distinct");
  let K = 1;
  if (o.task === "multiclass") {
    K = o.numClasses ?? 0;
    if (!Number.isInteger(K) || K < 3)
      throw new Error(`multiclass needs numClasses >= 3 (use task "binary" for two classes), got ${o.numClasses}`);
  } else if (o.task !== "binary" && o.task !== "regression") throw new Error(`unknown task ${String(o.task)}`);
  const train = checkDataset(o, o.task, K, d, "training");
  if (train.n === 0) throw new Error("training set is empty");
  const validation = o.validation ? checkDataset(o.validation, o.task, K, d, "validation") : null;
  if (validation && validation.n === 0) throw new Error("validation set is empty");
  return { ...train, d, K, validation };
}

function checkDataset(ds: GbdtDataset, task: TrainGbdtOptions["task"], K: number, d: number, what: string): CheckedDataset {
  const n = ds.y.length;
  if (!(ds.X instanceof Float32Array))
    throw new Error(`${what} X must be a Float32Array (values are compared as float32, as in ONNX)`);
  if (ds.X.length !== n * d) throw new Error(`${what} X holds ${ds.X.length} values, expected ${n} rows × ${d} features`);
  for (let i = 0; i < ds.X.length; i++) {
    const x = ds.X[i];
    if (x === Infinity || x === -Infinity)
      throw new Error(`${what} X: row ${Math.floor(i / d)}, feature ${i % d} is infinite (use NaN for missing)`);
  }
  const y = Float64Array.from(ds.y);
  for (let r = 0; r < n; r++) {
    const v = y[r];
    if (task === "regression" ? !Number.isFinite(v) : !Number.isInteger(v) || v < 0 || v >= (task === "binary" ? 2 : K)) {
      throw new Error(
        `${what} y[${r}] = ${v} is not a valid ${task === "regression" ? "finite target" : `class index for ${task}`}`,
      );
    }
  }
  const w = ds.weights ? Float64Array.from(ds.weights) : new Float64Array(n).fill(1);
  if (w.length !== n) throw new Error(`${what} weights hold ${w.length} values, expected ${n}`);
  let total = 0;
  for (let r = 0; r < n; r++) {
    if (!(w[r] >= 0) || !Number.isFinite(w[r])) throw new Error(`${what} weights[${r}] = ${w[r]} must be finite and >= 0`);
    total += w[r];
  }
  if (n > 0 && total <= 0) throw new Error(`${what} weights sum to 0`);
  return { n, X: ds.X, y, w };
}
