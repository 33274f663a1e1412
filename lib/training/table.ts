// The in-memory, columnar form of a training file after type inference.

export const COLUMN_TYPES = ["numeric", "categorical", "boolean", "datetime"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type NumericColumn = { name: string; type: "numeric"; values: Float64Array };
/** 0/1, NaN for missing. */
export type BooleanColumn = { name: string; type: "boolean"; values: Float64Array };
/** Epoch milliseconds, NaN for missing. */
export type DateTimeColumn = { name: string; type: "datetime"; values: Float64Array };
/** codes index `categories`; -1 is missing. */
export type CategoricalColumn = { name: string; type: "categorical"; codes: Int32Array; categories: string[] };

export type Column = NumericColumn | BooleanColumn | DateTimeColumn | CategoricalColumn;

export interface Table {
  rows: number;
  columns: Column[];
}

export function getColumnOrThrow(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no column named "${name}" (columns: ${table.columns.map((c) => c.name).join(", ")})`);
  return column;
}

export function isMissing(column: Column, row: number): boolean {
  return column.type === "categorical" ? column.codes[row] < 0 : Number.isNaN(column.values[row]);
}

/** The cell as a display string ("" when missing); datetimes in ISO 8601. */
export function cellText(column: Column, row: number): string {
  if (isMissing(column, row)) return "";
  switch (column.type) {
    case "categorical":
      return column.categories[column.codes[row]];
    case "boolean":
      return column.values[row] === 1 ? "true" : "false";
    case "datetime":
      return new Date(column.values[row]).toISOString();
    case "numeric":
      return String(column.values[row]);
  }
}

/** The rows `indices` of a column, as a new column of the same type. */
export function selectRows(column: Column, indices: ArrayLike<number>): Column {
  if (column.type === "categorical") {
    const codes = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) codes[i] = column.codes[indices[i]];
    return { ...column, codes };
  }
  const values = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) values[i] = column.values[indices[i]];
  return { ...column, values };
}
