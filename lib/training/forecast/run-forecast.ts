import "server-only";
// `tidemark train --task forecast` end to end: series → chronological split and windows →
// baselines and learners fitted on train, selected on validation → one test evaluation (counted
// in the test-set ledger) → the selected model to ONNX, parity checked → manifest and report in
// the run folder.

import fs from "node:fs";
import path from "node:path";
import { ParityError } from "../pipeline/training-errors";
import { ledgerPathFor, priorEvaluations, recordEvaluation, reuseRefusal, splitIdOf, LedgerError } from "../test-set-ledger";
import { toolVersion } from "../tool-version";
import type { ForecastSpec } from "../train-spec";
import { checkForecastParity, type ForecastParity } from "./forecast-parity";
import { buildForecastManifest, type ForecastManifest } from "./forecast-manifest";
import { forecastMetrics, maseScale } from "./forecast-metrics";
import { renderForecastReportHtml } from "./forecast-report-html";
import type { ForecastCandidate, ForecastReport } from "./forecast-report-types";
import { fitForecasters, selectForecaster } from "./fit-forecasters";
import { type PreparedForecast, prepareForecast } from "./prepare-forecast";

export interface ForecastOutcome {
  report: ForecastReport;
  manifest: ForecastManifest;
  onnx: Uint8Array;
  outDir: string;
}

function standardDeviation(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  return Math.sqrt(sq / values.length);
}

export async function runForecast(spec: ForecastSpec, stage: (message: string) => void = () => {}): Promise<ForecastOutcome> {
  const startedAt = new Date().toISOString();
  fs.mkdirSync(spec.out, { recursive: true });
  const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(spec.out, name), content);
  write("spec.json", `${JSON.stringify(spec, null, 2)}\n`);

  stage("Loading the series…");
  const prepared = await prepareForecast(spec);
  const { series, split, windows, shape, period } = prepared;
  const trainValues = series.values.subarray(split.train.start, split.train.end);
  const scale = maseScale(trainValues, period);

  // The test period depends only on the series' length: another horizon or lookback looks at the
  // same observations again, so neither belongs in the split's identity.
  const identity = {
    dataSha256: series.sha256,
    target: spec.target,
    task: "forecast",
    method: "chronological" as const,
    column: spec.timeColumn,
  };
  const splitId = splitIdOf(identity);
  const ledgerFile = ledgerPathFor(spec.data, spec.ledger);
  const prior = priorEvaluations(ledgerFile, splitId);
  if (prior.length > 0 && !spec.reuseTestSet) throw new LedgerError(reuseRefusal(ledgerFile, splitId, prior));

  const scored = await fitForecasters(spec, prepared, scale, stage);
  const chosen = selectForecaster(scored, spec.metric);
  stage(`Selected ${chosen.model.name} on validation; evaluating on the test set once…`);
  const t = windows.test;
  const testPredictions = new Map(scored.map((s) => [s.model.name, s.model.predict(t.X, t.rows)]));
  const candidates = scored.map((s) => ({
    name: s.model.name,
    description: s.model.description,
    validation: s.validation,
    test: forecastMetrics(t.Y, testPredictions.get(s.model.name)!, shape.horizon, scale),
    history: s.model.history,
  }));
  const selected = candidates.find((c) => c.name === chosen.model.name)!;
  const evaluations = recordEvaluation({
    file: ledgerFile,
    splitId,
    identity,
    dataFile: spec.data,
    entry: {
      evaluatedAt: new Date().toISOString(),
      runDir: path.resolve(spec.out),
      model: selected.name,
      metric: spec.metric,
      value: selected.test[spec.metric],
      reused: prior.length > 0,
    },
  });

  stage("Exporting to ONNX and checking parity…");
  const onnx = chosen.model.toOnnx(spec.target);
  const expected = testPredictions.get(chosen.model.name)!;
  const parity = await checkForecastParity({
    onnx,
    inputName: spec.target,
    windows: t,
    expected,
    seriesScale: standardDeviation(trainValues),
  });
  if (!parity.passed)
    throw new ParityError(
      `ONNX Runtime differs from the in-process ${chosen.model.name} by ${parity.maxScaledDifference.toExponential(2)} series standard deviations (tolerance ${parity.tolerance})`,
    );

  const report = buildReport({
    spec,
    prepared,
    scale,
    candidates,
    selectedName: selected.name,
    startedAt,
    parity,
    expected,
    ledger: { splitId, file: ledgerFile, evaluations: evaluations.length, reused: prior.length > 0 },
  });
  const manifest = buildForecastManifest(report);
  write("model.onnx", onnx);
  write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  write("report.json", `${JSON.stringify(report, null, 2)}\n`);
  write("report.html", renderForecastReportHtml(report));
  return { report, manifest, onnx, outDir: spec.out };
}

function buildReport(o: {
  spec: ForecastSpec;
  prepared: PreparedForecast;
  scale: number;
  candidates: ForecastCandidate[];
  selectedName: ForecastCandidate["name"];
  startedAt: string;
  parity: ForecastParity;
  expected: Float32Array;
  ledger: ForecastReport["ledger"];
}): ForecastReport {
  const { spec, prepared, scale, candidates, startedAt, parity, expected } = o;
  const { series, split, windows, shape, period } = prepared;
  const t = windows.test;
  const selected = candidates.find((c) => c.name === o.selectedName)!;
  const naive = candidates.find((c) => c.name === "seasonal_naive")!;
  const value = selected.test[spec.metric];
  const passed = value <= spec.deployThreshold;
  const iso = (i: number) => new Date(series.times[i]).toISOString().slice(0, 10);
  const splitInfo = (s: "train" | "validation" | "test") => ({
    observations: split[s].end - split[s].start,
    windows: windows[s].rows,
    from: iso(split[s].start),
    to: iso(split[s].end - 1),
  });
  const H = shape.horizon;
  return {
    task: "forecast",
    target: spec.target,
    timeColumn: spec.timeColumn,
    metric: spec.metric,
    deployThreshold: spec.deployThreshold,
    data: { file: path.resolve(spec.data), sha256: series.sha256, observations: series.values.length, gaps: series.gaps },
    frequency: prepared.frequency?.label ?? null,
    period,
    periodSource: prepared.periodSource,
    lookback: shape.lookback,
    horizon: H,
    maseScale: scale,
    split: { train: splitInfo("train"), validation: splitInfo("validation"), test: splitInfo("test") },
    candidates,
    selected: selected.name,
    beatsSeasonalNaive: selected.test.mase < naive.test.mase,
    verdict: {
      passed,
      message: `${passed ? "DEPLOY" : "DO NOT DEPLOY"}: test ${spec.metric} of ${selected.name} is ${value.toPrecision(4)}, ${passed ? "within" : "above"} the threshold ${spec.deployThreshold}.`,
    },
    ledger: o.ledger,
    parity,
    testForecast: {
      times: Array.from(t.origins, (o) => series.times[o + 1]),
      actual: Array.from({ length: t.rows }, (_, r) => t.Y[r * H]),
      firstStep: Array.from({ length: t.rows }, (_, r) => expected[r * H]),
      lastStepTimes: Array.from(t.origins, (origin) => series.times[origin + H]),
      lastStepActual: Array.from({ length: t.rows }, (_, r) => t.Y[r * H + H - 1]),
      lastStep: Array.from({ length: t.rows }, (_, r) => expected[r * H + H - 1]),
    },
    seed: spec.seed,
    startedAt,
    toolVersion: toolVersion(),
  };
}
