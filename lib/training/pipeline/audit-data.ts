// Stage 3, audit: writes the label-check sheet, reads a reviewed one and the production sample when
// given, runs the data audit (audit.json), and refuses the run when too many checked labels are wrong.

import { labelCheckCsv, readLabelCheck, type LabelCheckResult } from "../audit/label-check";
import { loadTable } from "../data/load-table";
import { deriveSeed } from "../random";
import { runAudit, type AuditResult } from "../audit/run-audit";
import type { FeatureSelection } from "../audit/select-features";
import type { SplitIndices } from "../data/split-rows";
import type { ColumnType, Table } from "../table";
import type { TrainSpec } from "../train-spec";
import type { TrainingData } from "./load-data";
import type { RunContext } from "./run-context";
import { TrainingRefused } from "./training-errors";

export async function auditTrainingData(
  { spec, stage, write }: RunContext,
  { data, selection, split }: { data: TrainingData; selection: FeatureSelection; split: SplitIndices },
): Promise<AuditResult> {
  const { table, target } = data;
  const allRows = Int32Array.from({ length: table.rows }, (_, i) => i);
  write("label-check.csv", labelCheckCsv(table, allRows, deriveSeed(spec.seed, "label-check"), { fileRows: target.keptRows }));
  const labelCheck = spec.labelCheck ? readLabelCheck(spec.labelCheck) : undefined;
  const production = await loadProductionSample(spec, selection);
  stage("auditing the data");
  const audit = runAudit({
    task: spec.task,
    target: spec.target,
    table,
    loadReport: data.loaded.columns,
    y: target.y,
    classes: target.classes,
    features: selection.used,
    columnQuality: selection.qualities,
    split,
    production,
    labelCheck,
  });
  write("audit.json", `${JSON.stringify(audit, null, 2)}\n`);
  if (labelCheck && !labelCheck.passes && !spec.force) throw new TrainingRefused(labelCheckRefusal(spec, labelCheck));
  return audit;
}

async function loadProductionSample(spec: TrainSpec, selection: FeatureSelection): Promise<Table | undefined> {
  if (!spec.productionSample) return undefined;
  const types: Record<string, ColumnType> = {};
  for (const c of selection.used) types[c.name] = c.type;
  // Read with the training types, so a code column is compared as categories on both sides.
  return (await loadTable(spec.productionSample, { columnTypes: types, strictOverrides: false })).table;
}

function labelCheckRefusal(spec: TrainSpec, labelCheck: LabelCheckResult): string {
  return labelCheck.reviewed === 0
    ? `${spec.labelCheck} has no reviewed rows; fill its label_ok column with yes/no, or pass --force`
    : `${labelCheck.wrong} of ${labelCheck.reviewed} checked labels (${(labelCheck.wrongShare * 100).toFixed(1)}%) are marked wrong, above the 5% limit; fix the labels or pass --force`;
}
