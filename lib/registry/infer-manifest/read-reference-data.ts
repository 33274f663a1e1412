// Reads the reference (and optional test) file with the training data reader, and turns the target
// into class indices or values, so every later step works on typed columns and one class order.

import { DataFileError, loadTable } from "@/lib/training/data/load-table";
import { prepareTarget, TargetError, type PreparedTarget } from "@/lib/training/data/prepare-target";
import { cellText, isMissing, type Column, type ColumnType, type Table } from "@/lib/training/table";
import type { Task } from "@/lib/core/manifest/manifest-schema";
import { ManifestInferenceError } from "./inference-error";

export type LabelledRows = {
  table: Table;
  /** Rows that have a target; the others can neither describe the reference nor score a model. */
  rows: Int32Array;
  /** Class index (classification) or value (regression), one per entry of `rows`. */
  y: Float64Array;
  droppedMissingTarget: number;
};

export type ReferenceData = {
  reference: LabelledRows;
  test?: LabelledRows;
  sha256: string;
  /** The feature columns, in the file's order: every column but the target, the excluded and datetimes. */
  featureColumns: Column[];
  /** Datetime columns: no manifest feature type holds them. */
  skippedColumns: string[];
  /** Labels in model output order; binary: [negative, positive]. */
  classes?: string[];
};

export type ReadReferenceOptions = {
  reference: string;
  test?: string;
  target: string;
  task: Task;
  /** Fixes the class order (the model's output columns follow it). */
  classes?: string[];
  exclude?: string[];
};

export async function readReferenceData(o: ReadReferenceOptions): Promise<ReferenceData> {
  const loaded = await load(o.reference);
  const { table } = loaded;
  const targetColumn = table.columns.find((c) => c.name === o.target);
  if (!targetColumn) {
    throw new ManifestInferenceError(
      `--target ${o.target}: ${o.reference} has no such column; its columns are ${table.columns.map((c) => `"${c.name}"`).join(", ")}`,
    );
  }
  for (const name of o.exclude ?? []) {
    if (!table.columns.some((c) => c.name === name))
      throw new ManifestInferenceError(`--exclude ${name}: ${o.reference} has no such column`);
  }
  const excluded = new Set([o.target, ...(o.exclude ?? [])]);
  const candidates = table.columns.filter((c) => !excluded.has(c.name));
  const featureColumns = candidates.filter((c) => c.type !== "datetime");
  if (featureColumns.length === 0)
    throw new ManifestInferenceError(`${o.reference} has no column besides the target to use as a feature`);
  const prepared = target(targetColumn, o.task, o.classes, o.reference);
  const reference = { table, rows: prepared.keptRows, y: prepared.y, droppedMissingTarget: prepared.droppedMissing };
  const classes = prepared.classes;
  const result: ReferenceData = {
    reference,
    sha256: loaded.sha256,
    featureColumns,
    skippedColumns: candidates.filter((c) => c.type === "datetime").map((c) => c.name),
    ...(classes ? { classes } : {}),
  };
  if (o.test) result.test = await readTest(o, table, featureColumns, classes);
  return result;
}

async function load(file: string, columnTypes?: Record<string, ColumnType>) {
  try {
    return await loadTable(file, columnTypes ? { columnTypes, strictOverrides: false } : {});
  } catch (error) {
    if (error instanceof DataFileError) throw new ManifestInferenceError(error.message);
    throw error;
  }
}

function target(column: Column, task: Task, classes: string[] | undefined, file: string) {
  let prepared: PreparedTarget;
  try {
    prepared = prepareTarget(column, task);
  } catch (error) {
    if (error instanceof TargetError) throw new ManifestInferenceError(`${file}: ${error.message}`);
    throw error;
  }
  if (!classes || task === "regression") return prepared;
  const found = prepared.classes!;
  const missing = found.filter((c) => !classes.includes(c));
  const extra = classes.filter((c) => !found.includes(c));
  if (missing.length || extra.length || classes.length !== found.length) {
    throw new ManifestInferenceError(
      `--classes ${classes.join(",")} does not match the values of "${column.name}" (${found.join(", ")})` +
        `${missing.length ? `: it lacks ${missing.join(", ")}` : ""}${extra.length ? `; ${extra.join(", ")} never occur` : ""}. ` +
        "List each value of the target once, in the order of the model's output columns",
    );
  }
  const position = new Map(classes.map((c, k) => [c, k]));
  return { ...prepared, classes, y: Float64Array.from(prepared.y, (k) => position.get(found[k])!) };
}

/** The test file read with the reference's column types, so one value means the same in both. */
async function readTest(
  o: ReadReferenceOptions,
  reference: Table,
  features: Column[],
  classes?: string[],
): Promise<LabelledRows> {
  const types = Object.fromEntries(reference.columns.map((c) => [c.name, c.type]));
  const { table } = await load(o.test!, types);
  const absent = [o.target, ...features.map((c) => c.name)].filter((name) => !table.columns.some((c) => c.name === name));
  if (absent.length)
    throw new ManifestInferenceError(
      `--test ${o.test} lacks the column${absent.length === 1 ? "" : "s"} ${absent.map((n) => `"${n}"`).join(", ")} of the reference file`,
    );
  const column = table.columns.find((c) => c.name === o.target)!;
  const kept: number[] = [];
  const y: number[] = [];
  const position = new Map((classes ?? []).map((c, k) => [c, k]));
  for (let i = 0; i < table.rows; i++) {
    if (isMissing(column, i)) continue;
    if (classes) {
      const label = cellText(column, i);
      const k = position.get(label);
      if (k === undefined)
        throw new ManifestInferenceError(
          `--test ${o.test}: the target "${o.target}" has the value "${label}", which the reference file never has (classes: ${classes.join(", ")})`,
        );
      y.push(k);
    } else y.push(column.type === "categorical" ? Number.NaN : column.values[i]);
    kept.push(i);
  }
  if (kept.length === 0) throw new ManifestInferenceError(`--test ${o.test}: no row has a value of "${o.target}"`);
  return { table, rows: Int32Array.from(kept), y: Float64Array.from(y), droppedMissingTarget: table.rows - kept.length };
}
