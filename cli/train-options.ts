// `tidemark train`'s options: one table for parsing, errors and --help. The defaults are the
// training spec's (lib/training/train-spec.ts), applied there so that --spec FILE can set them too.
import type { CommandSpec } from "./command-spec";

export const TRAIN_COMMAND = {
  name: "train",
  summary:
    "Train, evaluate and export a model: success criteria, data audit, leak-free split, baselines, trees and an MLP, one test.",
  usage: [
    "train --data FILE --target COL --task T --metric M --deploy-threshold X --out DIR [options]",
    "train --spec spec.json [options that override the spec]",
  ],
  options: {
    spec: {
      type: "string",
      value: "FILE",
      description: "the options below as a JSON object (camelCase keys); flags override it",
    },
    data: { type: "string", value: "FILE", description: "the training data, CSV or JSON lines; required" },
    target: { type: "string", value: "COL", description: "the column to predict; required" },
    task: { type: "string", value: "T", description: "binary, multiclass, regression or forecast; required" },
    metric: {
      type: "string",
      value: "M",
      description:
        "the primary metric, declared before training: auc, f1, macro_f1, accuracy, mae, rmse (or mase for forecast); required",
    },
    "deploy-threshold": { type: "string", value: "X", description: "the test value of --metric needed to deploy; required" },
    out: {
      type: "string",
      value: "DIR",
      description: "the run folder (model.onnx, manifest.json, report.html, audit.json); required",
    },
    "cost-fp": {
      type: "string",
      value: "A",
      description: "cost of a false positive; with --cost-fn sets the operating threshold (binary)",
    },
    "cost-fn": { type: "string", value: "B", description: "cost of a false negative (binary)" },
    "positive-class": {
      type: "string",
      value: "LABEL",
      description: "the positive label (binary; default: the second label in sorted order)",
    },
    "time-column": { type: "string", value: "COL", description: "split by time: train on the past, test on the latest rows" },
    horizon: { type: "string", value: "H", description: "forecast: steps ahead to predict (direct multi-output)", default: "1" },
    lookback: {
      type: "string",
      value: "L",
      description: "forecast: past observations the model reads",
      default: "2 seasons, ≥ 2H, ≥ 8",
    },
    frequency: {
      type: "string",
      value: "1h|1d|1mo…",
      description: "forecast: the series' spacing, which sets the seasonal period (default: detected on train)",
    },
    "split-column": { type: "string", value: "COL", description: "a column holding train/validation/test for each row" },
    features: { type: "string", value: "a,b,c", description: "the only columns to use as inputs (default: all but the target)" },
    exclude: { type: "string", value: "d,e", description: "columns to leave out (identifiers, leaks)" },
    types: {
      type: "string",
      value: "col=type,…",
      description: "override inferred types: numeric, categorical, boolean or datetime",
    },
    seed: { type: "string", value: "N", description: "the random seed of the split and the models", default: "42" },
    "label-check": { type: "string", value: "FILE", description: "a relabelled sample to measure label noise against" },
    force: { type: "boolean", description: "train although the label check found too much noise" },
    "production-sample": {
      type: "string",
      value: "FILE",
      description: "recent production rows, to check the training data resembles them",
    },
    models: {
      type: "string",
      value: "LIST",
      description: "candidates among majority, linear, gbdt, mlp (forecast: gbdt, cnn)",
      default: "all",
    },
    hidden: { type: "string", value: "128,64", description: "MLP hidden layer sizes (64–256 each)", default: "128,64" },
    dropout: { type: "string", value: "P", description: "MLP dropout, 0–0.5", default: "0.2" },
    "batch-norm": { type: "boolean", description: "MLP batch normalisation" },
    "batch-size": { type: "string", value: "N", description: "MLP batch size, 32–128", default: "64" },
    "learning-rate": {
      type: "string",
      value: "X",
      description: "MLP learning rate (default: 0.001, or the range test's with --lr-find)",
    },
    "lr-find": { type: "boolean", description: "choose the MLP learning rate from a range test" },
    epochs: { type: "string", value: "N", description: "MLP (forecast: CNN) maximum epochs", default: "200" },
    patience: {
      type: "string",
      value: "N",
      description: "MLP (forecast: CNN) early-stopping patience in epochs",
      default: "8 (CNN 15)",
    },
    "gbdt-rounds": { type: "string", value: "N", description: "boosting rounds, 1–5000", default: "500" },
    "gbdt-depth": { type: "string", value: "N", description: "tree depth, 1–16", default: "6" },
    "gbdt-leaves": { type: "string", value: "N", description: "leaves per tree, 0 = no limit", default: "0" },
    "gbdt-learning-rate": { type: "string", value: "X", description: "boosting learning rate", default: "0.1" },
    "gbdt-l2": { type: "string", value: "X", description: "L2 regularisation of leaf values", default: "1" },
    "gbdt-min-child-weight": { type: "string", value: "X", description: "minimum hessian sum in a leaf", default: "1" },
    "gbdt-early-stopping": {
      type: "string",
      value: "N",
      description: "stop after N rounds without validation gain",
      default: "20",
    },
    search: { type: "string", value: "N", description: "random-search trials per family (MLP, trees); 0 = none", default: "0" },
    "reuse-test-set": { type: "boolean", description: "evaluate on a test set already used (its metrics become optimistic)" },
    ledger: {
      type: "string",
      value: "FILE",
      description: "the test-set ledger (default: .tidemark-test-ledger.json beside the data file)",
    },
    register: { type: "boolean", description: "register the exported model (with --name)" },
    name: { type: "string", value: "NAME", description: "the model's name in the registry (with --register)" },
    server: { type: "string", value: "URL", description: "register on this server instead of the local database (with --key)" },
    key: { type: "string", value: "KEY", description: "an admin API key of that server" },
  },
  examples: [
    "tidemark train --data churn.csv --target churned --task binary --metric auc --deploy-threshold 0.8 --time-column signup_date --exclude customer_id --out runs/churn",
    "tidemark train --task forecast --data co2.csv --time-column Date --target CO2 --frequency 1mo --horizon 12 --metric mase --deploy-threshold 1 --out runs/co2",
    "tidemark train --spec spec.json --register --name churn --server https://tidemark.example.com --key $ADMIN_KEY",
  ],
  commandAppliesDefaults: true,
} as const satisfies CommandSpec;
