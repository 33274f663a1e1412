import { describe, expect, it } from "vitest";
import { ksTwoSample, wassersteinNormed, chiSquareFromCounts, categoryCounts, jensenShannonFromCounts } from "@/lib/drift";
import { benjaminiHochberg } from "@/lib/monitoring/benjamini-hochberg";
import { fromProductionState, fromReferenceProfile } from "@/lib/monitoring/comparable-column";
import { computeColumnDrift, type ColumnDrift } from "@/lib/monitoring/compute-column-drift";
import { volumeCheck } from "@/lib/monitoring/data-quality";
import { datasetVerdict, decideDrift } from "@/lib/monitoring/decide-drift";
import { buildMonitoringPlan } from "@/lib/monitoring/monitoring-plan";
import { DEFAULT_MONITORING_SETTINGS, monitoringSettingsSchema } from "@/lib/monitoring/monitoring-settings";
import { ProfileBuilder } from "@/lib/monitoring/profile-builder";
import { mergeBySegment } from "@/lib/monitoring/production-profile";
import { parseWindow } from "@/lib/monitoring/windows";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { monitoredFraudManifest, fraudRecords } from "../helpers/monitoring-fixtures";
import { seededRandom } from "../helpers/seeded-random";

/** Brute force from the definition: adjusted p_i = min over p_j >= p_i of m·p_j / rank_j, capped at 1. */
function bruteForceBH(p: number[]): number[] {
  const m = p.length;
  const sorted = [...p].sort((a, b) => a - b);
  return p.map((pi) => Math.min(1, ...sorted.map((pj, j) => (pj >= pi ? (m * pj) / (j + 1) : Infinity))));
}

describe("Benjamini–Hochberg", () => {
  it("matches the definition, on a textbook example and on random inputs", () => {
    const example = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
    const adjusted = benjaminiHochberg(example);
    expect(adjusted.map((p) => Number(p.toFixed(4)))).toEqual([
      0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057, 0.216, 0.216, 0.216,
    ]);
    const rng = seededRandom(4);
    for (let trial = 0; trial < 50; trial++) {
      const p = Array.from({ length: 1 + Math.floor(rng.uniform() * 30) }, () => rng.uniform() ** 3);
      benjaminiHochberg(p).forEach((a, i) => {
        expect(a).toBeCloseTo(bruteForceBH(p)[i], 12);
      });
    }
    expect(() => benjaminiHochberg([0.5, 1.5])).toThrow(/pValues\[1\]/);
  });
});

const base: ColumnDrift = {
  segment: "",
  columnKind: "feature",
  column: "a",
  method: "ks",
  statistic: 0.1,
  pValue: 0.5,
  effectMethod: "wasserstein_normed",
  effectSize: 0.05,
  threshold: 0.1,
  referenceSize: 1000,
  currentSize: 1000,
  insufficient: null,
  importance: 1,
};

describe("the drift decision", () => {
  it.each([
    { case: "significant and large", pValue: 1e-6, effectSize: 0.3, decision: "drift" },
    { case: "significant but trivially small", pValue: 1e-30, effectSize: 0.05, decision: "no_drift" },
    { case: "large but not significant", pValue: 0.2, effectSize: 0.4, decision: "no_drift" },
    { case: "at the floor exactly", pValue: 1e-6, effectSize: 0.1, decision: "drift" },
  ])("$case → $decision", ({ pValue, effectSize, decision }) => {
    const [decided] = decideDrift([{ ...base, pValue, effectSize }], { fdr: 0.05 });
    expect(decided.decision).toBe(decision);
  });

  it("corrects across every column of the run: p = 0.03 alone is drift, among nine unremarkable tests it is not", () => {
    const strong = { ...base, column: "x", pValue: 0.03, effectSize: 0.5 };
    expect(decideDrift([strong], { fdr: 0.05 })[0].decision).toBe("drift");
    const others = Array.from({ length: 9 }, (_, i) => ({ ...base, column: `c${i}`, pValue: 0.5 + i / 20 }));
    const decided = decideDrift([strong, ...others], { fdr: 0.05 });
    expect(decided[0].pAdjusted).toBeCloseTo(0.3, 12);
    expect(decided[0].decision).toBe("no_drift");
  });

  it("leaves columns without enough data out of the correction, as insufficient data", () => {
    const decided = decideDrift(
      [
        { ...base, pValue: 0.01, effectSize: 0.5 },
        { ...base, column: "small", pValue: null, insufficient: "fewer than 200 values" },
      ],
      { fdr: 0.05 },
    );
    expect(decided.map((d) => [d.decision, d.pAdjusted])).toEqual([
      ["drift", 0.01],
      ["insufficient_data", null],
    ]);
  });

  it("weights the dataset score by feature importance", () => {
    const decided = decideDrift(
      [
        { ...base, column: "big", importance: 8, pValue: 1e-9, effectSize: 0.5 },
        { ...base, column: "small1", importance: 1 },
        { ...base, column: "small2", importance: 1 },
        { ...base, columnKind: "output", column: "score", pValue: 1e-9, effectSize: 0.9 },
      ],
      { fdr: 0.05 },
    );
    const verdict = datasetVerdict("", decided, { datasetDriftShare: 0.5 });
    expect(verdict).toMatchObject({ featuresTested: 3, featuresDrifted: 1, verdict: "drift" });
    expect(verdict.driftedShare).toBeCloseTo(1 / 3, 12);
    expect(verdict.weightedScore).toBeCloseTo(0.8, 12);
  });
});

describe("column drift from profiles agrees with the statistics on raw samples", () => {
  const rng = seededRandom(8);
  const training = fraudRecords(rng, 4000);
  const manifest = manifestSchema.parse(monitoredFraudManifest(training));
  const plan = buildMonitoringPlan(manifest);
  const current = fraudRecords(rng, 1500, { amountMean: 53, countries: { US: 0.45, DE: 0.3, FR: 0.25 } });
  const builder = new ProfileBuilder(plan);
  current.forEach((features) => {
    builder.add({ createdAtMs: 0, features, output: {} });
  });
  const profile = mergeBySegment(builder.deltas()).get("")!;

  it("numeric: KS within its a-priori bound of the exact statistic, Wasserstein within its bin error", () => {
    const column = plan.features.find((c) => c.name === "amount")!;
    const result = computeColumnDrift({
      segment: "",
      column,
      reference: fromReferenceProfile(column, manifest.referenceProfile!.features.amount),
      current: fromProductionState(column, profile.features.amount),
      settings: DEFAULT_MONITORING_SETTINGS,
    });
    const a = training.map((r) => r.amount);
    const b = current.map((r) => r.amount);
    const exact = ksTwoSample(a, b, { method: "asymptotic" });
    // The fine bins hold 1 % of the reference each: the histogram sees the ECDFs at their edges.
    expect(result.statistic!).toBeLessThanOrEqual(exact.statistic + 1e-12);
    expect(result.statistic!).toBeGreaterThan(exact.statistic - 0.02);
    expect(result.pValue!).toBeGreaterThanOrEqual(exact.pValue - 1e-12);
    expect(result.effectSize!).toBeCloseTo(wassersteinNormed(a, b), 1);
    expect(Math.abs(result.effectSize! - wassersteinNormed(a, b))).toBeLessThan(0.02);
  });

  it("categorical: chi-square and Jensen–Shannon equal the raw-sample values exactly", () => {
    const column = plan.features.find((c) => c.name === "country")!;
    const result = computeColumnDrift({
      segment: "",
      column,
      reference: fromReferenceProfile(column, manifest.referenceProfile!.features.country),
      current: fromProductionState(column, profile.features.country),
      settings: DEFAULT_MONITORING_SETTINGS,
    });
    const counts = categoryCounts(
      training.map((r) => r.country),
      current.map((r) => r.country),
    );
    const chi2 = chiSquareFromCounts(counts.reference, counts.current);
    expect(result.statistic).toBeCloseTo(chi2.statistic, 9);
    expect(result.pValue).toBeCloseTo(chi2.pValue, 12);
    expect(result.effectSize).toBeCloseTo(jensenShannonFromCounts(counts.reference, counts.current), 12);
  });

  it("applies a per-column effect method, falling back to the type's default where it has no meaning", () => {
    const settings = monitoringSettingsSchema.parse({ methods: { columns: { amount: "psi", country: "wasserstein_normed" } } });
    const amount = plan.features.find((c) => c.name === "amount")!;
    const country = plan.features.find((c) => c.name === "country")!;
    const a = computeColumnDrift({
      segment: "",
      column: amount,
      reference: fromReferenceProfile(amount, manifest.referenceProfile!.features.amount),
      current: fromProductionState(amount, profile.features.amount),
      settings,
    });
    const c = computeColumnDrift({
      segment: "",
      column: country,
      reference: fromReferenceProfile(country, manifest.referenceProfile!.features.country),
      current: fromProductionState(country, profile.features.country),
      settings,
    });
    expect(a.effectMethod).toBe("psi");
    expect(a.threshold).toBe(0.1);
    // Normed Wasserstein has no meaning for categories: the type's default is used instead.
    expect(c.effectMethod).toBe("jensen_shannon");
  });
});

describe("volume", () => {
  it.each([
    { current: 400, previous: [380, 410, 420], flagged: false },
    { current: 100, previous: [400, 400, null], flagged: true },
    { current: 1300, previous: [400, 420], flagged: true },
    // Doubling a trickle is within Poisson noise.
    { current: 6, previous: [2, 3], flagged: false },
    { current: 0, previous: [null, null], flagged: false },
  ])("$current against $previous → flagged $flagged", ({ current, previous, flagged }) => {
    expect(volumeCheck(current, previous, DEFAULT_MONITORING_SETTINGS).flagged).toBe(flagged);
  });
});

describe("windows", () => {
  it.each([
    ["2026-11-01T00:00Z/PT1H", "2026-11-01T00:00:00.000Z", "2026-11-01T01:00:00.000Z"],
    ["2026-11-01T00:00Z/P1D", "2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"],
    ["2026-11-01T00:00:00Z/2026-11-01T06:00:00Z", "2026-11-01T00:00:00.000Z", "2026-11-01T06:00:00.000Z"],
  ])("%s", (text, start, end) => {
    const w = parseWindow(text);
    expect([w.start.toISOString(), w.end.toISOString()]).toEqual([start, end]);
  });
  it.each([
    ["2026-11-01T00:30Z/PT1H", /whole hours/],
    ["2026-11-01T00:00Z/PT90M", /whole hours/],
    ["2026-11-01T00:00Z", /START\/DURATION/],
    ["2026-11-01T00:00Z/P", /duration/],
    ["yesterday/PT1H", /ISO 8601 time/],
    ["2026-11-01T02:00Z/2026-11-01T01:00Z", /end after it starts/],
  ])("refuses %s", (text, message) => {
    expect(() => parseWindow(text)).toThrow(message);
  });
});
