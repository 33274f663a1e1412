import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTrainArgs } from "@/cli/train-command";
import { CliError } from "@/cli/cli-error";
import { specForRecord } from "@/lib/training/train-spec";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-spec-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const complete = [
  "--data",
  "d.csv",
  "--target",
  "y",
  "--task",
  "binary",
  "--metric",
  "auc",
  "--deploy-threshold",
  "0.8",
  "--out",
  "run",
];

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
    expect(refusal([...complete, "--time-column", "t", "--split-column", "s"]).message).toContain(
      "give --time-column or --split-column, not both",
    );
    expect(refusal([...complete, "--hidden", "32,16"]).message).toContain("hidden layers have 64–256 units");
    expect(refusal([...complete, "--features", "a,y"]).message).toContain('the target "y" cannot be a feature');
    expect(refusal([...complete, "--register"]).message).toContain("name: is required with --register");
  });

  it("parses the model, tree, tuning and ledger flags, and names what is wrong with them", () => {
    const spec = parseTrainArgs([
      ...complete,
      "--models",
      "gbdt,mlp",
      "--gbdt-rounds",
      "300",
      "--gbdt-depth",
      "4",
      "--gbdt-leaves",
      "31",
      "--gbdt-learning-rate",
      "0.05",
      "--gbdt-l2",
      "2",
      "--gbdt-min-child-weight",
      "3",
      "--gbdt-early-stopping",
      "15",
      "--lr-find",
      "--search",
      "5",
      "--reuse-test-set",
      "--ledger",
      "l.json",
    ]);
    expect(spec.models).toEqual(["gbdt", "mlp"]);
    expect(spec.gbdt).toEqual({
      rounds: 300,
      maxDepth: 4,
      maxLeaves: 31,
      learningRate: 0.05,
      l2: 2,
      minChildWeight: 3,
      earlyStoppingRounds: 15,
    });
    expect(spec).toMatchObject({ lrFind: true, search: 5, reuseTestSet: true, ledger: "l.json" });
    expect(spec.mlp.learningRate).toBeUndefined();
    const defaults = parseTrainArgs(complete);
    expect(defaults).toMatchObject({
      models: ["majority", "linear", "gbdt", "mlp"],
      lrFind: false,
      search: 0,
      reuseTestSet: false,
    });
    expect(defaults.gbdt).toEqual({
      rounds: 500,
      maxDepth: 6,
      maxLeaves: 0,
      learningRate: 0.1,
      l2: 1,
      minChildWeight: 1,
      earlyStoppingRounds: 20,
    });

    expect(refusal([...complete, "--models", "mlp,forest"]).message).toContain("models.1: is one of majority, linear, gbdt, mlp");
    expect(refusal([...complete, "--models", "mlp,mlp"]).message).toContain("models: names a model twice");
    expect(refusal([...complete, "--models", "linear", "--lr-find"]).message).toContain(
      "lrFind: tunes the MLP, which --models leaves out",
    );
    expect(refusal([...complete, "--models", "linear", "--search", "3"]).message).toContain(
      "search: searches the MLP and the trees, and --models leaves out both",
    );
    expect(refusal([...complete, "--gbdt-leaves", "1"]).message).toContain("gbdt.maxLeaves: is 0 (no limit) or at least 2");
    expect(refusal([...complete, "--gbdt-depth", "40"]).message).toContain("gbdt.maxDepth: depth is 1–16");
    expect(refusal([...complete, "--search", "x"]).message).toContain('--search must be a number, got "x"');
  });

  it("reads a spec file, lets flags override it, and never records the API key", () => {
    const file = path.join(dir, "spec.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        data: "d.csv",
        target: "y",
        task: "multiclass",
        metric: "macro_f1",
        deployThreshold: 0.7,
        out: "run",
        mlp: { hiddenLayers: [64, 64, 64] },
        columnTypes: { zip: "categorical" },
      }),
    );
    const spec = parseTrainArgs([
      "--spec",
      file,
      "--seed",
      "9",
      "--epochs",
      "5",
      "--register",
      "--name",
      "m",
      "--server",
      "http://127.0.0.1:1",
      "--key",
      "secret",
    ]);
    expect(spec).toMatchObject({
      task: "multiclass",
      seed: 9,
      columnTypes: { zip: "categorical" },
      mlp: { hiddenLayers: [64, 64, 64], maxEpochs: 5, batchSize: 64, patience: 8 },
    });
    expect(JSON.stringify(specForRecord(spec))).not.toContain("secret");
    fs.writeFileSync(file, JSON.stringify({ task: "binary", mystery: 1 }));
    expect(refusal(["--spec", file]).message).toMatch(/Unrecognized key.*mystery/);
  });
});
