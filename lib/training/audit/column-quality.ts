// Columns that cannot help a model or will hurt it: constant, near-constant (one value in ≥ 99 % of
// rows), categorical with too many distinct values to learn from, and ID-like columns (a distinct value
// per row), which let a model memorise rows instead of learning patterns.

import type { Column } from "../table";
import type { Finding } from "./finding";
import { MAX_VOCABULARY } from "../data/preprocessor";

export const NEAR_CONSTANT_SHARE = 0.99;
export const HIGH_CARDINALITY = 50;
export const ID_UNIQUE_SHARE = 0.95;

export interface ColumnQuality {
  column: string;
  distinct: number;
  present: number;
  topShare: number;
  constant: boolean;
  nearConstant: boolean;
  highCardinality: boolean;
  idLike: boolean;
}

export function columnQuality(column: Column): ColumnQuality {
  const counts = new Map<number, number>();
  let present = 0;
  let integers = true;
  if (column.type === "categorical") {
    for (const code of column.codes) {
      if (code < 0) continue;
      present++;
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  } else {
    for (const v of column.values) {
      if (Number.isNaN(v)) continue;
      present++;
      if (!Number.isInteger(v)) integers = false;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  const distinct = counts.size;
  const topShare = present === 0 ? 1 : top / present;
  const uniqueShare = present === 0 ? 0 : distinct / present;
  const looksLikeId = /(^|[_\s.-])(id|uuid|guid|key)$|^id([_\s.-]|$)/i.test(column.name);
  const idLike =
    present >= 20 &&
    ((column.type === "categorical" && uniqueShare >= ID_UNIQUE_SHARE) ||
      (column.type === "numeric" && integers && uniqueShare >= ID_UNIQUE_SHARE && (looksLikeId || isSequence(column.values))));
  return {
    column: column.name,
    distinct,
    present,
    topShare,
    constant: distinct <= 1,
    nearConstant: distinct > 1 && topShare >= NEAR_CONSTANT_SHARE,
    highCardinality: column.type === "categorical" && distinct > HIGH_CARDINALITY && !idLike,
    idLike,
  };
}

/** Consecutive integers in file order, up or down: a row counter. */
function isSequence(values: Float64Array): boolean {
  let steps = 0;
  let previous = NaN;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isNaN(previous) && Math.abs(v - previous) === 1) steps++;
    previous = v;
    count++;
  }
  return count > 1 && steps >= 0.95 * (count - 1);
}

/** `used`: the columns that ended up as features (an ID-like column among them is an error, not a note). */
export function columnQualityFindings(qualities: readonly ColumnQuality[], used: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const q of qualities) {
    if (q.constant)
      findings.push({
        check: "constant_column",
        severity: "warning",
        message: `"${q.column}" has a single value; it is left out of the features`,
        columns: [q.column],
      });
    else if (q.nearConstant)
      findings.push({
        check: "near_constant_column",
        severity: "warning",
        message: `"${q.column}" has one value in ${(q.topShare * 100).toFixed(2)}% of rows`,
        columns: [q.column],
      });
    if (q.highCardinality)
      findings.push({
        check: "high_cardinality",
        severity: "warning",
        message:
          q.distinct > MAX_VOCABULARY
            ? `"${q.column}" has ${q.distinct} categories; only the ${MAX_VOCABULARY} most frequent in train are one-hot encoded, the rest count as unknown`
            : `"${q.column}" has ${q.distinct} categories, each a one-hot input; rare ones are learned from few rows`,
        columns: [q.column],
      });
    if (q.idLike && used.has(q.column))
      findings.push({
        check: "leakage_id_column",
        severity: "error",
        message: `"${q.column}" looks like an ID (${q.distinct} distinct values in ${q.present} rows) and is a feature: the model can memorise rows through it`,
        columns: [q.column],
      });
    else if (q.idLike)
      findings.push({
        check: "id_column_excluded",
        severity: "warning",
        message: `"${q.column}" looks like an ID (${q.distinct} distinct values in ${q.present} rows); it is left out of the features (name it in --features to keep it)`,
        columns: [q.column],
      });
  }
  return findings;
}
