import { describe, expect, it } from "vitest";
import { createBinnedData, slotOf } from "@/lib/training/gbdt/binned-data";
import { binOf, fitQuantileBins, thresholdsFromSorted } from "@/lib/training/gbdt/quantile-binning";
import { createRandom } from "@/lib/training/random";

describe("GBDT quantile binning", () => {
  it("gives each distinct value its own bin when there are few, cutting at float32 midpoints", () => {
    const t = thresholdsFromSorted(Float32Array.of(1, 1, 2, 2, 2, 5), 255);
    expect(Array.from(t)).toEqual([1.5, 3.5]);
  });

  it("separates neighbouring float32 values even when their midpoint rounds up", () => {
    const a = Math.fround(0.1);
    const b = Math.fround(a + 2 ** -27); // the next float32 after a: the exact midpoint is not representable
    const [t] = thresholdsFromSorted(Float32Array.of(a, b), 255);
    expect(a <= t && b > t).toBe(true);
  });

  it("keeps at most maxBins value bins with roughly equal counts, and isolates a heavy value", () => {
    const random = createRandom(3);
    const values = Float32Array.from({ length: 10_000 }, (_, i) => (i < 3000 ? 0 : random()));
    const t = thresholdsFromSorted(values.slice().sort(), 32);
    expect(t.length).toBeLessThanOrEqual(31);
    expect(t.length).toBeGreaterThan(25);
    // 0 (30% of the rows) sits alone in the first bin.
    const counts = new Int32Array(t.length + 1);
    for (const v of values) counts[binOf(v, t, t.length + 1)]++;
    expect(counts[0]).toBe(3000);
    const rest = Array.from(counts.subarray(1));
    expect(Math.max(...rest) / Math.min(...rest)).toBeLessThan(1.6);
  });

  it("never exceeds 255 value bins plus the missing slot", () => {
    const random = createRandom(4);
    const X = Float32Array.from({ length: 50_000 }, () => (random() < 0.1 ? NaN : random()));
    const binning = fitQuantileBins(X, 50_000, 1, { maxBins: 255 });
    expect(binning.thresholds[0].length).toBe(254);
    const data = createBinnedData(X, 50_000, 1, binning);
    expect(data.missingBin[0]).toBe(255);
    expect(data.histLength).toBe(2 * 256);
    for (let r = 0; r < 50_000; r++) {
      const bin = slotOf(data, r, 0) - data.slotBase[0];
      if (Number.isNaN(X[r])) expect(bin).toBe(255);
      else {
        // The bin is exactly the position of x among the thresholds: bin <= b ⇔ x <= t_b.
        const t = binning.thresholds[0];
        expect(bin === 0 || X[r] > t[bin - 1]).toBe(true);
        expect(bin === t.length || X[r] <= t[bin]).toBe(true);
      }
    }
  });

  it("stores mostly-constant features sparsely and still gives every cell its bin", () => {
    const random = createRandom(5);
    const n = 3000;
    // f0 dense; f1 one-hot-like (90% zeros); f2 zero-heavy with missing values; f3 constant.
    const X = new Float32Array(n * 4);
    for (let r = 0; r < n; r++) {
      X[r * 4] = random();
      X[r * 4 + 1] = random() < 0.1 ? 1 : 0;
      X[r * 4 + 2] = random() < 0.05 ? NaN : random() < 0.8 ? 0 : Math.floor(random() * 50);
      X[r * 4 + 3] = 7;
    }
    const binning = fitQuantileBins(X, n, 4, { maxBins: 255 });
    const data = createBinnedData(X, n, 4, binning);
    expect(Array.from(data.denseFeatures)).toEqual([0]);
    expect(Array.from(data.sparseFeatures)).toEqual([1, 2, 3]);
    // Only the non-default cells are stored.
    expect(data.sparseSlots.length).toBeLessThan(0.35 * n);
    for (let r = 0; r < n; r++) {
      for (let f = 0; f < 4; f++) {
        const t = binning.thresholds[f];
        expect(slotOf(data, r, f)).toBe(data.slotBase[f] + binOf(X[r * 4 + f], t, t.length + 1));
      }
    }
  });
});
