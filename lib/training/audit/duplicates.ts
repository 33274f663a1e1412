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
  // Per feature vector, the distinct targets seen with it (almost always one).
  const targets = new Map<number, number[]>();
  let duplicateRows = 0;
  let conflictingGroups = 0;
  for (let i = 0; i < featureHashes.length; i++) {
    const h = featureHashes[i];
    const t = target[i];
    const seen = targets.get(h);
    if (seen === undefined) targets.set(h, [t]);
    else if (seen.includes(t)) duplicateRows++;
    else {
      if (seen.length === 1) conflictingGroups++;
      seen.push(t);
    }
  }
  const train = new Set<number>();
  for (let i = 0; i < options.trainRows.length; i++) train.add(featureHashes[options.trainRows[i]]);
  let testRowsInTrain = 0;
  for (let i = 0; i < options.testRows.length; i++) if (train.has(featureHashes[options.testRows[i]])) testRowsInTrain++;
  return { duplicateRows, conflictingGroups, testRowsInTrain, testRows: options.testRows.length };
}

export function duplicateFindings(report: DuplicateReport, rows: number): Finding[] {
  const findings: Finding[] = [];
  if (report.duplicateRows > 0) {
    findings.push({ check: "duplicates", severity: "warning", message: `${report.duplicateRows} rows (${pct(report.duplicateRows, rows)}) repeat an earlier row exactly` });
  }
  if (report.conflictingGroups > 0) {
    findings.push({ check: "conflicting_duplicates", severity: "warning", message: `${report.conflictingGroups} feature vectors occur with different targets (possible label noise)` });
  }
  if (report.testRowsInTrain > 0) {
    findings.push({
      check: "leakage_train_test_overlap",
      severity: "error",
      message: `${report.testRowsInTrain} of ${report.testRows} test rows (${pct(report.testRowsInTrain, report.testRows)}) have the same features as a training row; test metrics overstate performance on new data`,
    });
  }
  return findings;
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
