import { describe, expect, it } from "vitest";
import {
  besselKScaled,
  chiSquareSurvival,
  cramerVonMisesLimitCdf,
  kolmogorovSurvival,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
  smirnovSurvival,
} from "@/lib/drift";

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe("logGamma", () => {
  it("matches log((n-1)!) and Γ(1/2) = √π", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 60; n++) {
      if (n > 1) logFactorial += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThan(1e-13 * Math.max(1, logFactorial));
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13); // log Γ(0.1), reflection branch
  });

  it("rejects non-positive arguments", () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
  });
});

describe("regularized incomplete gamma", () => {
  it("Q(1, x) = e^-x on both the series and continued-fraction branches, including far tails", () => {
    for (const x of [1e-3, 0.5, 1.9, 2.1, 10, 50, 300, 700]) {
      expectRelative(regularizedGammaQ(1, x), Math.exp(-x), 1e-13);
    }
  });

  it("Q(2, x) = e^-x (1 + x) and chi-square sf with 4 dof", () => {
    for (const x of [0.01, 1, 2.9, 3.1, 20, 200]) {
      expectRelative(regularizedGammaQ(2, x), Math.exp(-x) * (1 + x), 1e-13);
      expectRelative(chiSquareSurvival(2 * x, 4), Math.exp(-x) * (1 + x), 1e-13);
    }
  });

  it("P + Q = 1 over a grid of shapes", () => {
    for (const a of [0.5, 1, 1.5, 3, 10.5, 50, 400]) {
      for (const x of [0.1, 1, a, a + 1, 2 * a, 5 * a + 10]) {
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 13);
      }
    }
  });

  it("chi-square sf with 2 dof is e^(-x/2); sf(0) = 1", () => {
    for (const x of [0.3, 5, 60, 1400]) expectRelative(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it("rejects invalid arguments with RangeError", () => {
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/degreesOfFreedom/);
  });
});

describe("besselKScaled", () => {
  // Half-integer orders have closed forms: K_1/2(x) = √(π/2x) e^-x, K_3/2(x) = K_1/2(x) (1 + 1/x).
  it.each([1e-4, 0.01, 0.3, 1, 3, 25, 400, 1e5])("matches closed forms at x = %d", (x) => {
    const half = Math.sqrt(Math.PI / (2 * x));
    expectRelative(besselKScaled(0.5, x), half, 1e-13);
    expectRelative(besselKScaled(1.5, x), half * (1 + 1 / x), 1e-13);
  });

  it("K_0(1) and K_1/4(1) reference values", () => {
    // K_0(1) = 0.42102443824070833 (Abramowitz & Stegun, Table 9.8); e·K_{1/4}(1) from scipy.special.kve.
    expectRelative(besselKScaled(0, 1), 0.42102443824070833 * Math.E, 1e-13);
    expectRelative(besselKScaled(0.25, 1), 1.1708721016781265, 1e-13);
  });
});

describe("cramerVonMisesLimitCdf", () => {
  it("is a CDF: increasing from 0 towards 1", () => {
    let previous = 0;
    for (const x of [0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2]) {
      const v = cramerVonMisesLimitCdf(x);
      expect(v).toBeGreaterThanOrEqual(previous);
      previous = v;
    }
    expect(1 - cramerVonMisesLimitCdf(3.2)).toBeLessThan(1e-5);
  });

  it("matches scipy's _cdf_cvm_inf (values computed with scipy 1.17.1, not from the oracle)", () => {
    expectRelative(cramerVonMisesLimitCdf(0.01), 5.864432809868958e-6, 1e-9);
    expectRelative(cramerVonMisesLimitCdf(0.02), 0.0030006143016018776, 1e-9);
    expectRelative(cramerVonMisesLimitCdf(0.05), 0.12371906895864906, 1e-9);
  });

  it("matches tabulated quantiles of the limiting distribution (Anderson & Darling 1952)", () => {
    // Upper 5 % and 1 % points of ω² are 0.46136 and 0.74346.
    expect(1 - cramerVonMisesLimitCdf(0.46136)).toBeCloseTo(0.05, 4);
    expect(1 - cramerVonMisesLimitCdf(0.74346)).toBeCloseTo(0.01, 4);
  });
});

describe("Kolmogorov–Smirnov one-sample distribution", () => {
  it("n = 1 has the closed form P(D ≥ x) = 2(1 - x) for x ≥ 1/2", () => {
    for (const x of [0.5, 0.6, 0.9]) expect(kolmogorovSurvival(1, x)).toBeCloseTo(2 * (1 - x), 14);
    expect(kolmogorovSurvival(1, 0.3)).toBe(1);
  });

  it("Smirnov's one-sided tail equals a direct Birnbaum–Tingey sum for small n", () => {
    const binomial = (n: number, k: number): number => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c;
    };
    for (const n of [2, 5, 13, 30]) {
      for (const x of [0.05, 0.2, 0.37, 0.5, 0.81]) {
        let sum = 0;
        for (let v = 0; v <= Math.floor(n * (1 - x)); v++) {
          sum += binomial(n, v) * (1 - x - v / n) ** (n - v) * (x + v / n) ** (v - 1);
        }
        expectRelative(smirnovSurvival(n, x), x * sum, 1e-12);
      }
    }
  });

  it("is non-increasing in x across every method switch point", () => {
    // Durbin matrix, Pomeranz, Pelz–Good and 2·Smirnov are stitched together at fixed n·x² cut-offs;
    // a discontinuity there would show up as a non-monotone survival function.
    for (const n of [5, 60, 140, 141, 400, 5000, 50_000]) {
      let previous = 1;
      for (let i = 1; i <= 200; i++) {
        const x = (i / 200) * Math.min(1, 8 / Math.sqrt(n));
        const p = kolmogorovSurvival(n, x);
        expect(p).toBeLessThanOrEqual(previous + 1e-9);
        expect(p).toBeGreaterThanOrEqual(0);
        previous = p;
      }
    }
  });

  it("approaches Kolmogorov's limit 2Σ(-1)^(k-1) e^(-2k²z²) for large n", () => {
    const limit = (z: number): number => {
      let s = 0;
      for (let k = 1; k < 100; k++) s += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * z * z);
      return s;
    };
    const n = 1_000_000;
    for (const z of [0.8, 1, 1.36, 1.63]) {
      expect(Math.abs(kolmogorovSurvival(n, z / Math.sqrt(n)) - limit(z))).toBeLessThan(2e-3);
    }
  });
});
