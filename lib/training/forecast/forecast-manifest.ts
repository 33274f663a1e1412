// manifest.json of a forecast run. Its own schema for now: the registry's manifest describes
// tabular models served one record per prediction, and a forecaster reads a window of past values.
// Registration refuses task "forecast" until serving can run it (the next slice of issue 19).

import { z } from "zod";
import type { ForecastReport } from "./forecast-report-types";

const metrics = z.object({ mae: z.number(), rmse: z.number(), mase: z.number().nullable() });

export const forecastManifestSchema = z.object({
  schemaVersion: z.literal(1),
  task: z.literal("forecast"),
  target: z.string().min(1),
  timeColumn: z.string().min(1),
  frequency: z.string().nullable(),
  seasonalPeriod: z.number().int().positive(),
  lookback: z.number().int().positive(),
  horizon: z.number().int().positive(),
  io: z.object({
    input: z.object({ name: z.string(), dtype: z.literal("float32"), shape: z.tuple([z.null(), z.number().int()]) }),
    output: z.object({ name: z.literal("forecast"), dtype: z.literal("float32"), shape: z.tuple([z.null(), z.number().int()]) }),
  }),
  evaluation: z.object({
    primaryMetric: z.enum(["mae", "rmse", "mase"]),
    deployThreshold: z.number(),
    passed: z.boolean(),
    selected: z.string(),
    validation: metrics,
    test: metrics.extend({ perStep: z.array(metrics) }),
    baselines: z.record(z.string(), metrics),
    beatsSeasonalNaive: z.boolean(),
  }),
  lineage: z.object({
    dataSha256: z.string(),
    rows: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    seed: z.number().int(),
    toolVersion: z.string(),
    trainedAt: z.string(),
    testSplitId: z.string(),
  }),
});
export type ForecastManifest = z.infer<typeof forecastManifestSchema>;

const trio = (m: { mae: number; rmse: number; mase: number }) => ({
  mae: m.mae,
  rmse: m.rmse,
  mase: Number.isFinite(m.mase) ? m.mase : null,
});

export function buildForecastManifest(report: ForecastReport): ForecastManifest {
  const selected = report.candidates.find((c) => c.name === report.selected)!;
  const baselines = Object.fromEntries(
    report.candidates.filter((c) => c.name === "last_value" || c.name === "seasonal_naive").map((c) => [c.name, trio(c.test)]),
  );
  return forecastManifestSchema.parse({
    schemaVersion: 1,
    task: "forecast",
    target: report.target,
    timeColumn: report.timeColumn,
    frequency: report.frequency,
    seasonalPeriod: report.period,
    lookback: report.lookback,
    horizon: report.horizon,
    io: {
      input: { name: report.target, dtype: "float32", shape: [null, report.lookback] },
      output: { name: "forecast", dtype: "float32", shape: [null, report.horizon] },
    },
    evaluation: {
      primaryMetric: report.metric,
      deployThreshold: report.deployThreshold,
      passed: report.verdict.passed,
      selected: report.selected,
      validation: trio(selected.validation),
      test: { ...trio(selected.test), perStep: selected.test.perStep.map(trio) },
      baselines,
      beatsSeasonalNaive: report.beatsSeasonalNaive,
    },
    lineage: {
      dataSha256: report.data.sha256,
      rows: { train: report.split.train.windows, validation: report.split.validation.windows, test: report.split.test.windows },
      seed: report.seed,
      toolVersion: report.toolVersion,
      trainedAt: report.startedAt,
      testSplitId: report.ledger.splitId,
    },
  });
}
