// `tidemark train`: reads the problem definition (flags and/or --spec FILE), validates it before any
// data is read, runs lib/training's pipeline, prints the audit summary and verdict, and registers the
// exported model when asked.
import fs from "node:fs";
import path from "node:path";
import { parseTrainSpec, type TrainSpec } from "@/lib/training/train-spec";
import { ParityError, runTraining, type TrainingOutcome, TrainingRefused } from "@/lib/training/pipeline/run-training";
import { DataFileError } from "@/lib/training/data/load-table";
import { TargetError } from "@/lib/training/data/prepare-target";
import { SplitError } from "@/lib/training/data/split-rows";
import { FeatureSelectionError } from "@/lib/training/audit/select-features";
import { LedgerError } from "@/lib/training/test-set-ledger";
import { CliError } from "./cli-error";
import { parseOptions, printHelpIfAsked, usageError } from "./command-spec";
import { TRAIN_COMMAND } from "./train-options";
import { printRegistration, registerModel } from "./register-model";
import { runForecastCommand } from "./train-forecast-command";
import { createTrainProgress } from "./train-progress";

/** The flags and --spec file merged into one plain object, before either spec schema reads it. */
export function collectTrainInput(args: string[]): Record<string, unknown> {
  const { values } = parseOptions(TRAIN_COMMAND, args);
  const base: Record<string, unknown> = values.spec ? readSpecFile(values.spec) : {};
  const mlp: Record<string, unknown> = { ...((base.mlp as Record<string, unknown> | undefined) ?? {}) };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) base[key] = value;
  };
  const setMlp = (key: string, value: unknown) => {
    if (value !== undefined) mlp[key] = value;
  };
  const gbdt: Record<string, unknown> = { ...((base.gbdt as Record<string, unknown> | undefined) ?? {}) };
  const setGbdt = (key: string, value: unknown) => {
    if (value !== undefined) gbdt[key] = value;
  };
  set("data", values.data);
  set("target", values.target);
  set("task", values.task);
  set("metric", values.metric);
  set("deployThreshold", num(values["deploy-threshold"], "--deploy-threshold"));
  set("costFp", num(values["cost-fp"], "--cost-fp"));
  set("costFn", num(values["cost-fn"], "--cost-fn"));
  set("positiveClass", values["positive-class"]);
  set("timeColumn", values["time-column"]);
  set("splitColumn", values["split-column"]);
  set("features", list(values.features));
  set("exclude", list(values.exclude));
  set("columnTypes", values.types === undefined ? undefined : types(values.types));
  set("seed", num(values.seed, "--seed"));
  set("out", values.out);
  set("labelCheck", values["label-check"]);
  set("force", values.force);
  set("productionSample", values["production-sample"]);
  set("register", values.register);
  set("name", values.name);
  set("server", values.server);
  set("key", values.key);
  setMlp(
    "hiddenLayers",
    list(values.hidden)?.map((v) => num(v, "--hidden")),
  );
  setMlp("dropout", num(values.dropout, "--dropout"));
  setMlp("batchNorm", values["batch-norm"]);
  setMlp("batchSize", num(values["batch-size"], "--batch-size"));
  setMlp("learningRate", num(values["learning-rate"], "--learning-rate"));
  setMlp("maxEpochs", num(values.epochs, "--epochs"));
  setMlp("patience", num(values.patience, "--patience"));
  if (Object.keys(mlp).length > 0) base.mlp = mlp;
  set("models", list(values.models));
  set("lrFind", values["lr-find"]);
  set("search", num(values.search, "--search"));
  set("reuseTestSet", values["reuse-test-set"]);
  set("ledger", values.ledger);
  setGbdt("rounds", num(values["gbdt-rounds"], "--gbdt-rounds"));
  setGbdt("maxDepth", num(values["gbdt-depth"], "--gbdt-depth"));
  setGbdt("maxLeaves", num(values["gbdt-leaves"], "--gbdt-leaves"));
  setGbdt("learningRate", num(values["gbdt-learning-rate"], "--gbdt-learning-rate"));
  setGbdt("l2", num(values["gbdt-l2"], "--gbdt-l2"));
  setGbdt("minChildWeight", num(values["gbdt-min-child-weight"], "--gbdt-min-child-weight"));
  setGbdt("earlyStoppingRounds", num(values["gbdt-early-stopping"], "--gbdt-early-stopping"));
  if (Object.keys(gbdt).length > 0) base.gbdt = gbdt;
  set("horizon", num(values.horizon, "--horizon"));
  set("lookback", num(values.lookback, "--lookback"));
  set("frequency", values.frequency);
  return base;
}

export function parseTrainArgs(args: string[]): TrainSpec {
  const spec = parseTrainSpec(collectTrainInput(args));
  if (!spec.success) throw usageError(TRAIN_COMMAND, `The training spec is incomplete or invalid:\n${spec.problems}`);
  return spec.spec;
}

export async function runTrainCommand(args: string[]): Promise<void> {
  if (printHelpIfAsked(TRAIN_COMMAND, args)) return;
  const input = collectTrainInput(args);
  if (input.task === "forecast") return runForecastCommand(input);
  const parsed = parseTrainSpec(input);
  if (!parsed.success) throw usageError(TRAIN_COMMAND, `The training spec is incomplete or invalid:\n${parsed.problems}`);
  const spec = parsed.spec;
  // Binary F1/accuracy per epoch are at threshold 0.5; the operating threshold is chosen after training.
  const progress = createTrainProgress(spec.task === "binary" && spec.metric !== "auc" ? `${spec.metric}@0.5` : spec.metric);
  let outcome: TrainingOutcome;
  try {
    outcome = await runTraining(spec, progress.onEvent);
  } catch (error) {
    progress.done();
    if (
      error instanceof TrainingRefused ||
      error instanceof LedgerError ||
      error instanceof TargetError ||
      error instanceof SplitError ||
      error instanceof FeatureSelectionError ||
      error instanceof DataFileError
    ) {
      throw new CliError(error.message, 1);
    }
    if (error instanceof ParityError) throw new CliError(`PARITY CHECK FAILED: ${error.message}`, 1);
    throw error;
  }
  progress.done();
  const { report } = outcome;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.audit.findings) counts[f.severity]++;
  console.log(
    `\nColumns: ${report.data.columns.map((c) => `${c.name} (${c.type}${c.missing ? `, ${(c.missingFraction * 100).toFixed(1)}% missing` : ""})`).join(", ")}`,
  );
  console.log(`\nAudit: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes (audit.json)`);
  for (const f of report.audit.findings.filter((x) => x.severity !== "info"))
    console.log(`  ${f.severity === "error" ? "✖" : "!"} ${f.message}`);
  for (const f of report.audit.findings.filter((x) => x.severity === "info" && x.check === "class_weights"))
    console.log(`  · ${f.message}`);
  console.log(`\nModels (validation → test ${report.verdict.metric}):`);
  for (const c of report.candidates) {
    console.log(
      `  ${c.name === report.selection.selected ? "*" : " "} ${c.name.padEnd(9)} ${c.validationPrimary.toFixed(4)} → ${c.testPrimary!.toFixed(4)}  ${c.description}`,
    );
  }
  if (report.lrFind)
    console.log(`\nLearning-rate range test: suggested ${report.lrFind.suggested.toPrecision(3)} (curve in report.html)`);
  if (report.search) console.log(`Random search: ${report.search.trials} trials per family; results in report.html`);
  console.log(`\n${report.selection.message}`);
  console.log(report.verdict.message);
  const ledger = report.test.ledger;
  console.log(
    ledger.reused
      ? `WARNING: this split's test set has now been evaluated ${ledger.evaluations} times (--reuse-test-set); its metrics are optimistic. Ledger: ${ledger.file}`
      : `Test set: evaluated once (split ${ledger.splitId}, ledger ${ledger.file}).`,
  );
  console.log(
    `Parity: ONNX Runtime matches the in-process model within ${report.parity.maxAbsDifference.toExponential(2)} on ${report.parity.rows} test rows.`,
  );
  console.log(`Run folder: ${path.resolve(outcome.outDir)} (${report.artifacts.join(", ")})`);

  if (spec.register) {
    const registration = await registerModel({
      name: spec.name!,
      onnx: outcome.onnx,
      manifest: outcome.manifest,
      server: spec.server,
      key: spec.key,
    });
    fs.writeFileSync(
      path.join(outcome.outDir, "registration.json"),
      `${JSON.stringify({ ...registration, server: spec.server ?? "local" }, null, 2)}\n`,
    );
    printRegistration(registration, spec);
  }
}

function readSpecFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(
      `--spec ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("must hold a JSON object");
    return value as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`--spec ${file} is not a valid spec: ${(error as Error).message}`);
  }
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new CliError(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return n;
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
}

function types(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(value) ?? []) {
    const at = pair.lastIndexOf("=");
    if (at <= 0) throw new CliError(`--types takes col=type pairs, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}
