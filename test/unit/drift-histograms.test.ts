import { describe, expect, it } from "vitest";
import {
  SortedSample,
  binCounts,
  chiSquareFromCounts,
  histogramStd,
  jensenShannonFromCounts,
  ksFromHistograms,
  ksTwoSample,
  linearQuantileSorted,
  populationStd,
  psiFromCounts,
  referenceDecileEdges,
  wassersteinDistance,
  wassersteinFromHistograms,
} from "@/lib/drift";
import { normalSample as normals } from "../helpers/seeded-random";

function uniformEdges(lo: number, hi: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
}

describe("binning", () => {
  it("bins are half-open [a, b) except the closed last bin; values outside the edges are dropped", () => {
    const edges = [0, 1, 2, 3];
    expect(binCounts([0, 0.5, 1, 1.999, 2, 3, 3.0001, -0.1], edges)).toEqual([2, 2, 2]);
  });

  it("linear quantiles follow numpy (interpolating between order statistics)", () => {
    const v = Float64Array.from([1, 2, 3, 4, 10]);
    expect(linearQuantileSorted(v, 0)).toBe(1);
    expect(linearQuantileSorted(v, 0.5)).toBe(3);
    expect(linearQuantileSorted(v, 0.9)).toBeCloseTo(7.6, 14);
    expect(linearQuantileSorted(v, 1)).toBe(10);
  });

  it("reference deciles have open outer edges, drop duplicate edges, and put everything in a bin", () => {
    const reference = Array.from({ length: 200 }, (_, i) => i % 4); // only 0, 1, 2, 3
    const edges = referenceDecileEdges(reference);
    expect(edges[0]).toBe(-Infinity);
    expect(edges[edges.length - 1]).toBe(Infinity);
    expect(new Set(edges).size).toBe(edges.length);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
    const current = [-1e9, 0, 3, 1e9];
    expect(binCounts(current, edges).reduce((a, b) => a + b, 0)).toBe(current.length);
  });

  it("a constant reference still yields two bins, split at the constant", () => {
    expect(referenceDecileEdges([5, 5, 5])).toEqual([-Infinity, 5, Infinity]);
  });

  it("every decile bin of a continuous reference holds ~10 % of it", () => {
    const reference = normals(10_000, 3);
    const counts = binCounts(reference, referenceDecileEdges(reference));
    expect(counts).toHaveLength(10);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThanOrEqual(1);
  });
});

describe("statistics from count vectors (monitoring merges hourly histograms)", () => {
  const reference = normals(6000, 41);
  const current = normals(6000, 42, 0.2);
  const edges = referenceDecileEdges(reference);

  it("merging per-hour histograms gives the same PSI / JS / chi-square as binning all rows at once", () => {
    const hourly = [current.slice(0, 1000), current.slice(1000, 3500), current.slice(3500)];
    const merged = hourly.map((rows) => binCounts(rows, edges)).reduce((acc, counts) => acc.map((v, i) => v + counts[i]));
    const direct = binCounts(current, edges);
    expect(merged).toEqual(direct);
    const r = binCounts(reference, edges);
    expect(psiFromCounts(r, merged)).toBe(psiFromCounts(r, direct));
    expect(jensenShannonFromCounts(r, merged)).toBe(jensenShannonFromCounts(r, direct));
    expect(chiSquareFromCounts(r, merged)).toEqual(chiSquareFromCounts(r, direct));
  });

  it("PSI stays finite when a bin is empty in one sample, thanks to the 1e-4 floor", () => {
    const psi = psiFromCounts([100, 100, 0], [100, 100, 50]);
    expect(Number.isFinite(psi)).toBe(true);
    // The bin that is new in the current sample dominates: (0.2 - 1e-4) · ln(0.2 / 1e-4) ≈ 1.52.
    const expected = (0.4 - 0.5) * Math.log(0.4 / 0.5) * 2 + (0.2 - 1e-4) * Math.log(0.2 / 1e-4);
    expect(psi).toBeCloseTo(expected, 12);
  });

  it("Jensen–Shannon distance is 1 for disjoint supports and 0 for equal proportions", () => {
    expect(jensenShannonFromCounts([5, 0], [0, 7])).toBeCloseTo(1, 15);
    expect(jensenShannonFromCounts([1, 3], [10, 30])).toBe(0);
  });

  it("chi-square keeps a category present only in the current sample and drops all-empty ones", () => {
    const withEmpty = chiSquareFromCounts([179, 121, 0, 0], [150, 86, 64, 0]);
    const without = chiSquareFromCounts([179, 121, 0], [150, 86, 64]);
    expect(withEmpty).toEqual(without);
    expect(without.degreesOfFreedom).toBe(2);
    expect(chiSquareFromCounts([5, 0], [7, 0])).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0 });
  });
});

describe("KS and Wasserstein approximations from fine histograms", () => {
  // Stated tolerance: with 2000 equal-width bins over the pooled range, the histogram KS statistic is
  // within 0.005 of the exact one and the histogram Wasserstein distance within one bin width; both
  // also stay inside the a-priori error bounds the functions report.
  const KS_TOLERANCE = 0.005;
  const cases: [string, number[], number[]][] = [
    ["location shift", normals(20_000, 51), normals(15_000, 52, 0.15)],
    ["scale change", normals(20_000, 53), normals(20_000, 54, 0, 1.3)],
    ["same distribution", normals(10_000, 55), normals(12_000, 56)],
  ];

  it.each(cases)("%s", (_, reference, current) => {
    const all = [...reference, ...current];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const edges = uniformEdges(lo, hi, 2000);
    const width = (hi - lo) / 2000;
    const histograms = { edges, reference: binCounts(reference, edges), current: binCounts(current, edges) };

    const exactKs = ksTwoSample(reference, current, { method: "asymptotic" });
    const approxKs = ksFromHistograms(histograms);
    expect(approxKs.statistic).toBeLessThanOrEqual(exactKs.statistic + 1e-12);
    expect(exactKs.statistic).toBeLessThanOrEqual(approxKs.statistic + approxKs.errorBound + 1e-12);
    expect(Math.abs(approxKs.statistic - exactKs.statistic)).toBeLessThan(KS_TOLERANCE);
    expect(approxKs.errorBound).toBeLessThan(KS_TOLERANCE);

    const exactW = wassersteinDistance(reference, current);
    const approxW = wassersteinFromHistograms(histograms);
    expect(approxW.errorBound).toBeLessThanOrEqual(width * (1 + 1e-12));
    expect(Math.abs(approxW.distance - exactW)).toBeLessThanOrEqual(approxW.errorBound);
    expect(Math.abs(approxW.distance - exactW)).toBeLessThanOrEqual(width);

    // The uniform-within-bin std is within a bin width of the sample std.
    expect(Math.abs(histogramStd(edges, histograms.reference) - populationStd(reference))).toBeLessThan(width);
  });

  it("coarse bins widen the reported bounds instead of silently losing accuracy", () => {
    const reference = normals(5000, 61);
    const current = normals(5000, 62, 0.5);
    const edges = uniformEdges(-6, 7, 13);
    const h = { edges, reference: binCounts(reference, edges), current: binCounts(current, edges) };
    const approx = wassersteinFromHistograms(h);
    const exact = wassersteinDistance(SortedSample.from(reference), SortedSample.from(current));
    expect(approx.errorBound).toBeGreaterThan(0.1);
    expect(Math.abs(approx.distance - exact)).toBeLessThanOrEqual(approx.errorBound);
    const ks = ksFromHistograms(h);
    expect(ks.errorBound).toBeGreaterThan(0.1);
  });

  it("Wasserstein from histograms needs finite edges; KS does not", () => {
    const h = { edges: [-Infinity, 0, Infinity], reference: [3, 4], current: [5, 1] };
    expect(() => wassersteinFromHistograms(h)).toThrow(/edges\[0\]/);
    expect(ksFromHistograms(h).statistic).toBeCloseTo(Math.abs(3 / 7 - 5 / 6), 15);
  });
});
