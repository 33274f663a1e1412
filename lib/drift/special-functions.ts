/**
 * Special functions needed by the drift p-values, in plain TypeScript so the statistics have no runtime
 * dependencies. Accuracy targets are set by what the p-values need: about 1e-14 relative for the gamma
 * family (chi-square p-values as small as 1e-16 must keep six significant digits) and for the Bessel
 * function (the Cramér–von Mises series sums it to within 1e-14 of 1).
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 2.220446049250313e-16;
/** Avoids division by zero in the Lentz continued-fraction recurrence without disturbing its value. */
const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;

// Lanczos coefficients for g = 607/128 and 15 terms (Godfrey). Relative error below 1e-15 on x >= 0.5,
// which is all the incomplete gamma prefactor needs.
const LANCZOS_G = 607 / 128;
const LANCZOS_COEFFICIENTS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174, -0.49191381609762019978,
  0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4, 0.15808870322491248884e-3,
  -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3, 0.84418223983852743293e-4,
  -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`x must be a finite positive number, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in the range where its error bound holds.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** log of x^a e^-x / Γ(a), the common prefactor of both incomplete gamma representations. */
function logGammaPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Series for P(a, x); converges fast when x < a + 1. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  let denominator = a;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) {
      return sum * Math.exp(logGammaPrefactor(a, x));
    }
  }
  throw new Error(`regularized gamma series did not converge for a=${a}, x=${x}`);
}

/**
 * Continued fraction for Q(a, x), evaluated with the modified Lentz method; converges fast when
 * x >= a + 1. Computing Q directly here (rather than 1 - P) is what keeps tiny p-values accurate.
 */
function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) {
      return fraction * Math.exp(logGammaPrefactor(a, x));
    }
  }
  throw new Error(`regularized gamma continued fraction did not converge for a=${a}, x=${x}`);
}

function assertGammaArguments(a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`a must be a finite positive number, got ${a}`);
  if (!(x >= 0) || Number.isNaN(x)) throw new RangeError(`x must be a non-negative number, got ${x}`);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  assertGammaArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return Math.min(1, lowerGammaSeries(a, x));
  return Math.max(0, 1 - upperGammaContinuedFraction(a, x));
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) = 1 - P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  assertGammaArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.max(0, 1 - lowerGammaSeries(a, x));
  return Math.min(1, upperGammaContinuedFraction(a, x));
}

/** Survival function of the chi-square distribution (scipy.stats.chi2.sf). */
export function chiSquareSurvival(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) {
    throw new RangeError(`degreesOfFreedom must be positive, got ${degreesOfFreedom}`);
  }
  if (Number.isNaN(statistic)) throw new RangeError("statistic must not be NaN");
  if (statistic <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
}

/**
 * Exponentially scaled modified Bessel function of the second kind, e^x K_ν(x), for x > 0.
 *
 * Uses K_ν(x) = ∫₀^∞ exp(-x cosh t) cosh(νt) dt with the trapezoidal rule. The integrand is entire and
 * decays double-exponentially, so the trapezoidal error falls like exp(-2πd/h) (d ≈ 1.2 is the usable
 * strip half-width): with the steps below that is far below 1e-16 relative, while a series or asymptotic
 * expansion would need a different branch for every range of x. Writing cosh t - 1 as 2 sinh²(t/2)
 * keeps the scaled integrand exact near t = 0 when x is large.
 */
export function besselKScaled(nu: number, x: number): number {
  if (!Number.isFinite(nu)) throw new RangeError(`nu must be finite, got ${nu}`);
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`x must be a finite positive number, got ${x}`);
  // For large x the integrand is a Gaussian of width ~1/sqrt(x); the step must resolve it.
  const h = Math.min(0.1, 0.5 / Math.sqrt(x));
  let sum = 0.5; // half weight of the t = 0 node, where the integrand is exactly 1
  for (let k = 1; k < 100_000; k++) {
    const t = k * h;
    const s = Math.sinh(t / 2);
    const f = Math.exp(-2 * x * s * s) * Math.cosh(nu * t);
    sum += f;
    if (f < 1e-18 * sum) break;
  }
  return h * sum;
}
