import { describe, expect, it } from "vitest";
import {
  SortedSample,
  andersonDarling,
  andersonDarlingCriticalValues,
  andersonDarlingKSample,
  binCounts,
  chiSquareFromCounts,
  cramerVonMises,
  jensenShannonFromCounts,
  ksExactPValue,
  ksTwoSample,
  psiFromCounts,
  referenceDecileEdges,
  wassersteinDistance,
  wassersteinNormed,
} from "@/lib/drift";
import { normalSample as normals } from "../helpers/seeded-random";

/** Deterministic PRNG (mulberry32) so property tests are reproducible. */
function psiOnDeciles(reference: number[], current: number[]): { psi: number; js: number } {
  const edges = referenceDecileEdges(reference);
  const r = binCounts(reference, edges);
  const c = binCounts(current, edges);
  return { psi: psiFromCounts(r, c), js: jensenShannonFromCounts(r, c) };
}

/** All size-k subsets of {0..n-1}, as boolean membership masks. */
function* subsets(n: number, k: number): Generator<boolean[]> {
  const chosen: number[] = [];
  function* rec(start: number): Generator<boolean[]> {
    if (chosen.length === k) {
      const mask = new Array<boolean>(n).fill(false);
      for (const i of chosen) mask[i] = true;
      yield mask;
      return;
    }
    for (let i = start; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      yield* rec(i + 1);
      chosen.pop();
    }
  }
  yield* rec(0);
}

describe("identical samples show no drift", () => {
  for (const seed of [1, 2, 3]) {
    const x = normals(500, seed);
    it(`seed ${seed}: KS = 0 (p = 1), Wasserstein = 0, PSI = 0, JS = 0`, () => {
      const exact = ksTwoSample(x, x, { method: "exact" });
      const asymptotic = ksTwoSample(x, x, { method: "asymptotic" });
      expect(exact.statistic).toBe(0);
      expect(exact.pValue).toBe(1);
      expect(asymptotic.pValue).toBe(1);
      expect(wassersteinDistance(x, x)).toBe(0);
      expect(wassersteinNormed(x, x)).toBe(0);
      const { psi, js } = psiOnDeciles(x, x);
      expect(psi).toBe(0);
      expect(js).toBe(0);
    });
    it(`seed ${seed}: Cramér–von Mises and Anderson–Darling sit at the null centre`, () => {
      expect(cramerVonMises(x, x).pValue).toBeGreaterThan(0.99);
      expect(andersonDarling(x, x).statistic).toBeLessThan(0);
    });
  }

  it("identical category counts give chi-square 0 with p = 1", () => {
    const r = chiSquareFromCounts([10, 20, 30], [20, 40, 60]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.pValue).toBeCloseTo(1, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(psiFromCounts([10, 20, 30], [20, 40, 60])).toBeCloseTo(0, 15);
    expect(jensenShannonFromCounts([10, 20, 30], [20, 40, 60])).toBe(0);
  });
});

describe("shifted samples are detected", () => {
  const reference = normals(2000, 11);
  const sameDistribution = normals(2000, 12);
  const shifted = normals(2000, 13, 0.3);
  const scaled = normals(2000, 14, 0, 1.5);

  it("a 0.3 sd location shift is flagged by every numeric statistic", () => {
    expect(ksTwoSample(reference, shifted).pValue).toBeLessThan(1e-6);
    expect(cramerVonMises(reference, shifted).pValue).toBeLessThan(1e-6);
    expect(andersonDarling(reference, shifted).statistic).toBeGreaterThan(andersonDarlingCriticalValues(2)[6]);
    const normed = wassersteinNormed(reference, shifted);
    expect(normed).toBeGreaterThan(0.2);
    expect(normed).toBeLessThan(0.4);
    expect(psiOnDeciles(reference, shifted).psi).toBeGreaterThan(0.05);
  });

  it("a scale change is flagged even though the mean is unchanged", () => {
    expect(ksTwoSample(reference, scaled).pValue).toBeLessThan(1e-6);
    expect(cramerVonMises(reference, scaled).pValue).toBeLessThan(1e-3);
    expect(psiOnDeciles(reference, scaled).psi).toBeGreaterThan(0.1);
  });

  it("an independent sample from the same distribution is not flagged", () => {
    expect(ksTwoSample(reference, sameDistribution).pValue).toBeGreaterThan(0.05);
    expect(cramerVonMises(reference, sameDistribution).pValue).toBeGreaterThan(0.05);
    expect(andersonDarling(reference, sameDistribution).statistic).toBeLessThan(andersonDarlingCriticalValues(2)[2]);
    expect(wassersteinNormed(reference, sameDistribution)).toBeLessThan(0.1);
    expect(psiOnDeciles(reference, sameDistribution).psi).toBeLessThan(0.1);
  });

  it("a shifted category mix is flagged by chi-square, PSI and JS", () => {
    const r = chiSquareFromCounts([500, 300, 200], [400, 300, 300]);
    expect(r.pValue).toBeLessThan(1e-6);
    expect(psiFromCounts([500, 300, 200], [400, 300, 300])).toBeGreaterThan(0.05);
    expect(jensenShannonFromCounts([500, 300, 200], [400, 300, 300])).toBeGreaterThan(0.05);
  });
});

describe("structural properties", () => {
  const a = normals(700, 21);
  const b = normals(900, 22, 0.1, 1.2);

  it("Wasserstein of a translated copy is the translation", () => {
    for (const shift of [0.25, -3, 1e3]) {
      const moved = a.map((v) => v + shift);
      expect(wassersteinDistance(a, moved)).toBeCloseTo(Math.abs(shift), 9);
    }
  });

  it("KS and Wasserstein are symmetric", () => {
    const ab = ksTwoSample(a, b);
    const ba = ksTwoSample(b, a);
    expect(ab.statistic).toBe(ba.statistic);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
    expect(wassersteinDistance(a, b)).toBeCloseTo(wassersteinDistance(b, a), 12);
  });

  it("rank statistics are invariant under monotone transforms", () => {
    const ea = a.map(Math.exp);
    const eb = b.map(Math.exp);
    expect(ksTwoSample(ea, eb).statistic).toBe(ksTwoSample(a, b).statistic);
    expect(cramerVonMises(ea, eb).statistic).toBeCloseTo(cramerVonMises(a, b).statistic, 12);
    expect(andersonDarling(ea, eb).statistic).toBeCloseTo(andersonDarling(a, b).statistic, 12);
  });

  it("a pre-sorted SortedSample gives the same results as raw arrays and leaves inputs untouched", () => {
    const copy = [...a];
    const sa = SortedSample.from(a);
    const sb = SortedSample.from(b);
    expect(ksTwoSample(sa, sb)).toEqual(ksTwoSample(a, b));
    expect(wassersteinDistance(sa, sb)).toBe(wassersteinDistance(a, b));
    expect(a).toEqual(copy);
  });

  it("k-sample Anderson–Darling accepts more than two samples", () => {
    const r = andersonDarlingKSample([normals(100, 31), normals(120, 32), normals(90, 33, 1)]);
    expect(r.criticalValues).toHaveLength(7);
    expect(r.statistic).toBeGreaterThan(r.criticalValues[6]);
  });
});

describe("exact null distributions agree with brute-force enumeration", () => {
  // Under H0 every assignment of the pooled ranks to the two samples is equally likely, so the exact
  // p-value is a count over all C(n1+n2, n1) assignments; these sizes keep that enumerable.
  const sizes: [number, number][] = [
    [3, 3],
    [4, 6],
    [5, 7],
    [6, 6],
    [7, 4],
    [8, 9],
  ];

  it.each(sizes)("KS exact p-value, n1=%i n2=%i", (n1, n2) => {
    const N = n1 + n2;
    const statistics: number[] = [];
    for (const mask of subsets(N, n1)) {
      let i = 0;
      let j = 0;
      let d = 0;
      for (let k = 0; k < N; k++) {
        if (mask[k]) i++;
        else j++;
        d = Math.max(d, Math.abs(i / n1 - j / n2));
      }
      statistics.push(d);
    }
    for (const d of new Set(statistics)) {
      const brute = statistics.filter((s) => s >= d - 1e-12).length / statistics.length;
      expect(ksExactPValue(d, { referenceSize: n1, currentSize: n2 })).toBeCloseTo(brute, 12);
    }
  });

  it.each(sizes)("Cramér–von Mises exact p-value, n1=%i n2=%i", (n1, n2) => {
    const N = n1 + n2;
    const pooled = Array.from({ length: N }, (_, k) => k + 1);
    const samples: [number[], number[]][] = [];
    for (const mask of subsets(N, n1)) {
      samples.push([pooled.filter((_, k) => mask[k]), pooled.filter((_, k) => !mask[k])]);
    }
    // Anderson's T from the ranks (here the values themselves), written out independently of the module.
    const k = n1 * n2;
    const statistics = samples.map(([x, y]) => {
      const u =
        n1 * x.reduce((acc, r, i) => acc + (r - (i + 1)) ** 2, 0) + n2 * y.reduce((acc, r, j) => acc + (r - (j + 1)) ** 2, 0);
      return u / (k * N) - (4 * k - 1) / (6 * N);
    });
    // Check a spread of observed statistics rather than all of them, to keep the test fast.
    for (let s = 0; s < samples.length; s += Math.max(1, Math.floor(samples.length / 25))) {
      const [x, y] = samples[s];
      const r = cramerVonMises(x, y, { method: "exact" });
      expect(r.statistic).toBeCloseTo(statistics[s], 12);
      const brute = statistics.filter((t) => t >= r.statistic - 1e-12).length / statistics.length;
      expect(r.method).toBe("exact");
      expect(r.pValue).toBeCloseTo(brute, 12);
    }
  });

  it("Cramér–von Mises 'auto' is exact up to 20 rows per sample and asymptotic above", () => {
    expect(cramerVonMises(normals(20, 1), normals(20, 2)).method).toBe("exact");
    expect(cramerVonMises(normals(21, 1), normals(20, 2)).method).toBe("asymptotic");
    expect(() => cramerVonMises(normals(31, 1), normals(5, 2), { method: "exact" })).toThrow(/options.method/);
  });
});
