// The data audit, run before any model sees the data: every check's raw result plus the findings
// a person should read, written to audit.json and summarised on the terminal.

import { classBalance, classBalanceFindings, type ClassBalance } from "./class-balance";
import { columnQualityFindings, type ColumnQuality } from "./column-quality";
import { columnShift, shiftFindings, type ColumnShift } from "./distribution-shift";
import { duplicateFindings, duplicateReport, type DuplicateReport } from "./duplicates";
import type { Finding } from "./finding";
import { MAX_WRONG_LABEL_SHARE, type LabelCheckResult } from "./label-check";
import { rowHashes } from "./row-hash";
import { leakageFindings, singleFeatureSignal, type FeatureSignal } from "./single-feature-leakage";
import type { ColumnLoadReport } from "../data/load-table";
import type { SplitIndices } from "../data/split-rows";
import type { Column, Table } from "../table";
import type { TrainTask } from "../train-spec";

export interface AuditResult {
  findings: Finding[];
  missing: { column: string; missing: number; fraction: number }[];
  classBalance?: ClassBalance;
  columnQuality: ColumnQuality[];
  leakage: FeatureSignal[];
  duplicates: DuplicateReport;
  shiftTrainTest: ColumnShift[];
  shiftTrainProduction?: ColumnShift[];
  labelCheck?: LabelCheckResult;
}

/** Single-feature leakage is measured on at most this many training rows: plenty for an AUC. */
const LEAKAGE_SAMPLE = 200_000;

export function runAudit(options: {
  task: TrainTask;
  target: string;
  table: Table;
  loadReport: ColumnLoadReport[];
  y: Float64Array;
  classes?: string[];
  features: Column[];
  /** Candidate feature columns that were considered, with their quality (including excluded ones). */
  columnQuality: ColumnQuality[];
  split: SplitIndices;
  production?: Table;
  labelCheck?: LabelCheckResult;
}): AuditResult {
  const { table, y, split, features, task } = options;
  const findings: Finding[] = [];

  const missing = options.loadReport
    .filter((c) => c.missing > 0)
    .map((c) => ({ column: c.name, missing: c.missing, fraction: c.missingFraction }));
  findings.push(...missingFindings(missing, options.target));

  let balance: ClassBalance | undefined;
  if (options.classes) {
    balance = classBalance(y, options.classes);
    findings.push(...classBalanceFindings(balance, options.classes));
  }

  if (features.some((c) => c.name === options.target)) {
    findings.push({
      check: "leakage_target_feature",
      severity: "error",
      message: `the target "${options.target}" is among the features`,
      columns: [options.target],
    });
  }
  findings.push(...columnQualityFindings(options.columnQuality, new Set(features.map((c) => c.name))));

  const sample = split.train.length > LEAKAGE_SAMPLE ? split.train.subarray(0, LEAKAGE_SAMPLE) : split.train;
  const ySample = Float64Array.from(sample, (r) => y[r]);
  const numClasses = options.classes?.length ?? 0;
  const leakage = features.map((column) => singleFeatureSignal(column, ySample, sample, task, numClasses));
  findings.push(...leakageFindings(leakage));
  // A memorised column's finding says what its many categories mean; the plain count would repeat it.
  const memorised = new Set(leakage.filter((l) => l.memorised).map((l) => l.column));
  removeWhere(findings, (f) => f.check === "high_cardinality" && memorised.has(f.columns?.[0] ?? ""));

  const all = Int32Array.from({ length: table.rows }, (_, i) => i);
  const duplicates = duplicateReport({
    featureHashes: rowHashes(features, all),
    target: y,
    trainRows: split.train,
    testRows: split.test,
  });
  findings.push(...duplicateFindings(duplicates, table.rows));

  const shiftTrainTest = features
    .map((column) => columnShift({ column, rows: split.train }, { column, rows: split.test }))
    .filter((s): s is ColumnShift => s !== null);
  findings.push(...shiftFindings(shiftTrainTest, "train vs test"));

  let shiftTrainProduction: ColumnShift[] | undefined;
  if (options.production) {
    shiftTrainProduction = productionShift(features, split, options.production, findings);
    findings.push(...shiftFindings(shiftTrainProduction, "train vs production"));
  }

  if (options.labelCheck) findings.push(...labelCheckFindings(options.labelCheck));

  return {
    findings,
    missing,
    classBalance: balance,
    columnQuality: options.columnQuality,
    leakage,
    duplicates,
    shiftTrainTest,
    shiftTrainProduction,
    labelCheck: options.labelCheck,
  };
}

function removeWhere<T>(items: T[], drop: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) if (drop(items[i])) items.splice(i, 1);
}

type MissingColumn = { column: string; missing: number; fraction: number };

function missingFindings(missing: readonly MissingColumn[], target: string): Finding[] {
  const findings: Finding[] = [];
  for (const m of missing) {
    if (m.column === target) {
      findings.push({
        check: "missing_target",
        severity: "warning",
        message: `${m.missing} rows have no target and were dropped`,
        columns: [m.column],
      });
    } else if (m.fraction >= 0.05) {
      findings.push({
        check: "missing_values",
        severity: m.fraction >= 0.5 ? "warning" : "info",
        message: `"${m.column}" is missing in ${(m.fraction * 100).toFixed(1)}% of rows (imputed with the training median or mode)`,
        columns: [m.column],
      });
    }
  }

  return findings;
}

/** Train vs a production sample, per feature; a feature the sample lacks is an error finding. */
function productionShift(
  features: readonly Column[],
  split: SplitIndices,
  production: Table,
  findings: Finding[],
): ColumnShift[] {
  const productionColumns = new Map(production.columns.map((c) => [c.name, c]));
  const shiftTrainProduction: ColumnShift[] = [];
  for (const column of features) {
    const current = productionColumns.get(column.name);
    if (!current) {
      findings.push({
        check: "production_missing_column",
        severity: "error",
        message: `the production sample has no column "${column.name}"`,
        columns: [column.name],
      });
      continue;
    }
    const shift = columnShift({ column, rows: split.train }, { column: current, rows: null });
    if (shift) shiftTrainProduction.push(shift);
  }
  return shiftTrainProduction;
}

function labelCheckFindings(lc: LabelCheckResult): Finding[] {
  const findings: Finding[] = [];
  const share = `${lc.wrong} of ${lc.reviewed} reviewed labels (${(lc.wrongShare * 100).toFixed(1)}%) marked wrong`;
  if (lc.reviewed === 0)
    findings.push({
      check: "label_check",
      severity: "error",
      message: "the label check file has no reviewed rows (fill label_ok with yes/no)",
    });
  else
    findings.push({
      check: "label_check",
      severity: lc.passes ? "info" : "error",
      message: `${share}; the limit is ${MAX_WRONG_LABEL_SHARE * 100}%`,
    });
  if (lc.unreadable.length)
    findings.push({
      check: "label_check",
      severity: "warning",
      message: `${lc.unreadable.length} label_ok values are neither yes nor no (e.g. ${JSON.stringify(lc.unreadable[0])})`,
    });
  return findings;
}
