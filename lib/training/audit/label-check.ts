// Label quality by eye: 200 random rows go to label-check.csv with an empty label_ok column for a
// person to fill in; reading it back, more than 5 % marked wrong stops training (unless --force),
// because no model can be better than the labels it is judged against.

import fs from "node:fs";
import { CsvParser } from "../data/csv-parser";
import { createRandom, shuffleInPlace } from "../random";
import { cellText, type Table } from "../table";
import { toCsv } from "../data/csv-writer";

export const LABEL_CHECK_ROWS = 200;
export const MAX_WRONG_LABEL_SHARE = 0.05;
const WRONG = new Set(["0", "no", "n", "false", "f", "wrong", "x", "bad"]);
const RIGHT = new Set(["1", "yes", "y", "true", "t", "ok", "right", "good"]);

/**
 * Samples from `candidates` (rows of `table`). The `row` column is the 1-based data row in the
 * source file, so a reviewer can find it: `fileRows[r]` when the table dropped rows, else r.
 */
export function labelCheckCsv(
  table: Table,
  candidates: ArrayLike<number>,
  seed: number,
  options: { rows?: number; fileRows?: ArrayLike<number> } = {},
): string {
  const order = shuffleInPlace(Int32Array.from(candidates), createRandom(seed))
    .slice(0, options.rows ?? LABEL_CHECK_ROWS)
    .sort();
  const header = ["row", ...table.columns.map((c) => c.name), "label_ok"];
  const lines: string[][] = [header];
  for (const r of order)
    lines.push([String((options.fileRows ? options.fileRows[r] : r) + 1), ...table.columns.map((c) => cellText(c, r)), ""]);
  return toCsv(lines);
}

export interface LabelCheckResult {
  reviewed: number;
  wrong: number;
  wrongShare: number;
  /** label_ok values that are neither a yes nor a no. */
  unreadable: string[];
  passes: boolean;
}

export function readLabelCheck(file: string): LabelCheckResult {
  const records: string[][] = [];
  const parser = new CsvParser((fields) => records.push(fields));
  parser.feed(fs.readFileSync(file, "utf8"));
  parser.end();
  const header = records.shift() ?? [];
  const column = header.indexOf("label_ok");
  if (column < 0) throw new Error(`${file} has no label_ok column`);
  let reviewed = 0;
  let wrong = 0;
  const unreadable: string[] = [];
  for (const record of records) {
    const mark = (record[column] ?? "").trim().toLowerCase();
    if (mark === "") continue;
    if (WRONG.has(mark)) {
      reviewed++;
      wrong++;
    } else if (RIGHT.has(mark)) reviewed++;
    else unreadable.push(record[column]);
  }
  const wrongShare = reviewed === 0 ? 0 : wrong / reviewed;
  return { reviewed, wrong, wrongShare, unreadable, passes: reviewed > 0 && wrongShare <= MAX_WRONG_LABEL_SHARE };
}
