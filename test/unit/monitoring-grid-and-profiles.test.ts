import { describe, expect, it } from "vitest";
import { numericGrid } from "@/lib/monitoring/numeric-grid";
import { buildMonitoringPlan } from "@/lib/monitoring/monitoring-plan";
import { ProfileBuilder, type LoggedRow } from "@/lib/monitoring/profile-builder";
import { mergeAll, mergeBySegment, type NumericColumnState } from "@/lib/monitoring/production-profile";
import { profileNumeric } from "@/lib/profiles/column-profile";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { monitoredFraudManifest, fraudRecords, fraudScore } from "../helpers/monitoring-fixtures";
import { seededRandom } from "../helpers/seeded-random";

describe("numeric grid", () => {
  const edges = [0, 1, 2, 4, 8];
  const grid = numericGrid({ kind: "edges", edges });

  it("puts values in the reference bins with numpy's edge rules, and beyond them in logarithmic tails", () => {
    expect([0, 0.5, 1, 3.999, 4, 7.5, 8].map((v) => grid.keyOf(v))).toEqual([0, 0, 1, 2, 3, 3, 3]);
    // One mean bin width (2) beyond the range is tail bucket 0, then each bucket 10 % wider.
    expect(grid.keyOf(-0.5)).toBe(-1);
    expect(grid.keyOf(-2)).toBe(-1);
    expect(grid.keyOf(-2.1)).toBe(-2);
    expect(grid.keyOf(9)).toBe(4);
    expect(grid.keyOf(10.1)).toBe(5);
    expect(grid.keyOf(1e9)).toBeGreaterThan(100);
    expect([-1, 0, 3, 4].map((k) => grid.isTail(k))).toEqual([true, false, false, true]);
  });

  it("has bounds that tile the line and contain their values, on both grids", () => {
    const rng = seededRandom(1);
    for (const g of [grid, numericGrid({ kind: "log" })]) {
      for (let k = -300; k < 300; k++) expect(g.bounds(k)[1]).toBe(g.bounds(k + 1)[0]);
      for (let i = 0; i < 2000; i++) {
        const v = rng.normal(0, 1) * 10 ** Math.floor(rng.uniform() * 8 - 3);
        const [lo, hi] = g.bounds(g.keyOf(v));
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
    }
  });

  it("keeps a bin of positive width for a one-point reference", () => {
    const constant = numericGrid({ kind: "edges", edges: [3, 3] });
    expect(constant.keyOf(3)).toBe(0);
    expect(constant.keyOf(2.9)).toBeLessThan(0);
    expect(constant.keyOf(3.1)).toBeGreaterThan(0);
  });
});

describe("production profiles", () => {
  const manifest = manifestSchema.parse(monitoredFraudManifest(fraudRecords(seededRandom(2), 3000)));
  const plan = buildMonitoringPlan(manifest);
  const rng = seededRandom(3);
  const start = Date.UTC(2026, 10, 1);
  const rows: LoggedRow[] = fraudRecords(rng, 5000).map((features, i) => {
    const fraud = fraudScore(features);
    return {
      createdAtMs: start + i * 2000,
      features,
      output: { label: fraud >= 0.5 ? "fraud" : "legit", probabilities: { legit: 1 - fraud, fraud } },
    };
  });

  it("merge exactly: hourly profiles merged equal the profile of all rows, in any grouping", () => {
    const whole = new ProfileBuilder(plan);
    rows.forEach((r) => {
      whole.add(r);
    });
    const byRun = [0, 1700, 3900, 5000].slice(1).map((end, i, ends) => {
      const b = new ProfileBuilder(plan);
      rows.slice(i === 0 ? 0 : ends[i - 1], end).forEach((r) => {
        b.add(r);
      });
      return b.deltas();
    });
    const allAtOnce = mergeBySegment(whole.deltas()).get("")!;
    const pieced = mergeAll(
      byRun
        .flat()
        .filter((d) => d.segment === "")
        .map((d) => d.profile),
    );
    expect(pieced.rows).toBe(5000);
    expect(pieced.rows).toBe(allAtOnce.rows);
    const a = allAtOnce.features.amount as NumericColumnState;
    const b = pieced.features.amount as NumericColumnState;
    expect(b.buckets).toEqual(a.buckets);
    expect(b.count).toBe(a.count);
    expect(b.mean).toBeCloseTo(a.mean, 9);
    expect(b.m2 / b.count).toBeCloseTo(a.m2 / a.count, 6);
    const raw = profileNumeric(rows.map((r) => (r.features as { amount: number }).amount));
    expect(b.mean).toBeCloseTo(raw.mean, 9);
    expect(Math.sqrt(b.m2 / b.count)).toBeCloseTo(raw.std, 6);
    expect([b.min, b.max]).toEqual([raw.min, raw.max]);
    expect(pieced.features.country).toEqual(allAtOnce.features.country);
    expect(pieced.outputs.class).toEqual(allAtOnce.outputs.class);
  });

  it("profile each segment value of a segment column apart, and every row once overall", () => {
    const builder = new ProfileBuilder(plan);
    rows.forEach((r) => {
      builder.add(r);
    });
    const merged = mergeBySegment(builder.deltas());
    expect([...merged.keys()].sort()).toEqual(["", "country=DE", "country=FR", "country=US"]);
    const segmentRows = ["country=DE", "country=FR", "country=US"].reduce((s, k) => s + merged.get(k)!.rows, 0);
    expect(segmentRows).toBe(merged.get("")!.rows);
    expect(Object.keys((merged.get("country=FR")!.features.country as { frequencies: object }).frequencies)).toEqual(["FR"]);
  });

  it("count missing values, declared-range violations and unseen categories", () => {
    const builder = new ProfileBuilder(plan);
    builder.add({ createdAtMs: start, features: { amount: -1, country: "US", is_new: null }, output: {} });
    builder.add({ createdAtMs: start, features: { amount: 20000, country: "IT", is_new: true }, output: {} });
    builder.add({ createdAtMs: start, features: { amount: null, country: "", is_new: false }, output: {} });
    const overall = mergeBySegment(builder.deltas()).get("")!;
    expect(overall.features.amount).toMatchObject({ count: 2, missing: 1, outOfRange: 2 });
    expect(overall.features.country).toMatchObject({ count: 2, missing: 1, unseen: 1, unseenExamples: { IT: 1 } });
    expect(overall.features.is_new).toMatchObject({ count: 2, missing: 1, frequencies: { true: 1, false: 1 } });
    expect(overall.outputs.score).toMatchObject({ count: 0, missing: 3 });
  });
});
