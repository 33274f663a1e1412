// Train-vs-test and train-vs-production shift per feature, with the statistics monitoring uses
// (lib/drift's default choice by column type and sample size), so a shift seen here and one seen in
// production are measured the same way.

import { detectDrift, type DriftResult } from "@/lib/drift";
import type { Column } from "../table";
import type { Finding } from "./finding";

export interface ColumnShift {
  column: string;
  result: DriftResult;
}

function presentValues(column: Column, rows: ArrayLike<number> | null): number[] | string[] {
  const n = rows ? rows.length : column.type === "categorical" ? column.codes.length : column.values.length;
  if (column.type === "categorical") {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const code = column.codes[rows ? rows[i] : i];
      if (code >= 0) out.push(column.categories[code]);
    }
    return out;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = column.values[rows ? rows[i] : i];
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** `current` is either other rows of the same column or a column of another table (production). */
export function columnShift(
  reference: { column: Column; rows: ArrayLike<number> },
  current: { column: Column; rows: ArrayLike<number> | null },
): ColumnShift | null {
  const ref = presentValues(reference.column, reference.rows);
  const cur = presentValues(current.column, current.rows);
  if (ref.length === 0 || cur.length === 0) return null;
  const categorical = reference.column.type === "categorical";
  const result = categorical
    ? detectDrift({
        columnType: "categorical",
        reference: ref as string[],
        current: (current.column.type === "categorical" ? cur : cur.map(String)) as string[],
      })
    : detectDrift({ columnType: "numeric", reference: ref as number[], current: cur as number[] });
  return { column: reference.column.name, result };
}

export function shiftFindings(shifts: readonly ColumnShift[], between: string): Finding[] {
  return shifts
    .filter((s) => s.result.drifted)
    .map((s) => ({
      check: between === "train vs test" ? "shift_train_test" : "shift_train_production",
      severity: "warning" as const,
      message: `"${s.column}" differs ${between}: ${s.result.test} ${s.result.pValue !== undefined ? `p = ${s.result.pValue.toPrecision(3)}` : `= ${s.result.statistic.toPrecision(3)}`} (threshold ${s.result.threshold})`,
      columns: [s.column],
    }));
}
