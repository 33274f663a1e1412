// Precision, recall and F1 from counts, with scikit-learn's zero_division rule made explicit:
// a ratio whose denominator is zero (no predicted positives, or no actual positives) is reported
// as 0 rather than NaN, so it can be stored, charted and compared. scikit-learn's default
// zero_division="warn" returns the same 0 after a warning.

/** The value reported for precision, recall or F1 when its denominator is zero. */
export const ZERO_DIVISION_VALUE = 0;

export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? ZERO_DIVISION_VALUE : numerator / denominator;
}

/**
 * F1 is computed as 2PR / (P + R) from the already-divided precision and recall, as scikit-learn
 * does, rather than as 2TP / (2TP + FP + FN); the two differ in the last bit, and matching the
 * reference bit-for-bit keeps stored history comparable across the Python and TS pipelines.
 */
export function precisionRecallF1(counts: { tp: number; fp: number; fn: number }): PrecisionRecallF1 {
  const precision = ratioOrZero(counts.tp, counts.tp + counts.fp);
  const recall = ratioOrZero(counts.tp, counts.tp + counts.fn);
  const f1 = ratioOrZero(2 * precision * recall, precision + recall);
  return { precision, recall, f1 };
}
