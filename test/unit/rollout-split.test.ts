import { describe, expect, it } from "vitest";
import { bucketOf, challengerAnswers } from "@/lib/serving/rollout-split";

// Bounds from scipy.stats (1.10): binom.ppf(1e-6, 10000, p) and binom.isf(1e-6, 10000, p) — a
// fair split of 10 000 ids falls outside them once in a million; chi2.isf(1e-6, 99) = 180.79 for
// the spread over the 100 buckets.
const BINOMIAL_BOUNDS: [percent: number, low: number, high: number][] = [
  [1, 56, 151],
  [10, 860, 1145],
  [50, 4762, 5238],
];
const CHI2_99_1E6 = 180.79;

const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const salt = "0190a3c4-5b6d-7e8f-9012-3456789abcde";

describe("rollout split", () => {
  it.each(BINOMIAL_BOUNDS)("a %i%% canary takes a binomially plausible share of 10k hashed ids", (percent, low, high) => {
    const policy = { mode: "canary" as const, percent, salt };
    const taken = ids.filter((id) => challengerAnswers(policy, id, () => 0)).length;
    expect(taken).toBeGreaterThanOrEqual(low);
    expect(taken).toBeLessThanOrEqual(high);
  });

  it("spreads sequential ids evenly over the 100 buckets (chi-square)", () => {
    const counts = new Array(100).fill(0);
    for (const id of ids) counts[bucketOf(salt, id)]++;
    const expected = ids.length / 100;
    const statistic = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(statistic).toBeLessThan(CHI2_99_1E6);
  });

  it("is sticky per id and independent of the random source when an id is given", () => {
    const policy = { mode: "canary" as const, percent: 30, salt };
    for (const id of ids.slice(0, 500)) {
      const first = challengerAnswers(policy, id, () => 0);
      expect(challengerAnswers(policy, id, () => 0.999)).toBe(first);
      expect(challengerAnswers({ ...policy, mode: "ab" }, id)).toBe(first);
    }
  });

  it("re-deals ids for another challenger (salt)", () => {
    const a = ids.map((id) => bucketOf("challenger-a", id) < 50);
    const b = ids.map((id) => bucketOf("challenger-b", id) < 50);
    const same = a.filter((x, i) => x === b[i]).length;
    // Independent halves agree on about half the ids: binom(10000, 0.5) bounds above.
    expect(same).toBeGreaterThanOrEqual(4762);
    expect(same).toBeLessThanOrEqual(5238);
  });

  it("without an id: canary draws at random, A/B keeps the champion, shadow never answers", () => {
    const canary = { mode: "canary" as const, percent: 10, salt };
    expect(challengerAnswers(canary, undefined, () => 0.05)).toBe(true);
    expect(challengerAnswers(canary, undefined, () => 0.1)).toBe(false);
    expect(challengerAnswers({ ...canary, mode: "ab" }, undefined, () => 0)).toBe(false);
    expect(challengerAnswers({ mode: "shadow", percent: null, salt }, "user-1", () => 0)).toBe(false);
  });
});
