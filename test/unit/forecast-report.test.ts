// report.html says plainly whether the chosen model beats seasonal naive, and the manifest records
// the forecast's shape, metrics and lineage.
import { describe, expect, it } from "vitest";
import { buildForecastManifest } from "@/lib/training/forecast/forecast-manifest";
import { renderForecastReportHtml } from "@/lib/training/forecast/forecast-report-html";
import type { ForecastReport } from "@/lib/training/forecast/forecast-report-types";

const metrics = (mase: number) => ({ mae: mase * 2, rmse: mase * 3, mase, perStep: [{ mae: mase * 2, rmse: mase * 3, mase }] });

function report(cnnMase: number): ForecastReport {
  const split = { observations: 10, windows: 9, from: "2000-01-01", to: "2000-10-01" };
  return {
    task: "forecast",
    target: "y",
    timeColumn: "t",
    metric: "mase",
    deployThreshold: 1,
    data: { file: "/d/y.csv", sha256: "a".repeat(64), observations: 30, gaps: 0 },
    frequency: "1mo",
    period: 12,
    periodSource: "frequency",
    lookback: 24,
    horizon: 1,
    maseScale: 0.5,
    split: { train: split, validation: split, test: split },
    candidates: [
      { name: "seasonal_naive", description: "seasonal naive, period 12", validation: metrics(0.9), test: metrics(0.8) },
      { name: "cnn", description: "1D CNN <b>", validation: metrics(0.7), test: metrics(cnnMase) },
    ],
    selected: "cnn",
    beatsSeasonalNaive: cnnMase < 0.8,
    verdict: { passed: true, message: "DEPLOY: test mase of cnn is within the threshold 1." },
    ledger: { splitId: "0123456789abcdef", file: "/d/.ledger", evaluations: 1, reused: false },
    parity: { rows: 9, maxAbsDifference: 1e-6, maxScaledDifference: 1e-7, tolerance: 1e-4, passed: true },
    testForecast: {
      times: [0, 1],
      actual: [1, 2],
      firstStep: [1.1, 2.1],
      lastStepTimes: [0, 1],
      lastStepActual: [1, 2],
      lastStep: [1.1, 2.1],
    },
    seed: 42,
    startedAt: "2026-12-04T00:00:00.000Z",
    toolVersion: "tidemark@0.0.0",
  };
}

describe("forecast report and manifest", () => {
  it("says plainly when the models do not beat seasonal naive", () => {
    const html = renderForecastReportHtml(report(0.95));
    expect(html).toContain("The models do NOT beat seasonal naive on the test period");
    expect(html).toContain("MASE 0.9500, seasonal naive 0.8000");
    expect(html).toContain("1D CNN &lt;b&gt;");
    expect(renderForecastReportHtml(report(0.5))).toContain("The selected model (cnn) beats seasonal naive");
  });

  it("records task, shape, frequency, metrics and lineage in the manifest", () => {
    const manifest = buildForecastManifest(report(0.5));
    expect(manifest).toMatchObject({
      task: "forecast",
      lookback: 24,
      horizon: 1,
      frequency: "1mo",
      seasonalPeriod: 12,
      io: { input: { name: "y", shape: [null, 24] }, output: { name: "forecast", shape: [null, 1] } },
      evaluation: {
        selected: "cnn",
        test: { mase: 0.5 },
        baselines: { seasonal_naive: { mase: 0.8 } },
        beatsSeasonalNaive: true,
      },
      lineage: { seed: 42, testSplitId: "0123456789abcdef", dataSha256: "a".repeat(64) },
    });
  });
});
