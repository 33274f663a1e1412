import { describe, expect, it } from "vitest";
import {
  LARGE_SAMPLE_EFFECTIVE_SIZE,
  STAT_TESTS,
  SortedSample,
  binCounts,
  categoryCounts,
  chiSquareFromCounts,
  chooseDefaultStatTest,
  cramerVonMises,
  detectDrift,
  getStatTest,
  isStatTestName,
  ksExactPValue,
  ksFromHistograms,
  ksTwoSample,
  psiFromCounts,
  referenceDecileEdges,
  runStatTest,
  statTestsFor,
  wassersteinDistance,
  wassersteinNormed,
  type DriftInput,
} from "@/lib/drift";
import { mulberry32 as rng } from "../helpers/seeded-random";

function normals(n: number, seed: number, mean = 0): number[] {
  const u = rng(seed);
  return Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

const numeric: DriftInput = { columnType: "numeric", reference: normals(400, 1), current: normals(300, 2, 0.4) };
const categorical: DriftInput = {
  columnType: "categorical",
  reference: [...Array(300).fill("a"), ...Array(200).fill("b")],
  current: [...Array(200).fill("a"), ...Array(250).fill("b"), ...Array(50).fill("new")],
};

describe("stat-test registry", () => {
  it("lists the seven built-in statistics with consistent metadata", () => {
    expect(Object.keys(STAT_TESTS).sort()).toEqual(
      ["anderson_darling", "chi2", "cramer_von_mises", "jensen_shannon", "ks", "psi", "wasserstein_normed"].sort(),
    );
    for (const [key, test] of Object.entries(STAT_TESTS)) {
      expect(test.name).toBe(key);
      expect(test.columnTypes.length).toBeGreaterThan(0);
      expect(Number.isFinite(test.defaultThreshold)).toBe(true);
      expect(["statistic-above-threshold", "p-value-below-threshold"]).toContain(test.driftWhen);
      if (test.driftWhen === "p-value-below-threshold") expect(test.defaultThreshold).toBe(0.05);
    }
    expect(Object.isFrozen(STAT_TESTS)).toBe(true);
  });

  it("knows which statistics apply to which column type", () => {
    expect(statTestsFor("numeric").map((t) => t.name)).toEqual([
      "ks",
      "wasserstein_normed",
      "psi",
      "jensen_shannon",
      "cramer_von_mises",
      "anderson_darling",
    ]);
    expect(statTestsFor("categorical").map((t) => t.name)).toEqual(["psi", "jensen_shannon", "chi2"]);
  });

  it("every applicable statistic returns a typed result and flags this shift", () => {
    for (const input of [numeric, categorical]) {
      for (const test of statTestsFor(input.columnType)) {
        const r = test.compute(input);
        expect(r.test).toBe(test.name);
        expect(r.threshold).toBe(test.defaultThreshold);
        expect(Number.isFinite(r.statistic)).toBe(true);
        if (test.driftWhen === "p-value-below-threshold") expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.drifted, `${test.name} on ${input.columnType}`).toBe(true);
      }
    }
  });

  it("p-value tests drift when p <= threshold, distances when statistic >= threshold", () => {
    const ks = ksTwoSample(numeric.reference as number[], numeric.current as number[]);
    expect(runStatTest("ks", numeric, { threshold: ks.pValue }).drifted).toBe(true);
    expect(runStatTest("ks", numeric, { threshold: ks.pValue * 0.999 }).drifted).toBe(false);
    const w = wassersteinNormed(numeric.reference as number[], numeric.current as number[]);
    expect(runStatTest("wasserstein_normed", numeric, { threshold: w }).drifted).toBe(true);
    expect(runStatTest("wasserstein_normed", numeric, { threshold: w * 1.001 }).drifted).toBe(false);
  });

  it("Anderson–Darling decides on the 5 % critical value of the standardised statistic", () => {
    expect(getStatTest("anderson_darling").defaultThreshold).toBeCloseTo(1.961, 12);
  });

  it("computeFromBins matches the raw-sample computation for count-based statistics", () => {
    const reference = SortedSample.from(numeric.reference as number[]);
    const current = SortedSample.from(numeric.current as number[]);
    const edges = referenceDecileEdges(reference);
    const bins = { edges, reference: binCounts(reference.values, edges), current: binCounts(current.values, edges) };
    for (const name of ["psi", "jensen_shannon"] as const) {
      expect(getStatTest(name).computeFromBins?.(bins)).toEqual(runStatTest(name, numeric));
    }
    const counts = categoryCounts(categorical.reference, categorical.current);
    expect(getStatTest("chi2").computeFromBins?.(counts)).toEqual(runStatTest("chi2", categorical));
    expect(getStatTest("ks").computeFromBins?.(bins).statistic).toBe(ksFromHistograms(bins).statistic);
    expect(getStatTest("cramer_von_mises").computeFromBins).toBeUndefined();
  });

  it("rejects unknown names, wrong column types, bad thresholds and bins without edges", () => {
    expect(isStatTestName("ks")).toBe(true);
    expect(isStatTestName("toString")).toBe(false);
    expect(() => getStatTest("kl_div")).toThrow(RangeError);
    expect(() => getStatTest("kl_div")).toThrow(/kl_div/);
    expect(() => runStatTest("chi2", numeric)).toThrow(/columnType "numeric"/);
    expect(() => runStatTest("ks", categorical)).toThrow(/columnType "categorical"/);
    expect(() => runStatTest("ks", numeric, { threshold: 1.5 })).toThrow(/threshold/);
    expect(() => runStatTest("psi", numeric, { threshold: NaN })).toThrow(/threshold/);
    expect(() => getStatTest("ks").computeFromBins?.({ reference: [1, 2], current: [2, 1] })).toThrow(/edges/);
  });
});

describe("default statistic choice", () => {
  it("uses hypothesis tests for small samples and distances for large ones", () => {
    expect(chooseDefaultStatTest({ columnType: "numeric", referenceSize: 500, currentSize: 800 })).toBe("ks");
    expect(chooseDefaultStatTest({ columnType: "numeric", referenceSize: 5000, currentSize: 4000 })).toBe("wasserstein_normed");
    expect(chooseDefaultStatTest({ columnType: "categorical", referenceSize: 300, currentSize: 300 })).toBe("chi2");
    expect(chooseDefaultStatTest({ columnType: "categorical", referenceSize: 1e5, currentSize: 1e5 })).toBe("jensen_shannon");
  });

  it("decides on the effective size m·n/(m+n), which is what p-values depend on", () => {
    // A huge reference against a small current window still has a meaningful p-value.
    expect(chooseDefaultStatTest({ columnType: "numeric", referenceSize: 1_000_000, currentSize: 50 })).toBe("ks");
    const n = 2 * LARGE_SAMPLE_EFFECTIVE_SIZE;
    expect(chooseDefaultStatTest({ columnType: "numeric", referenceSize: n, currentSize: n })).toBe("ks");
    expect(chooseDefaultStatTest({ columnType: "numeric", referenceSize: n + 2, currentSize: n + 2 })).toBe("wasserstein_normed");
  });

  it("detectDrift runs the default (or requested) statistic", () => {
    expect(detectDrift(numeric).test).toBe("ks");
    expect(detectDrift(categorical).test).toBe("chi2");
    const requested = detectDrift(numeric, { test: "psi", threshold: 0.5 });
    expect(requested).toEqual(runStatTest("psi", numeric, { threshold: 0.5 }));
  });

  it("validates sizes", () => {
    expect(() => chooseDefaultStatTest({ columnType: "numeric", referenceSize: 0, currentSize: 5 })).toThrow(/referenceSize/);
    expect(() => chooseDefaultStatTest({ columnType: "numeric", referenceSize: 5, currentSize: 1.5 })).toThrow(/currentSize/);
  });
});

describe("argument validation", () => {
  it("empty samples name the argument", () => {
    expect(() => ksTwoSample([], [1, 2])).toThrow(RangeError);
    expect(() => ksTwoSample([], [1, 2])).toThrow(/reference/);
    expect(() => wassersteinDistance([1, 2], [])).toThrow(/current/);
    expect(() => referenceDecileEdges([])).toThrow(/reference/);
    expect(() => categoryCounts([], ["a"])).toThrow(/reference/);
  });

  it("non-finite values name the argument and the index", () => {
    expect(() => ksTwoSample([1, NaN], [1, 2])).toThrow(/reference\[1\]/);
    expect(() => wassersteinDistance([1, 2], [0, Infinity])).toThrow(/current\[1\]/);
    expect(() => cramerVonMises([1, 2, 3], [1, -Infinity, 2])).toThrow(/current\[1\]/);
    expect(() => binCounts([1, NaN], [0, 1, 2])).toThrow(/sample\[1\]/);
    expect(() => categoryCounts(["a", null as unknown as string], ["a"])).toThrow(/reference\[1\]/);
  });

  it("mismatched or invalid count vectors are rejected", () => {
    expect(() => psiFromCounts([1, 2, 3], [1, 2])).toThrow(/same length/);
    expect(() => chiSquareFromCounts([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => psiFromCounts([1, -2], [1, 2])).toThrow(/referenceCounts\[1\]/);
    expect(() => psiFromCounts([0, 0], [1, 2])).toThrow(/positive total/);
    expect(() => psiFromCounts([1, 2], [1, NaN])).toThrow(/currentCounts\[1\]/);
    expect(() => ksFromHistograms({ edges: [0, 1], reference: [1, 2], current: [2, 1] })).toThrow(/edges/);
  });

  it("bin edges must be strictly increasing", () => {
    expect(() => binCounts([1], [0, 2, 2])).toThrow(/strictly increasing/);
    expect(() => binCounts([1], [0])).toThrow(/edges/);
  });

  it("exact KS p-values refuse lattices too large to walk quickly", () => {
    expect(() => ksExactPValue(0.01, { referenceSize: 20_000, currentSize: 19_999 })).toThrow(/sizes/);
    expect(ksExactPValue(0.01, { referenceSize: 20_000, currentSize: 20_000 })).toBeGreaterThan(0);
  });

  it("Cramér–von Mises needs at least two observations per sample", () => {
    expect(() => cramerVonMises([1], [1, 2, 3])).toThrow(/reference/);
  });

  it("agrees with the pre-sorted path on tiny inputs", () => {
    expect(wassersteinDistance([3], [1])).toBe(2);
    expect(ksTwoSample([1], [2]).statistic).toBe(1);
    // Two single observations always differ by D = 1: the exact p-value (the "auto" choice) is 1.
    expect(ksTwoSample([1], [2])).toEqual({ statistic: 1, pValue: 1, method: "exact" });
  });
});
