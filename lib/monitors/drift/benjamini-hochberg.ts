/**
 * Benjamini–Hochberg adjusted p-values (step-up, as R's p.adjust(method = "BH") and statsmodels'
 * fdr_bh): rejecting every test whose adjusted p-value is at most q keeps the expected share of
 * false discoveries among the rejections at or below q, and, when no column has really drifted, the
 * chance of any alarm in the run at or below q.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const [i, p] of pValues.entries()) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`pValues[${i}] must lie in [0, 1], got ${p}`);
  }
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1];
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}
