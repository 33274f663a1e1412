import { twoProduct } from "./float-arithmetic";
import { durbinMatrixCdf, pomeranzCdf } from "./kolmogorov-small-n";

/**
 * Distribution of the one-sample Kolmogorov–Smirnov statistic D_n for a finite n, as scipy's
 * `kstwo` computes it. scipy's two-sample asymptotic p-value (`ks_2samp(method="asymp")`) is
 * `kstwo.sf(d, round(m·n/(m+n)))`, so matching it means reproducing the whole method selection of
 * Simard & L'Ecuyer (2011) that scipy implements: exact formulas near the ends of the range, the
 * Durbin matrix (Marsaglia–Tsang–Wang) or Pomeranz recursion for small n, 2·Smirnov's one-sided tail
 * where the two one-sided events are (nearly) disjoint, and the Pelz–Good asymptotic series otherwise.
 * Pelz–Good is an approximation, so using the same switch points as scipy is what makes our p-values
 * agree with the oracle beyond the approximation's own error.
 *
 * References: Durbin (1968); Pomeranz (1974, CACM Alg. 487); Marsaglia, Tsang & Wang (2003, JSS 8(18));
 * Pelz & Good (1976, JRSS B 38(2)); Simard & L'Ecuyer (2011, JSS 39(11)); Birnbaum & Tingey (1951).
 */

const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
/** log of the smallest subnormal double: below this the one-sided tail underflows to zero. */
const LOG_SMALLEST_DOUBLE = -745.1332191019412;
/** Beyond this n scipy's Smirnov tail switches to a closed-form approximation. */
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const LOG_EPSILON = Math.log(2.220446049250313e-16);

// Bernoulli-number Stirling coefficients B_2j / (2j (2j-1)), highest order first.
const STIRLING_COEFFICIENTS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

function clip01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function assertSampleSize(n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
}

/** log(n! / n^n) via Stirling, with n·log(n) removed analytically to avoid cancellation. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const w = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFICIENTS) poly = poly * w + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Survival function of the two-sided one-sample KS statistic: P(D_n >= x) (scipy `kstwo.sf(x, n)`).
 */
export function kolmogorovSurvival(n: number, x: number): number {
  assertSampleSize(n);
  if (Number.isNaN(x)) throw new RangeError("x must not be NaN");
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino closed form for 1/(2n) <= x <= 1/n.
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  // For x >= 0.5 the events D+ >= x and D- >= x are disjoint, so the two-sided tail is exactly 2·Smirnov.
  if (x >= 0.5) return clip01(2 * smirnovSurvival(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip01(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip01(1 - pomeranzCdf(n, x));
    return clip01(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  // Here the intersection of the one-sided events is negligible at double precision.
  if (nxSquared >= 2.2) return clip01(2 * smirnovSurvival(n, x));
  let cdf: number;
  if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = durbinMatrixCdf(n, x);
  else cdf = pelzGoodCdf(n, x);
  return clip01(1 - clip01(cdf));
}

/**
 * Exact one-sided tail P(D_n+ >= x) by the Birnbaum–Tingey sum
 *   x · Σ_{v=0}^{⌊n(1-x)⌋} C(n,v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1).
 * All terms are positive, so summing them in log space (largest term factored out) is accurate and
 * cannot underflow even for p-values near 1e-300; scipy's double-double evaluation of the same sum agrees
 * to about 1e-12.
 */
export function smirnovSurvival(n: number, x: number): number {
  assertSampleSize(n);
  if (Number.isNaN(x) || x < 0 || x > 1) throw new RangeError(`x must lie in [0, 1], got ${x}`);
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  // floor(n·x) and its fractional part, exactly: a rounded n·x could land on the wrong integer and
  // add or drop the last term of the sum.
  const [hi, lo] = twoProduct(n, x);
  let nxFloor = Math.floor(hi);
  let alpha = hi - nxFloor + lo;
  if (alpha < 0) {
    nxFloor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxFloor += 1;
    alpha -= 1;
  }

  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return clip01(1 - x * (1 + x) ** (n - 1));
  if (-2 * n * x * x < LOG_SMALLEST_DOUBLE) return 0;
  if (nxFloor >= n - 1) return clip01((1 - x) ** n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  const lastTerm = n - nxFloor - 1;
  let logBinomial = 0;
  // Running sum kept as exp(maxLog) · scaled, rescaled whenever a larger term appears.
  let maxLog = -Infinity;
  let scaled = 0;
  for (let v = 0; v <= lastTerm; v++) {
    if (v > 0) logBinomial += Math.log((n - v + 1) / v);
    // n(1 - x) - v and n·x + v, formed from the exact integer and fractional parts of n·x.
    const below = n - v - nxFloor - alpha;
    const above = v + nxFloor + alpha;
    const logBelow = above < 0.5 * n ? Math.log1p(-above / n) : Math.log(below / n);
    const logAbove = Math.log(above / n);
    const logTerm = logBinomial + (n - v) * logBelow + (v - 1) * logAbove;
    if (logTerm > maxLog) {
      scaled = scaled * Math.exp(maxLog - logTerm) + 1;
      maxLog = logTerm;
    } else {
      scaled += Math.exp(logTerm - maxLog);
    }
    // The terms are unimodal in v; stop once even (remaining terms) × (current term) cannot change the
    // sum at double precision. Same rule as scipy; it makes large-n tails cost thousands of terms, not n.
    const remaining = lastTerm - v;
    if (remaining > 0 && Math.log(4 * remaining) + logTerm < LOG_EPSILON + maxLog + Math.log(scaled)) break;
  }
  return clip01(Math.exp(maxLog + Math.log(scaled) + Math.log(x)));
}

/**
 * Pelz–Good asymptotic series for P(D_n <= x): the Li-Chien/Korolyuk expansion
 * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 (z = x√n), rewritten with Jacobi theta identities so it
 * converges for small z. Same term count (⌈16z/π⌉) as scipy, since the truncation is part of the value.
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI_SQUARED / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;

  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Horner scheme over the odd-integer theta sum.
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / divisors[i];

  // The integer-indexed theta terms of K2 and K3.
  q = Math.exp(-PI_SQUARED / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const ksq = k ** 2;
    const qpw = q ** ksq;
    k2extra += ksq * qpw;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * ksq * qpw;
  }
  K[2] += (k2extra * PI_SQUARED * SQRT_2PI) / (-36 * z3);
  K[3] += (k3extra * PI_SQUARED * SQRT_2PI) / (216 * z6);
  return K[0] + K[1] / n ** 0.5 + K[2] / n + K[3] / n ** 1.5;
}
