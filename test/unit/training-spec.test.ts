import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTrainArgs } from "@/jobs/cli/train-command";
import { CliError } from "@/jobs/cli/cli-error";
import { specForRecord } from "@/lib/training/train-spec";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-spec-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const complete = ["--data", "d.csv", "--target", "y", "--task", "binary", "--metric", "auc", "--deploy-threshold", "0.8", "--out", "run"];

function refusal(args: string[]): CliError {
  try {
    parseTrainArgs(args);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("tidemark train: the problem definition comes first", () => {
  it.each([
    ["--task", "task: is required (--task binary|multiclass|regression)"],
    ["--target", "target: is required (--target COL)"],
    ["--metric", "metric: is required (--metric auc|f1|macro_f1|accuracy|mae|rmse)"],
    ["--deploy-threshold", "deployThreshold: is required (--deploy-threshold X)"],
  ])("refuses to start without %s, exit code 2", (flag, message) => {
    const at = complete.indexOf(flag);
    const error = refusal([...complete.slice(0, at), ...complete.slice(at + 2)]);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });

  it.each([
    ["binary", "rmse", "metric: rmse does not fit a binary task; use one of auc, f1, accuracy"],
    ["regression", "auc", "metric: auc does not fit a regression task; use one of mae, rmse"],
    ["multiclass", "f1", "metric: f1 does not fit a multiclass task; use one of auc, macro_f1, accuracy"],
  ])("refuses a %s task with metric %s", (task, metric, message) => {
    const args = [...complete];
    args[args.indexOf("--task") + 1] = task;
    args[args.indexOf("--metric") + 1] = metric;
    const error = refusal(args);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });

  it("names bad numbers, lone costs and conflicting split options", () => {
    expect(refusal([...complete, "--seed", "abc"]).message).toContain('--seed must be a number, got "abc"');
    expect(refusal([...complete, "--cost-fp", "1"]).message).toContain("costFn: --cost-fp and --cost-fn go together");
    expect(refusal([...complete, "--time-column", "t", "--split-column", "s"]).message).toContain("give --time-column or --split-column, not both");
    expect(refusal([...complete, "--hidden", "32,16"]).message).toContain("hidden layers have 64–256 units");
    expect(refusal([...complete, "--features", "a,y"]).message).toContain('the target "y" cannot be a feature');
    expect(refusal([...complete, "--register"]).message).toContain("name: is required with --register");
  });

  it("reads a spec file, lets flags override it, and never records the API key", () => {
    const file = path.join(dir, "spec.json");
    fs.writeFileSync(file, JSON.stringify({ data: "d.csv", target: "y", task: "multiclass", metric: "macro_f1", deployThreshold: 0.7, out: "run", mlp: { hiddenLayers: [64, 64, 64] }, columnTypes: { zip: "categorical" } }));
    const spec = parseTrainArgs(["--spec", file, "--seed", "9", "--epochs", "5", "--register", "--name", "m", "--server", "http://127.0.0.1:1", "--key", "secret"]);
    expect(spec).toMatchObject({ task: "multiclass", seed: 9, columnTypes: { zip: "categorical" }, mlp: { hiddenLayers: [64, 64, 64], maxEpochs: 5, batchSize: 64, patience: 8 } });
    expect(JSON.stringify(specForRecord(spec))).not.toContain("secret");
    fs.writeFileSync(file, JSON.stringify({ task: "binary", mystery: 1 }));
    expect(refusal(["--spec", file]).message).toMatch(/Unrecognized key.*mystery/);
  });
});
