// `tidemark train --task forecast`: the flags collected by train-command.ts, validated as a forecast
// spec (the MLP's epoch, patience, batch and learning-rate flags drive the CNN), run, and summarised.
import path from "node:path";
import { FrequencyError } from "@/lib/training/forecast/frequency";
import { SeriesError } from "@/lib/training/forecast/load-series";
import { runForecast } from "@/lib/training/forecast/run-forecast";
import { WindowError } from "@/lib/training/forecast/windows";
import { DataFileError } from "@/lib/training/data/load-table";
import { ParityError } from "@/lib/training/pipeline/training-errors";
import { LedgerError } from "@/lib/training/test-set-ledger";
import { type ForecastSpec, parseForecastSpec } from "@/lib/training/train-spec";
import { CliError } from "./cli-error";
import { usageError } from "./command-spec";
import { TRAIN_COMMAND } from "./train-options";

const CNN_FLAGS = new Set(["maxEpochs", "patience", "batchSize", "learningRate"]);

export function forecastSpecFrom(input: Record<string, unknown>): ForecastSpec {
  const { mlp, ...rest } = input as { mlp?: Record<string, unknown> } & Record<string, unknown>;
  const cnn: Record<string, unknown> = { ...((rest.cnn as Record<string, unknown> | undefined) ?? {}) };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(mlp ?? {})) {
    if (CNN_FLAGS.has(key)) cnn[key] = value;
    else problems.push(`  - ${key}: is an MLP option; forecasting trains a CNN (epochs, patience, batch size, learning rate)`);
  }
  if (Object.keys(cnn).length > 0) rest.cnn = cnn;
  const parsed = parseForecastSpec(rest);
  if (!parsed.success) problems.push(parsed.problems);
  if (problems.length > 0 || !parsed.success)
    throw usageError(TRAIN_COMMAND, `The forecast spec is incomplete or invalid:\n${problems.join("\n")}`);
  return parsed.spec;
}

export async function runForecastCommand(input: Record<string, unknown>): Promise<void> {
  const spec = forecastSpecFrom(input);
  let outcome: Awaited<ReturnType<typeof runForecast>>;
  try {
    outcome = await runForecast(spec, (message) => console.log(message));
  } catch (error) {
    const known = [DataFileError, SeriesError, FrequencyError, WindowError, LedgerError];
    if (known.some((kind) => error instanceof kind)) throw new CliError((error as Error).message, 1);
    if (error instanceof ParityError) throw new CliError(`PARITY CHECK FAILED: ${error.message}`, 1);
    throw error;
  }
  const { report } = outcome;
  console.log(
    `\nSeries: ${report.data.observations} observations, period ${report.period} (${report.periodSource}), lookback ${report.lookback}, horizon ${report.horizon}`,
  );
  console.log("\nModels (validation → test MAE / RMSE / MASE):");
  for (const c of report.candidates) {
    const m = (x: { mae: number; rmse: number; mase: number }) =>
      `${x.mae.toFixed(4)} / ${x.rmse.toFixed(4)} / ${x.mase.toFixed(3)}`;
    console.log(
      `  ${c.name === report.selected ? "*" : " "} ${c.name.padEnd(15)} ${m(c.validation)} → ${m(c.test)}  ${c.description}`,
    );
  }
  console.log(
    report.beatsSeasonalNaive
      ? `\n${report.selected} beats seasonal naive on the test period.`
      : "\nThe models do NOT beat seasonal naive on the test period.",
  );
  console.log(report.verdict.message);
  console.log(
    `Parity: ONNX Runtime matches the in-process model within ${report.parity.maxAbsDifference.toExponential(2)} on ${report.parity.rows} test windows.`,
  );
  console.log(`Run folder: ${path.resolve(outcome.outDir)} (model.onnx, manifest.json, report.html, report.json)`);
}
