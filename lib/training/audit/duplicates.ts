// Repeated rows inflate the weight of a few examples, and the same row in train and test lets a model
// score well on the test set by memory. Conflicting duplicates (same features, different target)
// point at label noise.

import type { Finding } from "./finding";

export interface DuplicateReport {
  /** Rows that repeat an earlier row exactly (features and target). */
  duplicateRows: number;
  /** Feature vectors that appear with more than one target value. */
  conflictingGroups: number;
  /** Test rows whose feature vector also occurs in train. */
  testRowsInTrain: number;
  testRows: number;
}

export function duplicateReport(options: {
  featureHashes: Float64Array;
  target: ArrayLike<number>;
  trainRows: ArrayLike<number>;
  testRows: ArrayLike<number>;
}): DuplicateReport {
  const { featureHashes, target } = options;
  // Sorting row indices by (feature hash, target) keeps memory at 4 bytes a row; a Map of rows
  // would cost ~100 bytes a row, which matters at millions of rows.
  const order = Int32Array.from({ length: featureHashes.length }, (_, i) => i).sort(
    (a, b) => featureHashes[a] - featureHashes[b] || target[a] - target[b] || a - b,
  );
  let duplicateRows = 0;
  let conflictingGroups = 0;
  for (let k = 1, groupTargets = 1; k < order.length; k++) {
    const previous = order[k - 1];
    const current = order[k];
    if (featureHashes[current] !== featureHashes[previous]) {
      groupTargets = 1;
      continue;
    }
    if (target[current] === target[previous]) duplicateRows++;
    else if (++groupTargets === 2) conflictingGroups++;
  }
  const train = Float64Array.from(options.trainRows, (r) => featureHashes[r]).sort();
  let testRowsInTrain = 0;
  for (let i = 0; i < options.testRows.length; i++) if (contains(train, featureHashes[options.testRows[i]])) testRowsInTrain++;
  return { duplicateRows, conflictingGroups, testRowsInTrain, testRows: options.testRows.length };
}

function contains(sorted: Float64Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value;
}

/**
 * Graded by share: a repeated row or two in a few hundred is a note, not a problem. Train/test
 * overlap inflates a test metric by at most the overlapping share, so it is an error from
 * OVERLAP_ERROR_SHARE of the test rows on, a warning from NOTE_SHARE, a note below.
 */
export const NOTE_SHARE = 0.01;
export const OVERLAP_ERROR_SHARE = 0.05;

const grade = (count: number, total: number, errorShare = Number.POSITIVE_INFINITY): Finding["severity"] => {
  const share = count / Math.max(total, 1);
  return share >= errorShare ? "error" : share >= NOTE_SHARE ? "warning" : "info";
};

export function duplicateFindings(report: DuplicateReport, rows: number): Finding[] {
  const findings: Finding[] = [];
  if (report.duplicateRows > 0) {
    findings.push({
      check: "duplicates",
      severity: grade(report.duplicateRows, rows),
      message: `${report.duplicateRows === 1 ? "1 row" : `${report.duplicateRows} rows`} (${pct(report.duplicateRows, rows)}) ${report.duplicateRows === 1 ? "repeats" : "repeat"} an earlier row exactly`,
    });
  }
  if (report.conflictingGroups > 0) {
    findings.push({
      check: "conflicting_duplicates",
      severity: grade(report.conflictingGroups, rows),
      message: `${report.conflictingGroups} feature vectors occur with different targets (possible label noise)`,
    });
  }
  if (report.testRowsInTrain > 0) {
    findings.push({
      check: "leakage_train_test_overlap",
      severity: grade(report.testRowsInTrain, report.testRows, OVERLAP_ERROR_SHARE),
      message: `${report.testRowsInTrain} of ${report.testRows} test rows (${pct(report.testRowsInTrain, report.testRows)}) have the same features as a training row; test metrics overstate performance on new data`,
    });
  }
  return findings;
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
