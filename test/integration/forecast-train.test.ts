// One forecast run end to end on vega-datasets' monthly CO2 series (trend + yearly season): the
// learners must beat seasonal naive on the test period, the split must be chronological, and the
// exported ONNX model must reproduce the in-process forecasts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { runForecast } from "@/lib/training/forecast/run-forecast";
import { forecastSpecSchema } from "@/lib/training/train-spec";

const CO2 = path.resolve("node_modules/vega-datasets/data/co2-concentration.csv");

describe("tidemark train --task forecast on co2-concentration", () => {
  it("beats seasonal naive, splits by time, and exports a model ONNX Runtime reproduces", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forecast-co2-"));
    const spec = forecastSpecSchema.parse({
      task: "forecast",
      data: CO2,
      target: "CO2",
      timeColumn: "Date",
      frequency: "1mo",
      horizon: 6,
      metric: "mase",
      deployThreshold: 1,
      out: path.join(dir, "run"),
      ledger: path.join(dir, "ledger.json"),
      gbdt: { rounds: 150 },
      cnn: { maxEpochs: 40, patience: 10 },
    });
    const { report, manifest } = await runForecast(spec);
    const mase = Object.fromEntries(report.candidates.map((c) => [c.name, c.test.mase]));

    expect(report.period).toBe(12);
    expect(Math.min(mase.gbdt, mase.cnn)).toBeLessThan(mase.seasonal_naive);
    expect(report.beatsSeasonalNaive).toBe(true);

    // Chronological: each split's last time is before the next split's first.
    expect(report.split.train.to < report.split.validation.from).toBe(true);
    expect(report.split.validation.to < report.split.test.from).toBe(true);

    // The ONNX file on disk, fed raw windows rebuilt from the CSV, equals the report's test forecasts.
    const rows = fs
      .readFileSync(CO2, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => Number(l.split(",")[1]));
    const L = manifest.lookback;
    const H = manifest.horizon;
    const n = report.testForecast.times.length;
    const firstTarget = rows.length - n - H + 1;
    const X = new Float32Array(n * L);
    for (let r = 0; r < n; r++) for (let j = 0; j < L; j++) X[r * L + j] = rows[firstTarget + r - L + j];
    const session = await ort.InferenceSession.create(fs.readFileSync(path.join(spec.out, "model.onnx")));
    const out = (await session.run({ CO2: new ort.Tensor("float32", X, [n, L]) })).forecast;
    expect(out.dims).toEqual([n, H]);
    const data = out.data as Float32Array;
    for (let r = 0; r < n; r++) {
      expect(Math.abs(data[r * H] - report.testForecast.firstStep[r])).toBeLessThanOrEqual(1e-4);
      expect(report.testForecast.actual[r]).toBe(rows[firstTarget + r]);
      expect(report.testForecast.lastStepActual[r]).toBe(rows[firstTarget + r + H - 1]);
      expect(Math.abs(data[r * H + H - 1] - report.testForecast.lastStep[r])).toBeLessThanOrEqual(1e-4);
    }
    expect(report.parity.passed).toBe(true);
    // MASE's scale comes from the training observations alone (the first 70%), computed here by hand.
    const trainRows = rows.slice(0, Math.floor(rows.length * 0.7));
    let sum = 0;
    for (let i = 12; i < trainRows.length; i++) sum += Math.abs(trainRows[i] - trainRows[i - 12]);
    expect(report.maseScale).toBeCloseTo(sum / (trainRows.length - 12), 10);
    expect(report.split.train.observations).toBe(trainRows.length);
    expect(manifest.task).toBe("forecast");
    expect(fs.readFileSync(path.join(spec.out, "report.html"), "utf8")).toContain("beats seasonal naive on the test period");

    // Another horizon looks at the same test period: the ledger refuses it before any fitting.
    await expect(runForecast({ ...spec, horizon: 3, out: path.join(dir, "again") })).rejects.toThrow(
      /has already been evaluated 1 time/,
    );
  });
});
