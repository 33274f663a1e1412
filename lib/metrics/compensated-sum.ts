// Means over a million monitoring rows lose digits with naive summation (error grows with n);
// scikit-learn sums pairwise, which stays accurate. Neumaier's compensated summation keeps the
// error independent of n, so large windows agree with the reference to the last few ulps.

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
