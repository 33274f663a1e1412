import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  SortedSample,
  andersonDarling,
  binCounts,
  categoryCounts,
  chiSquareFromCounts,
  cramerVonMises,
  jensenShannonFromCounts,
  ksAsymptoticPValue,
  ksExactPValue,
  ksTwoSample,
  psiFromCounts,
  referenceDecileEdges,
  runStatTest,
  wassersteinDistance,
  wassersteinNormed,
} from "@/lib/drift";

/**
 * Every value of test/fixtures/oracle/drift.json (scipy 1.10.1, numpy 1.24.2), at the README's
 * tolerances: 1e-9 relative for closed-form values, 1e-6 relative for p-values computed from series,
 * recursions or special functions. Counts, categories and degrees of freedom must match exactly.
 */

const CLOSED_FORM = 1e-9;
const P_VALUE = 1e-6;

type Edge = number | "-inf" | "inf";

interface NumericCase {
  name: string;
  reference: number[];
  current: number[];
  ks: { statistic: number; pvalue_asymptotic: number; pvalue_exact: number | null };
  wasserstein: number;
  wasserstein_normed: number;
  cramer_von_mises: { statistic: number; pvalue: number };
  anderson_darling_ksamp: { statistic: number };
  bins: { edges: Edge[]; reference_counts: number[]; current_counts: number[] };
  "psi_eps_1e-4": number;
  jensen_shannon_distance_base2: number;
}

interface CategoricalCase {
  name: string;
  categories: string[];
  reference: string[];
  current: string[];
  reference_counts: number[];
  current_counts: number[];
  chi2_contingency_no_correction: { statistic: number; pvalue: number; dof: number };
  "psi_eps_1e-4": number;
  jensen_shannon_distance_base2: number;
}

interface Oracle {
  generated_by: string;
  conventions: Record<string, string>;
  numeric: NumericCase[];
  categorical: CategoricalCase[];
}

const oracle = JSON.parse(readFileSync(new URL("../fixtures/oracle/drift.json", import.meta.url), "utf8")) as Oracle;

function expectRelative(actual: number, expected: number, tolerance: number, label: string): void {
  expect(Number.isFinite(actual), `${label}: ${actual} is not finite`).toBe(true);
  const error = Math.abs(actual - expected);
  expect(
    error <= tolerance * Math.abs(expected),
    `${label}: got ${actual}, expected ${expected} (relative error ${error / Math.abs(expected)} > ${tolerance})`,
  ).toBe(true);
}

function parseEdge(e: Edge): number {
  if (e === "-inf") return -Infinity;
  if (e === "inf") return Infinity;
  return e;
}

describe("drift oracle fixture", () => {
  it("is the scipy 1.10 oracle with the conventions this module implements", () => {
    expect(oracle.generated_by).toContain("scipy 1.10");
    expect(Object.keys(oracle.conventions).sort()).toEqual(
      ["bins", "chi2", "jensen_shannon", "ks", "psi", "wasserstein_normed"].sort(),
    );
    expect(oracle.numeric).toHaveLength(7);
    expect(oracle.categorical).toHaveLength(3);
  });
});

describe.each(oracle.numeric.map((c) => [c.name, c] as const))("numeric oracle case %s", (name, c) => {
  const reference = SortedSample.from(c.reference, "reference");
  const current = SortedSample.from(c.current, "current");

  it("KS statistic (closed form)", () => {
    expectRelative(ksTwoSample(reference, current).statistic, c.ks.statistic, CLOSED_FORM, `${name} ks.statistic`);
  });

  it("KS asymptotic p-value = kstwo.sf(d, round(mn/(m+n)))", () => {
    const r = ksTwoSample(reference, current, { method: "asymptotic" });
    expect(r.method).toBe("asymptotic");
    expectRelative(r.pValue, c.ks.pvalue_asymptotic, P_VALUE, `${name} ks.pvalue_asymptotic`);
    expectRelative(
      ksAsymptoticPValue(c.ks.statistic, { referenceSize: c.reference.length, currentSize: c.current.length }),
      c.ks.pvalue_asymptotic,
      P_VALUE,
      `${name} ksAsymptoticPValue`,
    );
  });

  if (c.ks.pvalue_exact !== null) {
    const exact = c.ks.pvalue_exact;
    it("KS exact p-value", () => {
      const r = ksTwoSample(reference, current, { method: "exact" });
      expect(r.method).toBe("exact");
      expectRelative(r.pValue, exact, P_VALUE, `${name} ks.pvalue_exact`);
      expectRelative(
        ksExactPValue(c.ks.statistic, { referenceSize: c.reference.length, currentSize: c.current.length }),
        exact,
        P_VALUE,
        `${name} ksExactPValue`,
      );
      // These samples are small enough that "auto" must pick the exact distribution.
      expect(ksTwoSample(reference, current).method).toBe("exact");
      expectRelative(ksTwoSample(reference, current).pValue, exact, P_VALUE, `${name} ks auto`);
    });
  } else {
    it("has no exact KS p-value in the oracle (too large for scipy's exact method)", () => {
      expect(c.reference.length * c.current.length).toBeGreaterThan(100_000);
    });
  }

  it("Wasserstein distance, raw and normed by the reference population std", () => {
    expectRelative(wassersteinDistance(reference, current), c.wasserstein, CLOSED_FORM, `${name} wasserstein`);
    expectRelative(wassersteinNormed(reference, current), c.wasserstein_normed, CLOSED_FORM, `${name} wasserstein_normed`);
    // Raw arrays (unsorted, not pre-wrapped) give the same numbers.
    expectRelative(wassersteinDistance(c.reference, c.current), c.wasserstein, CLOSED_FORM, `${name} raw arrays`);
  });

  it("Cramér–von Mises statistic and p-value", () => {
    const r = cramerVonMises(reference, current);
    expect(r.method).toBe("asymptotic");
    expectRelative(r.statistic, c.cramer_von_mises.statistic, CLOSED_FORM, `${name} cvm.statistic`);
    // For heavy_shift_large (standardised statistic ≈ 120) scipy's p ≈ 4.5e-8 is not the true tail
    // probability (which is astronomically smaller) but what remains after scipy stops the limiting-CDF
    // series at the first term below 1e-7. cramerVonMisesLimitCdf uses the same stopping rule, so the
    // number is matched like every other one.
    expectRelative(r.pValue, c.cramer_von_mises.pvalue, P_VALUE, `${name} cvm.pvalue`);
  });

  it("Anderson–Darling k-sample statistic (the only AD field in the oracle)", () => {
    expectRelative(
      andersonDarling(reference, current).statistic,
      c.anderson_darling_ksamp.statistic,
      CLOSED_FORM,
      `${name} anderson_darling_ksamp.statistic`,
    );
  });

  it("reference-decile edges and numpy.histogram bin counts", () => {
    const edges = referenceDecileEdges(reference);
    const expected = c.bins.edges.map(parseEdge);
    expect(edges).toHaveLength(expected.length);
    expect(edges[0]).toBe(-Infinity);
    expect(edges[edges.length - 1]).toBe(Infinity);
    for (let i = 1; i < expected.length - 1; i++) {
      if (expected[i] === 0) expect(edges[i]).toBe(0);
      else expectRelative(edges[i], expected[i], CLOSED_FORM, `${name} edges[${i}]`);
    }
    expect(binCounts(c.reference, edges)).toEqual(c.bins.reference_counts);
    expect(binCounts(c.current, edges)).toEqual(c.bins.current_counts);
  });

  it("PSI (proportions floored at 1e-4) and Jensen–Shannon distance (base 2)", () => {
    const { reference_counts: r, current_counts: k } = c.bins;
    expectRelative(psiFromCounts(r, k), c["psi_eps_1e-4"], CLOSED_FORM, `${name} psi`);
    expectRelative(jensenShannonFromCounts(r, k), c.jensen_shannon_distance_base2, CLOSED_FORM, `${name} js`);
  });

  it("registry entries reproduce the same numbers from raw samples", () => {
    const input = { columnType: "numeric" as const, reference, current };
    expectRelative(runStatTest("psi", input).statistic, c["psi_eps_1e-4"], CLOSED_FORM, `${name} registry psi`);
    expectRelative(
      runStatTest("jensen_shannon", input).statistic,
      c.jensen_shannon_distance_base2,
      CLOSED_FORM,
      `${name} registry js`,
    );
    expectRelative(
      runStatTest("wasserstein_normed", input).statistic,
      c.wasserstein_normed,
      CLOSED_FORM,
      `${name} registry wasserstein_normed`,
    );
    const cvm = runStatTest("cramer_von_mises", input);
    expectRelative(cvm.pValue ?? NaN, c.cramer_von_mises.pvalue, P_VALUE, `${name} registry cvm`);
    expectRelative(
      runStatTest("anderson_darling", input).statistic,
      c.anderson_darling_ksamp.statistic,
      CLOSED_FORM,
      `${name} registry ad`,
    );
    const ks = runStatTest("ks", input);
    expectRelative(ks.statistic, c.ks.statistic, CLOSED_FORM, `${name} registry ks`);
    // The registry uses ksTwoSample's "auto" method: exact up to 1000 rows per sample, asymptotic above.
    const auto = ksTwoSample(reference, current);
    expect(ks.pValue).toBe(auto.pValue);
    const oracleP = auto.method === "exact" ? c.ks.pvalue_exact : c.ks.pvalue_asymptotic;
    if (oracleP !== null) {
      expectRelative(ks.pValue ?? NaN, oracleP, P_VALUE, `${name} registry ks p`);
    } else {
      // scale_mid (500 vs 400) is exact under "auto" but the oracle only lists its asymptotic p-value.
      // Not an oracle value: scipy 1.17.1 ks_2samp(method="exact") on the same data, cross-checked
      // locally, gives 0.0033914020269263084 (the asymptotic 0.0033878 differs by 0.1 %).
      expect(name).toBe("scale_mid");
      expectRelative(ks.pValue ?? NaN, 0.0033914020269263084, P_VALUE, `${name} registry ks exact p`);
    }
  });
});

describe.each(oracle.categorical.map((c) => [c.name, c] as const))("categorical oracle case %s", (name, c) => {
  it("category alignment and counts", () => {
    const counts = categoryCounts(c.reference, c.current);
    expect(counts.categories).toEqual(c.categories);
    expect(counts.reference).toEqual(c.reference_counts);
    expect(counts.current).toEqual(c.current_counts);
  });

  it("chi-square test of homogeneity (correction=False): statistic, dof, p-value", () => {
    const r = chiSquareFromCounts(c.reference_counts, c.current_counts);
    const expected = c.chi2_contingency_no_correction;
    expectRelative(r.statistic, expected.statistic, CLOSED_FORM, `${name} chi2.statistic`);
    expect(r.degreesOfFreedom).toBe(expected.dof);
    expectRelative(r.pValue, expected.pvalue, P_VALUE, `${name} chi2.pvalue`);
  });

  it("PSI and Jensen–Shannon over category proportions", () => {
    expectRelative(psiFromCounts(c.reference_counts, c.current_counts), c["psi_eps_1e-4"], CLOSED_FORM, `${name} psi`);
    expectRelative(
      jensenShannonFromCounts(c.reference_counts, c.current_counts),
      c.jensen_shannon_distance_base2,
      CLOSED_FORM,
      `${name} js`,
    );
  });

  it("registry entries reproduce the same numbers from raw categories", () => {
    const input = { columnType: "categorical" as const, reference: c.reference, current: c.current };
    const chi2 = runStatTest("chi2", input);
    expectRelative(chi2.statistic, c.chi2_contingency_no_correction.statistic, CLOSED_FORM, `${name} registry chi2`);
    expectRelative(chi2.pValue ?? NaN, c.chi2_contingency_no_correction.pvalue, P_VALUE, `${name} registry chi2 p`);
    expectRelative(runStatTest("psi", input).statistic, c["psi_eps_1e-4"], CLOSED_FORM, `${name} registry psi`);
    expectRelative(
      runStatTest("jensen_shannon", input).statistic,
      c.jensen_shannon_distance_base2,
      CLOSED_FORM,
      `${name} registry js`,
    );
  });
});
