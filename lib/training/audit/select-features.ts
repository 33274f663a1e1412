// Which columns become model inputs. By default every column but the target, the time and split
// columns; constant columns, datetimes (not a serving-contract type) and ID-like columns (a model
// would memorise them) are left out with the reason recorded. A column the user names in --features
// is kept even if it looks like an ID, but the audit still flags it.

import { columnQuality, type ColumnQuality } from "./column-quality";
import type { Column, Table } from "../table";
import type { TrainSpec } from "../train-spec";

export interface FeatureSelection {
  used: Column[];
  excluded: { column: string; reason: string }[];
  qualities: ColumnQuality[];
}

export class FeatureSelectionError extends Error {}

export function selectFeatures(
  table: Table,
  spec: Pick<TrainSpec, "target" | "features" | "exclude" | "timeColumn" | "splitColumn">,
): FeatureSelection {
  const names = new Set(table.columns.map((c) => c.name));
  for (const name of [...(spec.features ?? []), ...(spec.exclude ?? [])]) {
    if (!names.has(name))
      throw new FeatureSelectionError(`"${name}" is not a column of the data (columns: ${[...names].join(", ")})`);
  }
  const explicit = new Set(spec.features ?? []);
  const reserved = new Map<string, string>([[spec.target, "target"]]);
  if (spec.timeColumn) reserved.set(spec.timeColumn, "time column (used for the split)");
  if (spec.splitColumn) reserved.set(spec.splitColumn, "split column");
  const used: Column[] = [];
  const excluded: { column: string; reason: string }[] = [];
  const qualities: ColumnQuality[] = [];
  for (const column of table.columns) {
    if (reserved.has(column.name)) {
      if (explicit.has(column.name))
        throw new FeatureSelectionError(`"${column.name}" is the ${reserved.get(column.name)}; it cannot also be a feature`);
      continue;
    }
    if (spec.features && !explicit.has(column.name)) continue;
    if (spec.exclude?.includes(column.name)) {
      excluded.push({ column: column.name, reason: "excluded by --exclude" });
      continue;
    }
    const quality = columnQuality(column);
    qualities.push(quality);
    if (column.type === "datetime")
      excluded.push({ column: column.name, reason: "datetime columns are not model inputs; derive numeric features from them" });
    else if (quality.constant) excluded.push({ column: column.name, reason: "constant" });
    else if (quality.idLike && !explicit.has(column.name))
      excluded.push({ column: column.name, reason: "looks like an ID (a distinct value per row)" });
    else used.push(column);
  }
  if (used.length === 0) throw new FeatureSelectionError("no usable feature columns are left");
  return { used, excluded, qualities };
}
