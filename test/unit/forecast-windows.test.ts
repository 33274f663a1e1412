// The chronological split and the windows: no target of one split sits in another, a window's
// lookback only reads the past, windows are consecutive, and nothing is shuffled.
import { describe, expect, it } from "vitest";
import { buildWindows, splitSeries, WindowError } from "@/lib/training/forecast/windows";

const series = Float64Array.from({ length: 200 }, (_, i) => i);

describe("chronological split and windows", () => {
  it("keeps every target inside its split and every input in the past", () => {
    const L = 12;
    const H = 5;
    const split = splitSeries(series.length, L, H);
    expect(split.train).toEqual({ start: 0, end: 140 });
    expect(split.validation).toEqual({ start: 140, end: 170 });
    expect(split.test).toEqual({ start: 170, end: 200 });
    for (const name of ["train", "validation", "test"] as const) {
      const range = split[name];
      const w = buildWindows(series, range, L, H);
      expect(w.rows).toBeGreaterThan(0);
      for (let r = 0; r < w.rows; r++) {
        const t = w.origins[r];
        // the series value equals its index, so values are positions in time
        for (let h = 0; h < H; h++) {
          const target = w.Y[r * H + h];
          expect(target).toBeGreaterThanOrEqual(range.start);
          expect(target).toBeLessThan(range.end);
          expect(target).toBe(t + 1 + h);
        }
        for (let j = 0; j < L; j++) {
          expect(w.X[r * L + j]).toBe(t - L + 1 + j);
          expect(w.X[r * L + j]).toBeGreaterThanOrEqual(0);
          expect(w.X[r * L + j]).toBeLessThanOrEqual(t);
        }
        if (r > 0) expect(t).toBe(w.origins[r - 1] + 1);
      }
      // Every window that fits is built: the first forecasts the split's first observation (or the first full lookback), the last ends at its end.
      expect(w.Y[0]).toBe(Math.max(range.start, L));
      expect(w.Y[(w.rows - 1) * H + H - 1]).toBe(range.end - 1);
    }
    // The first validation window's lookback reads the end of train (the past), allowed.
    const validation = buildWindows(series, split.validation, L, H);
    expect(validation.X[0]).toBe(split.validation.start - L);
  });

  it("refuses splits too short for the lookback or the horizon", () => {
    expect(() => splitSeries(40, 24, 6)).toThrow(WindowError);
    expect(() => splitSeries(40, 24, 6)).toThrow(/training part .* too short/);
    expect(() => splitSeries(100, 8, 20)).toThrow(/validation part \(15 observations\) is shorter than --horizon 20/);
  });
});
