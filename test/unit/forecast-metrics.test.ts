// MAE, RMSE and MASE against numpy's values (test/fixtures/forecast/make_mase_fixture.py), and the
// MASE scale against a hand computation.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { forecastMetrics, maseScale } from "@/lib/training/forecast/forecast-metrics";

const fixture = JSON.parse(fs.readFileSync(path.resolve("test/fixtures/forecast/mase.json"), "utf8")) as {
  period: number;
  train: number[];
  horizon: number;
  actual: number[];
  predicted: number[];
  scale: number;
  mae: number;
  rmse: number;
  mase: number;
  perStep: { mae: number; rmse: number; mase: number }[];
};

describe("forecast metrics", () => {
  it("match numpy overall and per horizon step", () => {
    const scale = maseScale(fixture.train, fixture.period);
    expect(scale).toBeCloseTo(fixture.scale, 12);
    const m = forecastMetrics(fixture.actual, fixture.predicted, fixture.horizon, scale);
    expect(m.mae).toBeCloseTo(fixture.mae, 12);
    expect(m.rmse).toBeCloseTo(fixture.rmse, 12);
    expect(m.mase).toBeCloseTo(fixture.mase, 12);
    expect(m.perStep).toHaveLength(fixture.horizon);
    m.perStep.forEach((s, h) => {
      expect(s.mae).toBeCloseTo(fixture.perStep[h].mae, 12);
      expect(s.rmse).toBeCloseTo(fixture.perStep[h].rmse, 12);
      expect(s.mase).toBeCloseTo(fixture.perStep[h].mase, 12);
    });
  });

  it("scales MASE by the in-sample seasonal naive error (hand computation)", () => {
    // period 2 on [1, 4, 2, 7, 3]: |2−1| + |7−4| + |3−2| = 5 over 3 terms.
    expect(maseScale([1, 4, 2, 7, 3], 2)).toBeCloseTo(5 / 3, 15);
    // period 1 is the naive (random-walk) scale: |3| + |2| + |5| + |4| over 4.
    expect(maseScale([1, 4, 2, 7, 3], 1)).toBeCloseTo(14 / 4, 15);
    expect(forecastMetrics([2, 4], [1, 6], 1, 5 / 3).mase).toBeCloseTo(1.5 / (5 / 3), 15);
  });

  it("gives NaN MASE when the training series never changes at the seasonal lag", () => {
    expect(Number.isNaN(forecastMetrics([1], [2], 1, maseScale([5, 5, 5, 5], 2)).mase)).toBe(true);
  });
});
