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
    learningRate: z.number().positive().default(1e-3),
    maxEpochs: z.number().int().positive().default(200),
    patience: z.number().int().positive().default(8),
  })
  .strict();
export type MlpOptions = z.infer<typeof mlpOptionsSchema>;

const name = z.string().min(1);

export const trainSpecSchema = z
  .object({
    data: z.string({ error: "is required (--data FILE)" }).min(1),
    target: z.string({ error: "is required (--target COL)" }).min(1),
    task: z.enum(TRAIN_TASKS, { error: "is required (--task binary|multiclass|regression)" }),
    metric: z.enum(TRAIN_METRICS, { error: `is required (--metric ${TRAIN_METRICS.join("|")})` }),
    deployThreshold: z.number({ error: "is required (--deploy-threshold X): the value of the metric a model must reach to be deployed" }).finite(),
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
    register: z.boolean().default(false),
    name: z.string().min(1).optional(),
    server: z.string().url().optional(),
    key: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const allowed = METRICS_FOR_TASK[spec.task];
    if (!allowed.includes(spec.metric)) {
      ctx.addIssue({ code: "custom", path: ["metric"], message: `${spec.metric} does not fit a ${spec.task} task; use one of ${allowed.join(", ")}` });
    }
    if (spec.timeColumn && spec.splitColumn) ctx.addIssue({ code: "custom", path: ["splitColumn"], message: "give --time-column or --split-column, not both" });
    if (spec.features && spec.exclude) ctx.addIssue({ code: "custom", path: ["exclude"], message: "give --features or --exclude, not both" });
    if ((spec.costFp === undefined) !== (spec.costFn === undefined)) {
      ctx.addIssue({ code: "custom", path: ["costFn"], message: "--cost-fp and --cost-fn go together" });
    }
    if (spec.costFp !== undefined && spec.task !== "binary") ctx.addIssue({ code: "custom", path: ["costFp"], message: "costs apply to binary tasks only" });
    if (spec.positiveClass !== undefined && spec.task !== "binary") ctx.addIssue({ code: "custom", path: ["positiveClass"], message: "applies to binary tasks only" });
    if (spec.features?.includes(spec.target)) ctx.addIssue({ code: "custom", path: ["features"], message: `the target "${spec.target}" cannot be a feature` });
    if (spec.register && !spec.name) ctx.addIssue({ code: "custom", path: ["name"], message: "is required with --register" });
    if (Boolean(spec.server) !== Boolean(spec.key)) ctx.addIssue({ code: "custom", path: ["server"], message: "--server and --key go together" });
    const bounded = spec.metric !== "mae" && spec.metric !== "rmse";
    if (bounded && (spec.deployThreshold < 0 || spec.deployThreshold > 1)) {
      ctx.addIssue({ code: "custom", path: ["deployThreshold"], message: `${spec.metric} lies in [0, 1]; got ${spec.deployThreshold}` });
    }
    if (!bounded && spec.deployThreshold < 0) ctx.addIssue({ code: "custom", path: ["deployThreshold"], message: `${spec.metric} is never negative` });
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
