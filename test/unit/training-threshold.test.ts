import { describe, expect, it } from "vitest";
import { chooseThreshold } from "@/lib/training/evaluation/choose-threshold";
import { expectedCost, f1OptimalThreshold } from "@/lib/metrics";
import { createRandom } from "@/lib/training/random";

describe("operating threshold chosen on validation", () => {
  const random = createRandom(11);
  const y = Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
  const scores = y.map((v) => Math.min(0.999, Math.max(0.001, 0.35 * v + 0.65 * random())));

  it("minimises expected cost when costs are declared (checked against every distinct score)", () => {
    const choice = chooseThreshold(y, scores, { costFp: 1, costFn: 10 });
    let best = Infinity;
    for (const t of new Set(scores))
      best = Math.min(best, expectedCost(y, scores, { threshold: t, costFalsePositive: 1, costFalseNegative: 10 }));
    expect(choice.rule).toBe("min_expected_cost");
    expect(choice.value).toBeCloseTo(best, 12);
    // A miss costing 10× a false alarm pushes the threshold below the F1-optimal one.
    expect(choice.threshold).toBeLessThan(chooseThreshold(y, scores).threshold);
  });

  it("maximises F1 without costs", () => {
    const choice = chooseThreshold(y, scores);
    expect(choice).toMatchObject({ rule: "max_f1", threshold: f1OptimalThreshold(y, scores).threshold });
  });

  it("keeps the threshold strictly inside (0, 1), as the manifest requires", () => {
    const t = chooseThreshold([0, 1, 1], [0, 1, 1]).threshold;
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
  });
});
