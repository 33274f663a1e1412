import { createRandom, deriveSeed } from "@/lib/training/random";
import type { Coalitions } from "./coalitions";

// The weighted least squares of KernelSHAP with the efficiency constraint built in: Σ φ = Δ (the
// output minus the base) is enforced exactly by writing the last feature's value as Δ − Σ of the
// others, leaving an unconstrained (M − 1)-variable problem. Its normal matrix depends only on the
// coalitions and their weights, so it is factored once per batch and every record and output is a
// pair of triangular solves.

export class KernelSolver {
  private readonly m: number;
  private readonly factor: Float64Array;

  constructor(
    private readonly coalitions: Coalitions,
    private readonly weights: Float64Array = coalitions.weights,
  ) {
    this.m = coalitions.features;
    this.factor = choleskyWithRidge(this.normalMatrix(), this.m - 1);
  }

  /** φ for one record and output: `values[l]` is v(coalition l) − base; `delta` is output − base. */
  solve(values: Float64Array, delta: number): Float64Array {
    const { m, coalitions, weights } = this;
    const phi = new Float64Array(m);
    if (m === 1) {
      phi[0] = delta;
      return phi;
    }
    const k = m - 1;
    const rhs = new Float64Array(k);
    for (let l = 0; l < coalitions.count; l++) {
      const w = weights[l];
      if (w === 0) continue;
      const row = l * m;
      const last = coalitions.masks[row + k];
      const target = w * (values[l] - last * delta);
      for (let i = 0; i < k; i++) rhs[i] += (coalitions.masks[row + i] - last) * target;
    }
    const solved = choleskySolve(this.factor, rhs, k);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += phi[i] = solved[i];
    phi[k] = delta - sum;
    return phi;
  }

  private normalMatrix(): Float64Array {
    const { m, coalitions, weights } = this;
    const k = m - 1;
    const matrix = new Float64Array(k * k);
    const a = new Float64Array(k);
    for (let l = 0; l < coalitions.count; l++) {
      const w = weights[l];
      if (w === 0) continue;
      const row = l * m;
      const last = coalitions.masks[row + k];
      for (let i = 0; i < k; i++) a[i] = coalitions.masks[row + i] - last;
      for (let i = 0; i < k; i++) {
        if (a[i] === 0) continue;
        for (let j = 0; j <= i; j++) matrix[i * k + j] += w * a[i] * a[j];
      }
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) matrix[j * k + i] = matrix[i * k + j];
    return matrix;
  }
}

/**
 * Solvers on bootstrap resamples of the sampled coalitions (pairs resampled whole, as they were
 * drawn): the spread of their answers estimates the sampling error of the estimate. None when the
 * coalitions were enumerated: the answer is then exact.
 */
export function bootstrapSolvers(coalitions: Coalitions, replicates: number, seed: number): KernelSolver[] {
  if (coalitions.exhaustive || coalitions.features === 1) return [];
  const random = createRandom(deriveSeed(seed, "kernel-shap-bootstrap"));
  const pairs = coalitions.count / 2;
  const solvers: KernelSolver[] = [];
  for (let b = 0; b < replicates; b++) {
    const weights = new Float64Array(coalitions.count);
    for (let draw = 0; draw < pairs; draw++) {
      const pair = Math.floor(random() * pairs);
      weights[2 * pair] += coalitions.weights[2 * pair];
      weights[2 * pair + 1] += coalitions.weights[2 * pair + 1];
    }
    solvers.push(new KernelSolver(coalitions, weights));
  }
  return solvers;
}

// A coalition sample too small to pin every feature down leaves the matrix singular; a ridge far
// below the entries' scale makes it solvable without moving a well-posed answer.
function choleskyWithRidge(matrix: Float64Array, k: number): Float64Array {
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, matrix[i * k + i]);
  for (const ridge of [0, 1e-10, 1e-6]) {
    const copy = Float64Array.from(matrix);
    for (let i = 0; i < k; i++) copy[i * k + i] += ridge * (scale || 1);
    if (cholesky(copy, k)) return copy;
  }
  throw new Error("the coalition matrix is not positive definite");
}

/** In place: the lower triangle becomes L with L·Lᵀ = matrix. False when a pivot is not positive. */
function cholesky(a: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j];
    for (let p = 0; p < j; p++) d -= a[j * k + p] * a[j * k + p];
    if (!(d > 0)) return false;
    const pivot = Math.sqrt(d);
    a[j * k + j] = pivot;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j];
      for (let p = 0; p < j; p++) s -= a[i * k + p] * a[j * k + p];
      a[i * k + j] = s / pivot;
    }
  }
  return true;
}

function choleskySolve(factor: Float64Array, rhs: Float64Array, k: number): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = rhs[i];
    for (let p = 0; p < i; p++) s -= factor[i * k + p] * y[p];
    y[i] = s / factor[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let p = i + 1; p < k; p++) s -= factor[p * k + i] * x[p];
    x[i] = s / factor[i * k + i];
  }
  return x;
}
