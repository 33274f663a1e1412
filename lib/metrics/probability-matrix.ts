// The one shape multiclass probabilities take in this module: a flat row-major buffer plus the
// number of classes. That is what ONNX Runtime hands back (a Float32Array tensor), so monitoring
// never has to materialise a million small arrays; `probabilityMatrixFromRows` adapts JSON-style
// nested arrays.

import { assertArrayLike, assertPositiveInteger, assertProbabilities } from "./validation";

export interface ProbabilityMatrix {
  /** Row-major N × numClasses: values[i * numClasses + k] is the probability that row i is class k. */
  readonly values: ArrayLike<number>;
  readonly numClasses: number;
}

/**
 * How far a row's sum may be from 1: numpy.allclose's default (rtol 1e-5, atol 1e-8), which is
 * what scikit-learn's multiclass roc_auc_score checks. A row far from 1 usually means logits or
 * unnormalised scores were passed where probabilities were expected.
 */
export const ROW_SUM_TOLERANCE = 1e-5 + 1e-8;

export function probabilityMatrixFromRows(rows: ArrayLike<ArrayLike<number>>): ProbabilityMatrix {
  assertArrayLike(rows, "rows");
  if (rows.length === 0) throw new RangeError("rows must not be empty");
  const first = rows[0];
  assertArrayLike(first, "rows[0]");
  const numClasses = first.length;
  const values = new Float64Array(rows.length * numClasses);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    assertArrayLike(row, `rows[${i}]`);
    if (row.length !== numClasses) {
      throw new RangeError(`rows[${i}] has ${row.length} entries but rows[0] has ${numClasses}`);
    }
    for (let k = 0; k < numClasses; k++) {
      const v = row[k];
      if (typeof v !== "number") throw new TypeError(`rows[${i}][${k}] must be a number, got ${typeof v}`);
      values[i * numClasses + k] = v;
    }
  }
  return { values, numClasses };
}

/** Validates the matrix and returns its number of rows. */
export function assertProbabilityMatrix(matrix: ProbabilityMatrix, name = "probabilities"): number {
  if (matrix === null || typeof matrix !== "object") {
    throw new TypeError(`${name} must be a ProbabilityMatrix { values, numClasses }`);
  }
  const { values, numClasses } = matrix;
  assertPositiveInteger(numClasses, `${name}.numClasses`, 2);
  assertProbabilities(values, `${name}.values`);
  if (values.length % numClasses !== 0) {
    throw new RangeError(`${name}.values has length ${values.length}, not a multiple of numClasses = ${numClasses}`);
  }
  const rows = values.length / numClasses;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += values[i * numClasses + k];
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new RangeError(`${name} row ${i} sums to ${sum}; each row must sum to 1`);
    }
  }
  return rows;
}

/** The most probable class per row; on ties the lowest class index wins, as numpy.argmax. */
export function argmaxPredictions(matrix: ProbabilityMatrix): Int32Array {
  const rows = assertProbabilityMatrix(matrix);
  const { values, numClasses } = matrix;
  const predictions = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = values[i * numClasses];
    for (let k = 1; k < numClasses; k++) {
      const v = values[i * numClasses + k];
      if (v > bestValue) {
        best = k;
        bestValue = v;
      }
    }
    predictions[i] = best;
  }
  return predictions;
}

/** Column k as its own array, for one-vs-rest metrics. */
export function probabilityColumn(matrix: ProbabilityMatrix, k: number): Float64Array {
  const { values, numClasses } = matrix;
  const rows = values.length / numClasses;
  const column = new Float64Array(rows);
  for (let i = 0; i < rows; i++) column[i] = values[i * numClasses + k];
  return column;
}
