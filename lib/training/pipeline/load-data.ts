// Stage 1, load: the data file, with the target prepared and rows without a target dropped.

import { loadTable, type LoadedTable } from "../data/load-table";
import { prepareTarget, type PreparedTarget } from "../data/prepare-target";
import { getColumnOrThrow, selectRows, type Table } from "../table";
import type { RunContext } from "./run-context";

export interface TrainingData {
  loaded: LoadedTable;
  /** Only rows with a target; row i of `table` is source row target.keptRows[i]. */
  table: Table;
  target: PreparedTarget;
  numClasses: number;
}

export async function loadTrainingData({ spec, stage }: RunContext): Promise<TrainingData> {
  stage(`loading ${spec.data}`);
  // A class label is read as text, so "yes"/"no" stay the class names rather than becoming true/false.
  const targetType =
    spec.task !== "regression" && !spec.columnTypes?.[spec.target] ? { [spec.target]: "categorical" as const } : {};
  const loaded = await loadTable(spec.data, { columnTypes: { ...spec.columnTypes, ...targetType } });
  const target = prepareTarget(getColumnOrThrow(loaded.table, spec.target), spec.task, spec.positiveClass);
  // Copied only when rows were dropped: at a few million rows every column copy costs tens of MB.
  const table: Table =
    target.droppedMissing === 0
      ? loaded.table
      : { rows: target.keptRows.length, columns: loaded.table.columns.map((c) => selectRows(c, target.keptRows)) };
  return { loaded, table, target, numClasses: target.classes?.length ?? 0 };
}
