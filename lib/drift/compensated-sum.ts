/**
 * Neumaier (improved Kahan) summation. Statistics such as Wasserstein add up to 2e6 small non-negative
 * products; a plain loop would lose about log10(n) digits, which is most of the 1e-9 budget we hold the
 * numbers to against scipy.
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

export function compensatedSum(values: ArrayLike<number>): number {
  const acc = new CompensatedSum();
  for (let i = 0; i < values.length; i++) acc.add(values[i]);
  return acc.value;
}
