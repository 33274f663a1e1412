// `tidemark train --task forecast`'s flags: the forecast spec's defaults, the CNN taking the
// MLP's training flags, and the refusals that name the field.
import { describe, expect, it } from "vitest";
import { collectTrainInput } from "@/cli/train-command";
import { forecastSpecFrom } from "@/cli/train-forecast-command";

const base = ["--task", "forecast", "--data", "co2.csv", "--target", "CO2", "--time-column", "Date", "--metric", "mase"];
const complete = [...base, "--deploy-threshold", "1", "--out", "runs/co2"];

describe("forecast spec from flags", () => {
  it("applies the defaults and maps the training flags onto the CNN", () => {
    const spec = forecastSpecFrom(collectTrainInput([...complete, "--horizon", "12", "--frequency", "1mo", "--epochs", "30"]));
    expect(spec).toMatchObject({ task: "forecast", horizon: 12, frequency: "1mo", models: ["gbdt", "cnn"], register: false });
    expect(spec.lookback).toBeUndefined();
    expect(spec.cnn).toMatchObject({ maxEpochs: 30, patience: 15 });
  });

  it("names every problem: missing threshold, MLP-only options, registration", () => {
    let message = "";
    try {
      forecastSpecFrom(collectTrainInput([...base, "--out", "x", "--hidden", "64,64", "--register", "--name", "co2"]));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/deployThreshold: is required/);
    expect(message).toMatch(/hiddenLayers: is an MLP option/);
    expect(message).toMatch(/register: forecast models cannot be registered yet/);
  });

  it("refuses a metric that does not fit forecasting and a zero horizon", () => {
    expect(() =>
      forecastSpecFrom(collectTrainInput([...complete.slice(0, 8), "--metric", "auc", ...complete.slice(10), "--horizon", "0"])),
    ).toThrow(/metric[\s\S]*horizon: is at least 1 step/);
  });
});
