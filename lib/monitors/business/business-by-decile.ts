// Whether the model's score moves what the business cares about: the business metric's rate by
// score decile (a useful model's top deciles convert more), and the score–metric correlation.

export type DecileRow = { decile: number; minScore: number; maxScore: number; count: number; sum: number; rate: number };

/** Deciles of the score (1 = lowest); each row sums the metric over its predictions. */
export function businessByDecile(scores: ArrayLike<number>, values: ArrayLike<number>): DecileRow[] {
  if (scores.length !== values.length) throw new RangeError("scores and values must have the same length");
  const n = scores.length;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const rows: DecileRow[] = [];
  for (let d = 0; d < 10; d++) {
    const start = Math.floor((d * n) / 10);
    const end = Math.floor(((d + 1) * n) / 10);
    if (end <= start) continue;
    let sum = 0;
    for (let k = start; k < end; k++) sum += values[order[k]];
    rows.push({
      decile: d + 1,
      minScore: scores[order[start]],
      maxScore: scores[order[end - 1]],
      count: end - start,
      sum,
      rate: sum / (end - start),
    });
  }
  return rows;
}
