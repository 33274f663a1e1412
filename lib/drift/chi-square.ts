import { chiSquareSurvival } from "./special-functions";
import { assertCounts, assertSameLength } from "./validation";

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
}

/**
 * Pearson chi-square test of homogeneity on the 2 × k table [reference; current]
 * (scipy.stats.chi2_contingency, correction=False). Categories empty in both rows are dropped first:
 * they carry no information and would put zero expected counts in the table. A category seen only in
 * the current sample stays in — it is precisely the kind of drift the test must see.
 * Without Yates' correction because with k > 2 it does not apply, and with k = 2 on monitoring-sized
 * samples it only makes the test more conservative.
 */
export function chiSquareFromCounts(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): ChiSquareResult {
  const referenceTotal = assertCounts(referenceCounts, "referenceCounts");
  const currentTotal = assertCounts(currentCounts, "currentCounts");
  assertSameLength({ referenceCounts, currentCounts });
  const total = referenceTotal + currentTotal;
  let categories = 0;
  let statistic = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const column = referenceCounts[i] + currentCounts[i];
    if (column === 0) continue;
    categories++;
    const expectedReference = (referenceTotal * column) / total;
    const expectedCurrent = (currentTotal * column) / total;
    statistic += (referenceCounts[i] - expectedReference) ** 2 / expectedReference;
    statistic += (currentCounts[i] - expectedCurrent) ** 2 / expectedCurrent;
  }
  const degreesOfFreedom = categories - 1;
  // One observed category: both samples are identical in distribution and scipy reports (0, p = 1).
  if (degreesOfFreedom === 0) return { statistic: 0, pValue: 1, degreesOfFreedom };
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom };
}
