// test-predictions.csv: the selected model's in-process outputs on the test rows, keyed by the
// 1-based data row of the source file, so anyone can replay those rows through the served model.

import type { Predictions } from "../models/predictions";
import { toCsv } from "../data/csv-writer";

export function testPredictionsCsv(
  predictions: Predictions,
  testRows: Int32Array,
  keptRows: Int32Array,
  classes?: string[],
): string {
  const header = predictions.task === "regression" ? ["row", "value"] : ["row", ...classes!.map((c) => `p_${c}`)];
  const lines: string[][] = [header];
  testRows.forEach((r, i) => {
    const row = String(keptRows[r] + 1);
    if (predictions.task === "regression") lines.push([row, String(predictions.values[i])]);
    else if (predictions.task === "binary") lines.push([row, String(1 - predictions.scores[i]), String(predictions.scores[i])]);
    else
      lines.push([
        row,
        ...Array.from(predictions.probabilities.subarray(i * predictions.numClasses, (i + 1) * predictions.numClasses), String),
      ]);
  });
  return toCsv(lines);
}
