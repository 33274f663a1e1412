// AUC on a million rows with many ties, checked against an independent O(n + levels) counting
// computation. (Its speed is measured by test/bench/stats-bench.ts, not asserted here.)

import { describe, expect, it } from "vitest";
import { evaluate, rocAuc } from "@/lib/metrics";
import { mulberry32 } from "../helpers/seeded-random";

describe("AUC on a million rows", () => {
  const n = 1_000_000;
  const rand = mulberry32(42);
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rand() < 0.1 ? 1 : 0;
    // Scores on a 1e-4 grid so ties are common, as with quantised model outputs.
    s[i] = Math.min(1, Math.round((rand() * 0.8 + 0.2 * y[i]) * 1e4) / 1e4);
  }

  it("matches a counting computation over the 10^4 score levels", { timeout: 30_000 }, () => {
    // Independent O(n + levels) AUC: histogram positives and negatives per grid level.
    const levels = 10_001;
    const posAt = new Float64Array(levels);
    const negAt = new Float64Array(levels);
    for (let i = 0; i < n; i++) (y[i] === 1 ? posAt : negAt)[Math.round(s[i] * 1e4)]++;
    let negBelow = 0;
    let wins = 0;
    let pos = 0;
    for (let l = 0; l < levels; l++) {
      wins += posAt[l] * (negBelow + negAt[l] / 2);
      negBelow += negAt[l];
      pos += posAt[l];
    }
    const expected = wins / (pos * negBelow);

    const auc = rocAuc(y, s);
    expect(Math.abs(auc - expected)).toBeLessThan(1e-12);
  });

  it("evaluates the full binary result in one pass", { timeout: 30_000 }, () => {
    const r = evaluate({ task: "binary", yTrue: y, scores: s });
    expect(r.n).toBe(n);
    expect(r.auc).toBe(rocAuc(y, s));
  });
});
