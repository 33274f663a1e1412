/**
 * Neumaier (improved Kahan) summation. Drift statistics add up to millions of small products and
 * metrics average over a million monitoring rows; a plain loop loses about log10(n) digits, which
 * is most of the 1e-9 budget the numbers are held to against scipy and scikit-learn (which sums
 * pairwise). The compensation keeps the error independent of n.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
