import { z } from "zod";

// The manifest travels with every model version: what the model expects, what it returns, how it
// was judged before training, and the training data's profile that monitoring compares against.

export const taskSchema = z.enum(["binary", "multiclass", "regression"]);
export type Task = z.infer<typeof taskSchema>;

export const primaryMetricSchema = z.enum(["auc", "f1", "macro_f1", "accuracy", "mae", "rmse"]);

const featureName = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must start with a letter or _ and use letters, digits, _ . -");

// The column as it is named in the user's data ("Beak Length (mm)"), when `name` had to be made
// ONNX-safe: predict accepts records keyed by it, and user-facing answers name the feature by it.
const columnName = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[^\p{Cc}]+$/u, "must be printable text (no control characters)")
  .refine((s) => s.trim() === s, "must not start or end with whitespace");

const numericFeature = z.object({
  name: featureName,
  column: columnName.optional(),
  type: z.literal("numeric"),
  nullable: z.boolean().default(false),
  range: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
  description: z.string().optional(),
});
const booleanFeature = z.object({
  name: featureName,
  column: columnName.optional(),
  type: z.literal("boolean"),
  nullable: z.boolean().default(false),
  description: z.string().optional(),
});
const categoricalFeature = z.object({
  name: featureName,
  column: columnName.optional(),
  type: z.literal("categorical"),
  nullable: z.boolean().default(false),
  categories: z.array(z.string()).min(1, "must list at least one category"),
  unseenCategory: z.enum(["reject", "map_to_unknown"]).default("reject"),
  description: z.string().optional(),
});
export const featureSchema = z.discriminatedUnion("type", [numericFeature, booleanFeature, categoricalFeature], {
  error: "type must be one of numeric, categorical, boolean",
});
export type Feature = z.infer<typeof featureSchema>;

const numericProfile = z.object({
  kind: z.literal("numeric"),
  count: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number().nonnegative(),
  binEdges: z.array(z.number()).min(2),
  binCounts: z.array(z.number().nonnegative()),
  quantiles: z.record(z.string(), z.number()).optional(),
});
const categoricalProfile = z.object({
  kind: z.literal("categorical"),
  count: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  frequencies: z.record(z.string(), z.number().nonnegative()),
});
export const columnProfileSchema = z
  .discriminatedUnion("kind", [numericProfile, categoricalProfile])
  .refine((p) => p.kind !== "numeric" || p.binCounts.length === p.binEdges.length - 1, {
    message: "binCounts must have one entry fewer than binEdges",
  });

const referenceSegmentSchema = z.object({
  rows: z.number().int().nonnegative(),
  features: z.record(z.string(), columnProfileSchema),
  outputs: z
    .object({
      class: columnProfileSchema.optional(),
      score: columnProfileSchema.optional(),
      value: columnProfileSchema.optional(),
    })
    .optional(),
});

// How an ONNX file as its exporter wrote it is fed and read (absent: Tidemark's own layout, one
// float32/string [N,1] input per feature named like it, output `probabilities` or `value`).
export const ioDtypeSchema = z.enum(["float32", "float64", "int64", "string"]);
export type IoDtype = z.infer<typeof ioDtypeSchema>;
export const outputKindSchema = z.enum(["probabilities", "logits", "value"]);
export type OutputKind = z.infer<typeof outputKindSchema>;
const tensorName = z.string().min(1, "must not be empty").max(256, "must be at most 256 characters");
export const modelIoSchema = z.object({
  inputs: z.discriminatedUnion(
    "layout",
    [
      // One [N,1] input per feature (skl2onnx with a ColumnTransformer, Tidemark's own).
      z.object({
        layout: z.literal("per_feature"),
        bindings: z.array(z.object({ feature: z.string().min(1), input: tensorName, dtype: ioDtypeSchema })).min(1),
      }),
      // One [N,F] float tensor whose columns are these features in this order (PyTorch, tf2onnx, skl2onnx).
      z.object({
        layout: z.literal("matrix"),
        input: tensorName,
        dtype: z.enum(["float32", "float64"]),
        features: z.array(z.string().min(1)).min(1),
      }),
    ],
    { error: "layout must be per_feature or matrix" },
  ),
  output: z.object({
    name: tensorName,
    // logits get a softmax ([N,K]) or a sigmoid ([N,1] binary); a [N,1] binary probability is read as p(positive).
    kind: outputKindSchema,
    // A predicted-label output beside the scores: not used for scoring.
    label: tensorName.optional(),
  }),
});
export type ModelIo = z.infer<typeof modelIoSchema>;

const metricsRecord = z.record(z.string(), z.number());

const curvePoints = z
  .array(z.object({ x: z.number().finite(), y: z.number().finite() }))
  .max(1000, "must have at most 1000 points");

export const evaluationChartsSchema = z.object({
  model: z.string().min(1),
  roc: curvePoints.optional(),
  pr: curvePoints.optional(),
  calibration: z
    .array(z.object({ meanPredicted: z.number(), fractionPositive: z.number(), count: z.number().int().nonnegative() }))
    .max(100)
    .optional(),
  confusion: z
    .object({
      labels: z.array(z.string()).min(1).max(100),
      matrix: z.array(z.array(z.number().int().nonnegative())).max(100),
      threshold: z.number().optional(),
    })
    .refine((c) => c.matrix.length === c.labels.length && c.matrix.every((row) => row.length === c.labels.length), {
      message: "matrix must be labels × labels",
    })
    .optional(),
  loss: z
    .array(z.object({ step: z.number().int(), train: z.number(), validation: z.number().nullable() }))
    .max(1000)
    .optional(),
  lossUnit: z.enum(["epoch", "round"]).optional(),
  residuals: z
    .object({ edges: z.array(z.number()).max(201), counts: z.array(z.number().int().nonnegative()).max(200) })
    .optional(),
  audit: z
    .array(z.object({ severity: z.string(), check: z.string(), message: z.string() }))
    .max(200)
    .default([]),
});

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(1, { error: "schemaVersion must be 1" }),
    task: taskSchema,
    description: z.string().optional(),
    features: z.array(featureSchema).min(1, "must declare at least one input feature"),
    outputs: z.object({
      classes: z.array(z.string().min(1)).optional(),
      threshold: z.number().gt(0, "must be above 0").lt(1, "must be below 1").optional(),
      valueName: z.string().min(1).optional(),
    }),
    referenceProfile: z
      .object({
        rows: z.number().int().nonnegative(),
        features: z.record(z.string(), columnProfileSchema),
        prediction: columnProfileSchema.optional(),
        // Named model outputs, for output drift: the predicted class, the score (positive-class
        // probability for binary, top probability for multiclass) or the regression value.
        outputs: z
          .object({
            class: columnProfileSchema.optional(),
            score: columnProfileSchema.optional(),
            value: columnProfileSchema.optional(),
          })
          .optional(),
        // Per segment ("column=value", e.g. "country=FR"): the training data of that segment, so
        // segment drift compares like with like.
        segments: z.record(z.string(), referenceSegmentSchema).optional(),
      })
      .optional(),
    // Relative importance per feature (any non-negative scale): weights the dataset-level drift score.
    featureImportance: z.record(z.string(), z.number().nonnegative("must not be negative").finite()).optional(),
    // Categorical or boolean features whose values split monitoring into segments (e.g. country).
    segments: z.array(z.string()).max(5, "must name at most 5 segment columns").optional(),
    evaluation: z.object({
      successCriteria: z.object({
        primaryMetric: primaryMetricSchema,
        deployThreshold: z.number().finite(),
        costFalsePositive: z.number().nonnegative().optional(),
        costFalseNegative: z.number().nonnegative().optional(),
      }),
      test: metricsRecord,
      validation: metricsRecord.optional(),
      baselines: z.array(z.object({ name: z.string().min(1), metrics: metricsRecord })).default([]),
      // How often the test set behind `test` has been evaluated (tidemark train's test-set ledger):
      // more than once means choices were made after seeing it, and `test` is optimistic.
      testSetLedger: z
        .object({
          splitId: z.string().min(1),
          evaluations: z.number().int().min(1, "counts this evaluation, so is at least 1"),
          reused: z.boolean(),
          history: z
            .array(
              z.object({
                evaluatedAt: z.string(),
                model: z.string(),
                metric: z.string(),
                value: z.number().nullable(),
                reused: z.boolean(),
              }),
            )
            .default([]),
        })
        .optional(),
      // What the dashboard draws for this version's training evaluation (written by tidemark train;
      // lib/training/evaluation/evaluation-charts.ts): test-set curves and confusion, loss curves, audit findings.
      charts: evaluationChartsSchema.optional(),
    }),
    lineage: z
      .object({
        dataSha256: z.string().optional(),
        rows: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }).partial().optional(),
        seed: z.number().int().optional(),
        hyperparameters: z.record(z.string(), z.unknown()).optional(),
        toolVersion: z.string().optional(),
        trainedAt: z.string().optional(),
        // The uploaded file's hash when registration rewrote it (skl2onnx's ZipMap removed).
        originalSha256: z.string().optional(),
      })
      .default({}),
    // Whether predicted probabilities can be read as probabilities; when not, a histogram
    // calibrator fitted on validation data lets monitoring estimate performance before labels.
    calibration: z
      .object({
        calibrated: z.boolean(),
        bins: z
          .array(
            z.object({
              lower: z.number(),
              upper: z.number(),
              count: z.number().nonnegative(),
              fractionPositive: z.number().min(0).max(1).nullable(),
            }),
          )
          .optional(),
      })
      .optional(),
    io: modelIoSchema.optional(),
    sla: z
      .object({
        p99LatencyMs: z.number().positive(),
        minThroughputRps: z.number().nonnegative().optional(),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    m.features.forEach((f, i) => {
      if (names.has(f.name))
        ctx.addIssue({ code: "custom", path: ["features", i, "name"], message: `duplicate feature "${f.name}"` });
      names.add(f.name);
    });
    // A record key must name one feature only: a column may not be another feature's name or column.
    const owner = new Map<string, number>();
    for (const [i, f] of m.features.entries()) owner.set(f.name, i);
    m.features.forEach((f, i) => {
      if (f.column === undefined || f.column === f.name) return;
      const other = owner.get(f.column);
      if (other !== undefined && other !== i) {
        const o = m.features[other];
        ctx.addIssue({
          code: "custom",
          path: ["features", i, "column"],
          message: `column "${f.column}" of feature "${f.name}" clashes with feature "${o.name}"${o.column ? ` (column "${o.column}")` : ""}: a record key must name one feature`,
        });
      } else owner.set(f.column, i);
    });
    for (const name of Object.keys(m.featureImportance ?? {})) {
      if (!names.has(name))
        ctx.addIssue({ code: "custom", path: ["featureImportance", name], message: `names no feature "${name}"` });
    }
    (m.segments ?? []).forEach((name, i) => {
      const feature = m.features.find((f) => f.name === name);
      if (!feature) ctx.addIssue({ code: "custom", path: ["segments", i], message: `names no feature "${name}"` });
      else if (feature.type === "numeric")
        ctx.addIssue({
          code: "custom",
          path: ["segments", i],
          message: `"${name}" is numeric; segments must be categorical or boolean features`,
        });
    });
    const classes = m.outputs.classes;
    if (m.task === "regression") {
      if (!m.outputs.valueName)
        ctx.addIssue({ code: "custom", path: ["outputs", "valueName"], message: "is required for regression" });
    } else if (!classes) {
      ctx.addIssue({ code: "custom", path: ["outputs", "classes"], message: `is required for ${m.task} models` });
    } else {
      if (m.task === "binary" && classes.length !== 2)
        ctx.addIssue({
          code: "custom",
          path: ["outputs", "classes"],
          message: "must list exactly 2 classes (negative, positive)",
        });
      if (m.task === "multiclass" && classes.length < 3)
        ctx.addIssue({
          code: "custom",
          path: ["outputs", "classes"],
          message: "must list at least 3 classes (use binary for 2)",
        });
      if (new Set(classes).size !== classes.length)
        ctx.addIssue({ code: "custom", path: ["outputs", "classes"], message: "must not repeat a class" });
    }
    if (m.task === "binary" && m.outputs.threshold === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["outputs", "threshold"],
        message: "is required for binary models (the operating threshold)",
      });
    if (m.io) checkIoAgainstFeatures(m.io, m.features, m.task, ctx);
    const metric = m.evaluation.successCriteria.primaryMetric;
    const fits = m.task === "regression" ? ["mae", "rmse"].includes(metric) : !["mae", "rmse"].includes(metric);
    if (!fits)
      ctx.addIssue({
        code: "custom",
        path: ["evaluation", "successCriteria", "primaryMetric"],
        message: `${metric} does not fit a ${m.task} model`,
      });
    // An empty `test` means nothing was measured (a model registered without test rows, or a
    // monitor-only version): allowed, and the promotion gate then refuses it unless forced.
    if (Object.keys(m.evaluation.test).length > 0 && !(metric in m.evaluation.test))
      ctx.addIssue({ code: "custom", path: ["evaluation", "test"], message: `must include the primary metric ${metric}` });
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;

function checkIoAgainstFeatures(io: ModelIo, features: Feature[], task: Task, ctx: z.RefinementCtx): void {
  const byName = new Map(features.map((f) => [f.name, f]));
  const bound = io.inputs.layout === "matrix" ? io.inputs.features : io.inputs.bindings.map((b) => b.feature);
  const path = io.inputs.layout === "matrix" ? ["io", "inputs", "features"] : ["io", "inputs", "bindings"];
  const seen = new Set<string>();
  bound.forEach((name, i) => {
    const feature = byName.get(name);
    if (!feature) ctx.addIssue({ code: "custom", path: [...path, i], message: `names no feature "${name}"` });
    else if (seen.has(name)) ctx.addIssue({ code: "custom", path: [...path, i], message: `binds "${name}" twice` });
    else if (io.inputs.layout === "matrix" && feature.type === "categorical")
      ctx.addIssue({
        code: "custom",
        path: [...path, i],
        message: `"${name}" is categorical; a matrix input takes numbers only (encode it inside the graph, one string input per column)`,
      });
    else if (io.inputs.layout === "per_feature") {
      const dtype = io.inputs.bindings[i].dtype;
      if ((feature.type === "categorical") !== (dtype === "string"))
        ctx.addIssue({
          code: "custom",
          path: [...path, i, "dtype"],
          message: `${dtype} does not fit the ${feature.type} feature "${name}"`,
        });
    }
    seen.add(name);
  });
  for (const f of features) {
    if (!seen.has(f.name)) ctx.addIssue({ code: "custom", path, message: `must bind the feature "${f.name}"` });
  }
  if ((task === "regression") !== (io.output.kind === "value"))
    ctx.addIssue({
      code: "custom",
      path: ["io", "output", "kind"],
      message: task === "regression" ? "must be value for regression" : `must be probabilities or logits for ${task} models`,
    });
}
