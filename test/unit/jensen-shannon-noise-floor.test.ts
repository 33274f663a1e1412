import { describe, expect, it } from "vitest";
import { chiSquareQuantile, jensenShannonFromCounts, jensenShannonNoiseFloor } from "@/lib/drift";
import { seededRandom } from "../helpers/seeded-random";
// Null quantiles of the JS distance simulated with numpy/scipy; origin and method in the file.
import oracle from "../fixtures/drift-noise/js-null-quantiles.json";

describe("chiSquareQuantile", () => {
  it.each(oracle.chiSquareQuantiles)("matches scipy.stats.chi2.ppf($probability, $degreesOfFreedom)", (c) => {
    expect(chiSquareQuantile(c.probability, c.degreesOfFreedom)).toBeCloseTo(c.quantile, 8);
  });

  it("refuses probabilities outside (0, 1) and non-positive degrees of freedom", () => {
    expect(() => chiSquareQuantile(1, 3)).toThrow(/probability/);
    expect(() => chiSquareQuantile(0.5, 0)).toThrow(/degreesOfFreedom/);
  });
});

describe("jensenShannonNoiseFloor against the simulated null distribution", () => {
  for (const c of oracle.cases) {
    const fewestExpected = Math.min(...c.frequencies) * c.currentSize;
    // The chi-square limit holds when every category expects enough rows; with rare ones it runs low.
    const tolerance = fewestExpected >= 10 ? 0.035 : 0.06;
    it(`${c.name}: every quantile within ${tolerance * 100} %`, () => {
      const referenceCounts = c.frequencies.map((p) => p * c.referenceSize);
      for (const [quantile, simulated] of Object.entries(c.quantiles)) {
        const floor = jensenShannonNoiseFloor({ referenceCounts, currentSize: c.currentSize, quantile: Number(quantile) });
        expect(Math.abs(floor / simulated - 1), `quantile ${quantile}: ${floor} vs ${simulated}`).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it("is exceeded by same-population samples at about the rate its quantile says", () => {
    // 2,000 windows of 300 rows from the reference's own frequencies: ~1 % should exceed the 0.99 floor.
    const rng = seededRandom(7);
    const p = { a: 0.5, b: 0.3, c: 0.15, d: 0.05 };
    const referenceCounts = [5000, 3000, 1500, 500];
    const floor = jensenShannonNoiseFloor({ referenceCounts, currentSize: 300, quantile: 0.99 });
    let above = 0;
    for (let w = 0; w < 2000; w++) {
      const counts = { a: 0, b: 0, c: 0, d: 0 };
      for (let i = 0; i < 300; i++) counts[rng.choice(p) as keyof typeof counts]++;
      if (jensenShannonFromCounts(referenceCounts, Object.values(counts)) >= floor) above++;
    }
    expect(above / 2000).toBeGreaterThan(0.002);
    expect(above / 2000).toBeLessThan(0.025);
  });

  it("shrinks as the window grows and is zero with a single category", () => {
    const referenceCounts = [400, 300, 300];
    const at = (n: number) => jensenShannonNoiseFloor({ referenceCounts, currentSize: n, quantile: 0.999 });
    expect(at(200)).toBeGreaterThan(at(2000));
    expect(at(2000)).toBeGreaterThan(at(200_000));
    expect(jensenShannonNoiseFloor({ referenceCounts: [10, 0], currentSize: 50, quantile: 0.99 })).toBe(0);
  });
});
