import { describe, expect, it } from "vitest";
import { SortedSample, ksTwoSample, wassersteinDistance, wassersteinNormed } from "@/lib/drift";

/**
 * KS and Wasserstein on 1e6 vs 1e6 rows: a small real shift is detected at this size. (Their speed
 * is measured by test/bench/stats-bench.ts, not asserted here.)
 */
describe("drift statistics on large samples", () => {
  it("KS and Wasserstein on 1e6 vs 1e6 rows see a 0.01 shift", () => {
    const n = 1_000_000;
    const reference = new Float64Array(n);
    const current = new Float64Array(n);
    let state = 42;
    const uniform = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    for (let i = 0; i < n; i++) {
      reference[i] = uniform() + uniform() + uniform();
      current[i] = uniform() + uniform() + uniform() + 0.01;
    }

    const a = SortedSample.from(reference, "reference");
    const b = SortedSample.from(current, "current");
    const ks = ksTwoSample(a, b);
    const w = wassersteinDistance(a, b);
    const normed = wassersteinNormed(a, b);

    expect(ks.method).toBe("asymptotic");
    expect(ks.statistic).toBeGreaterThan(0.005);
    expect(ks.pValue).toBeLessThan(1e-6);
    expect(w).toBeGreaterThan(0.005);
    expect(w).toBeLessThan(0.015);
    expect(normed).toBeGreaterThan(0);
  }, 30_000);
});
