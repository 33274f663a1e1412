import { gcd, roundHalfEven } from "./float-arithmetic";
import type { SampleSizes } from "./types";
import { assertSampleSizes } from "./validation";

/** Unequal sizes walk an m×n lattice; beyond this the exact p-value would take seconds. */
const EXACT_MAX_LATTICE_CELLS = 1e8;

/**
 * Exact null distribution of the two-sample KS statistic (scipy `ks_2samp(method="exact")`, two-sided).
 *
 * Under H0 every interleaving of the two sorted samples is equally likely, so the p-value is the share
 * of monotone lattice paths from (0,0) to (m,n) that touch or leave the band |i/m - j/n| < d. The
 * statistic is first snapped to the lattice (h = round(d·lcm(m,n))) exactly as scipy does, so floating
 * noise in d cannot move the boundary by one step.
 */
export function ksExactPValue(statistic: number, sizes: SampleSizes): number {
  assertSampleSizes(sizes);
  if (!(statistic >= 0 && statistic <= 1)) throw new RangeError(`statistic must lie in [0, 1], got ${statistic}`);
  const { referenceSize: n1, currentSize: n2 } = sizes;
  if (n1 !== n2 && n1 * n2 > EXACT_MAX_LATTICE_CELLS) {
    throw new RangeError(
      `sizes ${n1} x ${n2} are too large for the exact KS distribution (lattice of more than ` +
        `${EXACT_MAX_LATTICE_CELLS} cells); use the asymptotic p-value`,
    );
  }
  const lcm = (n1 / gcd(n1, n2)) * n2;
  const h = roundHalfEven(statistic * lcm);
  if (h === 0) return 1;
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(h, sizes);
  return Math.min(1, Math.max(0, p));
}

/**
 * Equal sample sizes: the reflection-principle alternating sum
 *   2 Σ_k (-1)^k C(2n, n - (k+1)h) / C(2n, n),
 * evaluated Horner-style from the innermost term (P = 2A0(1 - A1(1 - A2(...)))) so the alternating
 * signs never cancel catastrophically.
 */
function probabilityOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Unequal sample sizes: Hodges' "inside" lattice recursion, rewritten (Viehmann 2021) to carry the
 * probability of having *left* the band instead of a path count. Counts are binomial coefficients that
 * overflow doubles beyond about a thousand observations; probabilities stay in [0, 1] and keep full relative
 * accuracy for small p-values. Only a sliding window of each lattice column lies inside the band.
 */
function probabilityOutsideBand(h: number, { referenceSize, currentSize }: SampleSizes): number {
  const m = Math.max(referenceSize, currentSize);
  const n = Math.min(referenceSize, currentSize);
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  // Cells outside the band have exit probability 1; the first column's in-band cells have 0.
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}
