// Limited-memory BFGS for the smooth, convex objectives of the linear baselines. Full-batch and
// free of randomness, so the same data always gives the same coefficients.

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance?: number;
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/** `objective` returns f(x) and writes ∇f(x) into `gradient`. */
export function minimizeLbfgs(
  objective: (x: Float64Array, gradient: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.gradientTolerance ?? 1e-9;
  const m = options.memory ?? 10;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const direction = new Float64Array(n);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) < tolerance) return { x, value: f, iterations: iteration, converged: true };
    // Two-loop recursion: direction = -H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      axpy(-alpha[k], y[k], direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    } else {
      // First step: a unit-length move along the gradient, whatever its scale.
      const norm = Math.sqrt(dot(g, g));
      for (let i = 0; i < n; i++) direction[i] /= Math.max(norm, 1);
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], direction);
      axpy(alpha[k] - beta, s[k], direction);
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = dot(g, direction);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i] + step * direction[i];
      fNext = objective(xNext, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext <= f)) return { x, value: f, iterations: iteration, converged: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNext[i] - x[i];
      yk[i] = gNext[i] - g[i];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const relativeChange = Math.abs(f - fNext) / Math.max(Math.abs(f), Math.abs(fNext), 1);
    x = Float64Array.from(xNext);
    g = Float64Array.from(gNext);
    f = fNext;
    if (relativeChange < 1e-15) return { x, value: f, iterations: iteration + 1, converged: maxAbs(g) < tolerance * 1e3 };
  }
  return { x, value: f, iterations: maxIterations, converged: maxAbs(g) < tolerance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
