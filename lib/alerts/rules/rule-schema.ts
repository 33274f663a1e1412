import { z } from "zod";

/**
 * Alert rules: what is watched (kind + condition), how sure we must be before telling anyone
 * (fireAfter consecutive breaching windows) and before calling it over (resolveAfter healthy ones),
 * how loud (severity) and where it goes (channels: destination names). Stored conditions hold what
 * the user gave; parsing fills in the defaults, including ones added later.
 */

export const ALERT_KINDS = [
  "feature_drift",
  "dataset_drift",
  "output_drift",
  "data_quality",
  "performance",
  "business",
  "sla",
  "no_traffic",
  "job_failure",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertKindSchema = z.enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(", ")}` });

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severitySchema = z.enum(SEVERITIES, { error: "must be info, warning or critical" });

// "" = all rows; "country=FR" = one segment, as the drift job names them.
const segment = z.string().max(200, "must be at most 200 characters").default("");
const nameList = (what: string) =>
  z.array(z.string().min(1, `must not be empty`)).min(1, `must list at least one ${what}, or be left out for all`).optional();
const windowHours = z
  .number()
  .int()
  .min(1, "must be at least 1")
  .max(24 * 31, "must be at most 744")
  .optional();

export const CONDITION_SCHEMAS = {
  // One alert per drifted feature.
  feature_drift: z.object({ features: nameList("feature"), segment }).strict(),
  // One alert per version: the drift job's dataset verdict, or a weighted drifted share of at least minWeightedScore.
  dataset_drift: z
    .object({ segment, minWeightedScore: z.number().gt(0, "must be above 0").max(1, "must be at most 1").optional() })
    .strict(),
  output_drift: z
    .object({
      outputs: z
        .array(z.enum(["class", "score", "value"], { error: "must be class, score or value" }))
        .min(1)
        .optional(),
      segment,
    })
    .strict(),
  data_quality: z
    .object({
      checks: z
        .array(
          z.enum(["missing_rate", "out_of_range", "unseen_categories", "volume"], {
            error: "must be missing_rate, out_of_range, unseen_categories or volume",
          }),
        )
        .min(1)
        .optional(),
      columns: nameList("column"),
      segment,
    })
    .strict(),
  // Below the version's deploy threshold (the manifest's success criteria), or below `threshold`
  // (above it, for error metrics such as mae and rmse).
  performance: z
    .object({
      source: z.enum(["realized", "estimated"], { error: "must be realized or estimated" }).default("realized"),
      threshold: z.number().finite().optional(),
      // Realized windows with fewer labelled predictions than this share are not judged.
      minLabelCoverage: z.number().min(0).max(1).default(0),
      windowHours,
    })
    .strict(),
  // A business metric moving against the mean of its previous windows.
  business: z
    .object({
      names: nameList("business metric"),
      metric: z.enum(["rate", "sum"], { error: "must be rate or sum" }).default("rate"),
      maxDrop: z.number().gt(0, "must be above 0").max(1, "must be at most 1 (a drop of 100 %)").default(0.2),
      maxRise: z.number().gt(0, "must be above 0").optional(),
      baselineWindows: z.number().int().min(1).max(48).default(4),
      windowHours,
    })
    .strict(),
  // The manifest's SLA (p99 latency, minimum throughput) and an error-rate ceiling.
  sla: z
    .object({
      latency: z.boolean().default(true),
      throughput: z.boolean().default(false),
      maxErrorRate: z.number().min(0).max(1).default(0.05),
      windowHours,
    })
    .strict(),
  // No prediction at all for a period, in a model that had traffic before it.
  no_traffic: z
    .object({
      periodMinutes: z
        .number()
        .int()
        .min(5, "must be at least 5")
        .max(7 * 24 * 60, "must be at most 10080 (a week)")
        .default(60),
    })
    .strict(),
  // Failed or crashed runs of the monitoring jobs, per job.
  job_failure: z.object({ jobs: nameList("job") }).strict(),
} satisfies Record<AlertKind, z.ZodType>;

export type ConditionOf<K extends AlertKind> = z.infer<(typeof CONDITION_SCHEMAS)[K]>;
export type Condition = { [K in AlertKind]: ConditionOf<K> }[AlertKind];

/** Defaults when a rule does not say: drift needs two windows in a row before anyone is woken. */
export const DEFAULT_WINDOWS: Record<AlertKind, { fireAfter: number; resolveAfter: number }> = {
  feature_drift: { fireAfter: 2, resolveAfter: 2 },
  dataset_drift: { fireAfter: 2, resolveAfter: 2 },
  output_drift: { fireAfter: 2, resolveAfter: 2 },
  data_quality: { fireAfter: 2, resolveAfter: 2 },
  performance: { fireAfter: 1, resolveAfter: 2 },
  business: { fireAfter: 2, resolveAfter: 2 },
  sla: { fireAfter: 2, resolveAfter: 2 },
  no_traffic: { fireAfter: 1, resolveAfter: 1 },
  job_failure: { fireAfter: 2, resolveAfter: 1 },
};

const windowCount = z.number().int().min(1, "must be at least 1").max(100, "must be at most 100");
const ruleName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const channels = z
  .array(z.string().min(1, "must not be empty"))
  .max(20, "must list at most 20 destinations")
  .refine((c) => new Set(c).size === c.length, { message: "must not repeat a destination" });

type Issue = { path: PropertyKey[]; message: string };

/** Parses a condition for its kind; issues come back with paths under "condition". */
export function parseCondition(
  kind: AlertKind,
  input: unknown,
): { ok: true; condition: Condition } | { ok: false; issues: Issue[] } {
  const parsed = CONDITION_SCHEMAS[kind].safeParse(input ?? {});
  if (parsed.success) return { ok: true, condition: parsed.data as Condition };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: ["condition", ...i.path], message: i.message })) };
}

export const createRuleSchema = z
  .object({
    // Absent: a global default, copied to every model created from now on.
    model: z.string().min(1, "must name a model").optional(),
    name: ruleName,
    kind: alertKindSchema,
    condition: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
    severity: severitySchema.default("warning"),
    fireAfter: windowCount.optional(),
    resolveAfter: windowCount.optional(),
    channels: channels.default([]),
    enabled: z.boolean().default(true),
    muted: z.boolean().default(false),
  })
  .strict()
  .transform((input, ctx) => {
    const parsed = parseCondition(input.kind, input.condition);
    if (!parsed.ok) {
      for (const issue of parsed.issues)
        ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
      return z.NEVER;
    }
    return {
      ...input,
      condition: parsed.condition,
      fireAfter: input.fireAfter ?? DEFAULT_WINDOWS[input.kind].fireAfter,
      resolveAfter: input.resolveAfter ?? DEFAULT_WINDOWS[input.kind].resolveAfter,
    };
  });
export type CreateRuleInput = z.infer<typeof createRuleSchema>;

export const updateRuleSchema = z
  .object({
    name: ruleName.optional(),
    condition: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
    severity: severitySchema.optional(),
    fireAfter: windowCount.optional(),
    resolveAfter: windowCount.optional(),
    channels: channels.optional(),
    enabled: z.boolean().optional(),
    muted: z.boolean().optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: "must change at least one field" });
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;

/** A stored rule as the evaluator uses it. */
export type AlertRule = {
  id: string;
  modelId: string | null;
  name: string;
  kind: AlertKind;
  condition: Condition;
  severity: Severity;
  fireAfter: number;
  resolveAfter: number;
  channels: string[];
  enabled: boolean;
  muted: boolean;
};

/** Reads a stored row; a row whose condition no longer parses is reported, not guessed at. */
export function parseStoredRule(row: {
  id: string;
  modelId: string | null;
  name: string;
  kind: string;
  condition: unknown;
  severity: string;
  fireAfter: number;
  resolveAfter: number;
  channels: string[];
  enabled: boolean;
  muted: boolean;
}): AlertRule {
  const kind = alertKindSchema.safeParse(row.kind);
  if (!kind.success) throw new Error(`alert rule ${row.id} has an unknown kind "${row.kind}"`);
  const parsed = parseCondition(kind.data, row.condition);
  if (!parsed.ok)
    throw new Error(
      `alert rule ${row.id} ("${row.name}") has a condition that no longer validates: ${parsed.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return { ...row, kind: kind.data, condition: parsed.condition, severity: row.severity as Severity };
}
