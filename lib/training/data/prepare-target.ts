// Turns the target column into what the models train on: class indices with their labels, or values.
// Rows without a target are dropped (and counted): they can neither train nor evaluate a model.

import type { Column } from "../table";
import { cellText, isMissing } from "../table";
import type { TrainTask } from "../train-spec";

export interface PreparedTarget {
  /** Class index (classification) or value (regression), one per kept row. */
  y: Float64Array;
  /** Row indices of the source table that have a target. */
  keptRows: Int32Array;
  droppedMissing: number;
  /** Labels in model output order; binary: [negative, positive]. */
  classes?: string[];
}

export class TargetError extends Error {}

export function prepareTarget(column: Column, task: TrainTask, positiveClass?: string): PreparedTarget {
  const n = column.type === "categorical" ? column.codes.length : column.values.length;
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (!isMissing(column, i)) kept.push(i);
  const keptRows = Int32Array.from(kept);
  const droppedMissing = n - kept.length;
  if (kept.length === 0) throw new TargetError(`the target "${column.name}" has no values`);

  if (task === "regression") {
    if (column.type !== "numeric")
      throw new TargetError(`a regression target must be numeric; "${column.name}" is ${column.type}`);
    return { y: Float64Array.from(kept, (i) => column.values[i]), keptRows, droppedMissing };
  }
  if (column.type === "numeric" && task === "multiclass") {
    for (const i of kept) {
      if (!Number.isInteger(column.values[i])) {
        throw new TargetError(
          `"${column.name}" holds non-integer numbers; a ${task} target needs class labels (override its type to categorical if they are codes)`,
        );
      }
    }
  }
  // Class labels per distinct value, not per row: a million rows would otherwise mean a million strings.
  const labelOf = labeller(column);
  const distinct = [...new Set(kept.map(labelOf))];
  // Numeric codes in numeric order ("2" before "10"); other labels alphabetically.
  const numeric = distinct.every((l) => l.trim() !== "" && Number.isFinite(Number(l)));
  let classes = distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (task === "binary") {
    if (classes.length !== 2)
      throw new TargetError(
        `a binary target needs exactly 2 classes; "${column.name}" has ${classes.length}${classes.length <= 5 ? ` (${classes.join(", ")})` : ""}`,
      );
    if (positiveClass !== undefined) {
      if (!classes.includes(positiveClass))
        throw new TargetError(`--positive-class ${positiveClass} is not a value of "${column.name}" (${classes.join(", ")})`);
      classes = [classes.find((c) => c !== positiveClass)!, positiveClass];
    }
  } else if (classes.length < 3) {
    throw new TargetError(
      `a multiclass target needs at least 3 classes; "${column.name}" has ${classes.length} (use --task binary)`,
    );
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  return { y: Float64Array.from(kept, (i) => index.get(labelOf(i))!), keptRows, droppedMissing, classes };
}

/** Row → label text; categorical labels come from the category list, so no string is built per row. */
function labeller(column: Column): (row: number) => string {
  if (column.type === "categorical") return (row) => column.categories[column.codes[row]];
  return (row) => cellText(column, row);
}
