// The problem definition, written down before any data is read: what is predicted, how success is
// measured, and the bar a model must clear to be deployed. The run refuses to start without it.

import { z } from "zod";
import { COLUMN_TYPES } from "./table";

export const TRAIN_TASKS = ["binary", "multiclass", "regression"] as const;
export const TRAIN_METRICS = ["auc", "f1", "macro_f1", "accuracy", "mae", "rmse"] as const;
export type TrainMetric = (typeof TRAIN_METRICS)[number];
export type TrainTask = (typeof TRAIN_TASKS)[number];

/** Which declared metrics mean something for which task ("f1" is the positive class's, so binary only). */
export const METRICS_FOR_TASK: Readonly<Record<TrainTask, readonly TrainMetric[]>> = {
  binary: ["auc", "f1", "accuracy"],
  multiclass: ["auc", "macro_f1", "accuracy"],
  regression: ["mae", "rmse"],
};

export const mlpOptionsSchema = z
  .object({
    hiddenLayers: z
      .array(z.number().int().min(64, "hidden layers have 64–256 units").max(256, "hidden layers have 64–256 units"))
      .min(2, "the MLP has 2–3 hidden layers")
      .max(3, "the MLP has 2–3 hidden layers")
      .default([128, 64]),
    dropout: z.number().min(0).max(0.5).default(0.2),
    batchNorm: z.boolean().default(false),
    batchSize: z.number().int().min(32, "batch size is 32–128").max(128, "batch size is 32–128").default(64),
    // Absent means "choose for me": the --lr-find suggestion when run, else DEFAULT_MLP_LEARNING_RATE.
    learningRate: z.number().positive().max(1, "a learning rate above 1 diverges").optional(),
    maxEpochs: z.number().int().positive().default(200),
    patience: z.number().int().positive().default(8),
  })
  .strict();
export const DEFAULT_MLP_LEARNING_RATE = 1e-3;
export type MlpSpec = z.infer<typeof mlpOptionsSchema>;
/** The hyperparameters a network is trained with: the spec's, with the learning rate decided. */
export type MlpOptions = Omit<MlpSpec, "learningRate"> & { learningRate: number };

/** The candidate models `tidemark train` can fit; the winner on validation is exported. */
export const MODEL_KINDS = ["majority", "linear", "gbdt", "mlp"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * Gradient-boosted trees in the pipeline. Defaults: XGBoost's depth, learning rate and L2, with
 * enough rounds that early stopping on validation (not the round cap) decides the ensemble's size.
 */
export const gbdtOptionsSchema = z
  .object({
    rounds: z.number().int().min(1, "at least 1 round").max(5000, "at most 5000 rounds").default(500),
    learningRate: z.number().positive().max(1, "a learning rate above 1 overshoots every round").default(0.1),
    maxDepth: z.number().int().min(1, "depth is 1–16").max(16, "depth is 1–16").default(6),
    // 0 = no leaf limit (depth alone bounds the tree); a limit switches to best-leaf-first growth.
    maxLeaves: z.number().int().min(0).max(4096).default(0),
    l2: z.number().nonnegative().finite().default(1),
    minChildWeight: z.number().nonnegative().finite().default(1),
    earlyStoppingRounds: z.number().int().min(1, "at least 1 round").default(20),
  })
  .strict()
  .refine((o) => o.maxLeaves === 0 || o.maxLeaves >= 2, { path: ["maxLeaves"], message: "is 0 (no limit) or at least 2" });
export type GbdtOptions = z.infer<typeof gbdtOptionsSchema>;

const name = z.string().min(1);

export const trainSpecSchema = z
  .object({
    data: z.string({ error: "is required (--data FILE)" }).min(1),
    target: z.string({ error: "is required (--target COL)" }).min(1),
    task: z.enum(TRAIN_TASKS, { error: "is required (--task binary|multiclass|regression)" }),
    metric: z.enum(TRAIN_METRICS, { error: `is required (--metric ${TRAIN_METRICS.join("|")})` }),
    deployThreshold: z
      .number({ error: "is required (--deploy-threshold X): the value of the metric a model must reach to be deployed" })
      .finite(),
    costFp: z.number().nonnegative().optional(),
    costFn: z.number().nonnegative().optional(),
    positiveClass: z.string().min(1).optional(),
    timeColumn: name.optional(),
    splitColumn: name.optional(),
    features: z.array(name).min(1).optional(),
    exclude: z.array(name).optional(),
    columnTypes: z.record(z.string(), z.enum(COLUMN_TYPES)).optional(),
    seed: z.number().int().nonnegative().default(42),
    out: z.string({ error: "is required (--out DIR)" }).min(1),
    labelCheck: z.string().min(1).optional(),
    force: z.boolean().default(false),
    productionSample: z.string().min(1).optional(),
    mlp: mlpOptionsSchema.default(() => mlpOptionsSchema.parse({})),
    models: z
      .array(z.enum(MODEL_KINDS, { error: `is one of ${MODEL_KINDS.join(", ")}` }))
      .min(1, "name at least one model")
      .refine((m) => new Set(m).size === m.length, "names a model twice")
      .default(() => [...MODEL_KINDS]),
    gbdt: gbdtOptionsSchema.default(() => gbdtOptionsSchema.parse({})),
    lrFind: z.boolean().default(false),
    search: z.number().int().min(0).max(500, "at most 500 trials").default(0),
    reuseTestSet: z.boolean().default(false),
    ledger: z.string().min(1).optional(),
    register: z.boolean().default(false),
    name: z.string().min(1).optional(),
    server: z.string().url().optional(),
    key: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const allowed = METRICS_FOR_TASK[spec.task];
    if (!allowed.includes(spec.metric)) {
      ctx.addIssue({
        code: "custom",
        path: ["metric"],
        message: `${spec.metric} does not fit a ${spec.task} task; use one of ${allowed.join(", ")}`,
      });
    }
    if (spec.timeColumn && spec.splitColumn)
      ctx.addIssue({ code: "custom", path: ["splitColumn"], message: "give --time-column or --split-column, not both" });
    if (spec.features && spec.exclude)
      ctx.addIssue({ code: "custom", path: ["exclude"], message: "give --features or --exclude, not both" });
    if ((spec.costFp === undefined) !== (spec.costFn === undefined)) {
      ctx.addIssue({ code: "custom", path: ["costFn"], message: "--cost-fp and --cost-fn go together" });
    }
    if (spec.costFp !== undefined && spec.task !== "binary")
      ctx.addIssue({ code: "custom", path: ["costFp"], message: "costs apply to binary tasks only" });
    if (spec.positiveClass !== undefined && spec.task !== "binary")
      ctx.addIssue({ code: "custom", path: ["positiveClass"], message: "applies to binary tasks only" });
    if (spec.features?.includes(spec.target))
      ctx.addIssue({ code: "custom", path: ["features"], message: `the target "${spec.target}" cannot be a feature` });
    if (spec.register && !spec.name) ctx.addIssue({ code: "custom", path: ["name"], message: "is required with --register" });
    if (Boolean(spec.server) !== Boolean(spec.key))
      ctx.addIssue({ code: "custom", path: ["server"], message: "--server and --key go together" });
    const bounded = spec.metric !== "mae" && spec.metric !== "rmse";
    if (bounded && (spec.deployThreshold < 0 || spec.deployThreshold > 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["deployThreshold"],
        message: `${spec.metric} lies in [0, 1]; got ${spec.deployThreshold}`,
      });
    }
    if (spec.lrFind && !spec.models.includes("mlp"))
      ctx.addIssue({ code: "custom", path: ["lrFind"], message: "tunes the MLP, which --models leaves out" });
    if (spec.search > 0 && !spec.models.includes("mlp") && !spec.models.includes("gbdt")) {
      ctx.addIssue({ code: "custom", path: ["search"], message: "searches the MLP and the trees, and --models leaves out both" });
    }
    if (!bounded && spec.deployThreshold < 0)
      ctx.addIssue({ code: "custom", path: ["deployThreshold"], message: `${spec.metric} is never negative` });
  });

export type TrainSpec = z.infer<typeof trainSpecSchema>;
export type TrainSpecInput = z.input<typeof trainSpecSchema>;

/** Every problem, one per line, naming the field: what a person fixing a spec file needs. */
export function describeSpecIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  - ${issue.path.join(".") || "spec"}: ${issue.message}`).join("\n");
}

export type SpecParseResult = { success: true; spec: TrainSpec } | { success: false; problems: string };

/**
 * Parses a spec and reports every problem at once. zod skips cross-field checks while a field is
 * missing, so a metric that does not fit the task is also checked on its own here: a person told
 * "threshold missing" should not have to come back to learn that the metric was wrong too.
 */
export function parseTrainSpec(input: unknown): SpecParseResult {
  const parsed = trainSpecSchema.safeParse(input);
  if (parsed.success) return { success: true, spec: parsed.data };
  let problems = describeSpecIssues(parsed.error);
  const raw = (input ?? {}) as { task?: unknown; metric?: unknown };
  const task = z.enum(TRAIN_TASKS).safeParse(raw.task);
  const metric = z.enum(TRAIN_METRICS).safeParse(raw.metric);
  const reported = parsed.error.issues.some((i) => i.path[0] === "metric");
  if (task.success && metric.success && !reported && !METRICS_FOR_TASK[task.data].includes(metric.data)) {
    problems += `\n  - metric: ${metric.data} does not fit a ${task.data} task; use one of ${METRICS_FOR_TASK[task.data].join(", ")}`;
  }
  return { success: false, problems };
}

/** What is saved with the run: the spec without the API key, which must never land on disk. */
export function specForRecord(spec: TrainSpec): Omit<TrainSpec, "key"> {
  const { key: _key, ...rest } = spec;
  return rest;
}

/**
 * `--task forecast`: one numeric series ordered by --time-column, forecast --horizon steps ahead from
 * the last --lookback observations. A spec of its own: none of the tabular options (features,
 * costs, MLP, production sample) mean anything for a single series, and serving a forecaster is
 * not built yet, so --register is refused here rather than after training.
 */
export const FORECAST_METRICS = ["mae", "rmse", "mase"] as const;
export const FORECAST_LEARNERS = ["gbdt", "cnn"] as const;

export const forecastSpecSchema = z
  .object({
    task: z.literal("forecast"),
    data: z.string({ error: "is required (--data FILE)" }).min(1),
    target: z.string({ error: "is required (--target COL)" }).min(1),
    timeColumn: z.string({ error: "is required for forecasting (--time-column COL)" }).min(1),
    metric: z.enum(FORECAST_METRICS, { error: `is required (--metric ${FORECAST_METRICS.join("|")})` }),
    deployThreshold: z
      .number({ error: "is required (--deploy-threshold X): the test value of the metric a model must reach" })
      .finite()
      .nonnegative("errors are never negative"),
    horizon: z.number().int().min(1, "is at least 1 step").max(500, "is at most 500 steps").default(1),
    // Absent: twice the seasonal period, at least twice the horizon and at least 8.
    lookback: z.number().int().min(2, "is at least 2 observations").max(2000, "is at most 2000 observations").optional(),
    frequency: z.string().min(1).optional(),
    models: z
      .array(z.enum(FORECAST_LEARNERS, { error: `is one of ${FORECAST_LEARNERS.join(", ")} (the baselines always run)` }))
      .refine((m) => new Set(m).size === m.length, "names a model twice")
      .default(() => [...FORECAST_LEARNERS]),
    gbdt: gbdtOptionsSchema.default(() => gbdtOptionsSchema.parse({})),
    cnn: z
      .object({
        maxEpochs: z.number().int().positive().default(200),
        patience: z.number().int().positive().default(15),
        batchSize: z.number().int().min(1).max(1024).default(32),
        learningRate: z.number().positive().max(1, "a learning rate above 1 diverges").default(3e-3),
      })
      .strict()
      .default({ maxEpochs: 200, patience: 15, batchSize: 32, learningRate: 3e-3 }),
    seed: z.number().int().nonnegative().default(42),
    out: z.string({ error: "is required (--out DIR)" }).min(1),
    reuseTestSet: z.boolean().default(false),
    ledger: z.string().min(1).optional(),
    register: z
      .literal(false, { error: "forecast models cannot be registered yet: serving a window of past values is not built" })
      .default(false),
  })
  .strict();

export type ForecastSpec = z.infer<typeof forecastSpecSchema>;

export type ForecastSpecParseResult = { success: true; spec: ForecastSpec } | { success: false; problems: string };

export function parseForecastSpec(input: unknown): ForecastSpecParseResult {
  const parsed = forecastSpecSchema.safeParse(input);
  return parsed.success ? { success: true, spec: parsed.data } : { success: false, problems: describeSpecIssues(parsed.error) };
}
