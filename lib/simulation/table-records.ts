import type { Feature } from "@/lib/core/manifest/manifest-schema";
import { isMissing, type Column, type Table } from "@/lib/training/table";

/** Row `row` of a loaded table as a predict record: the manifest's features, typed as it declares them. */
export function tableRecord(table: Table, features: readonly Feature[], row: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const f of features) {
    const column = table.columns.find((c) => c.name === f.name);
    if (!column || isMissing(column, row)) {
      record[f.name] = null;
      continue;
    }
    record[f.name] = cellValue(column, row, f.type);
  }
  return record;
}

function cellValue(column: Column, row: number, type: Feature["type"]): unknown {
  if (column.type === "categorical") {
    const text = column.categories[column.codes[row]];
    if (type === "numeric") return Number(text);
    if (type === "boolean") return text === "true" || text === "1";
    return text;
  }
  const value = column.values[row];
  if (type === "categorical") return String(value);
  if (type === "boolean") return value !== 0;
  return value;
}

/** The target column's value in row `row` as a class label (text), or null when missing. */
export function labelOf(table: Table, target: string, row: number): string | null {
  const column = table.columns.find((c) => c.name === target);
  if (!column || isMissing(column, row)) return null;
  if (column.type === "categorical") return column.categories[column.codes[row]];
  if (column.type === "boolean") return column.values[row] ? "true" : "false";
  return String(column.values[row]);
}
