import { validate as isValidCron } from "node-cron";
import { z } from "zod";
import { storableIsoInstantSchema } from "@/lib/core/time/storable-instant";

/**
 * Per-model monitoring settings: when the jobs run, what production is compared against, and the
 * drift decision rule. Every field has a default, so a model without stored settings is monitored
 * hourly against its training profile.
 */

const cron = (fallback: string) =>
  z
    .string()
    .refine((expression) => isValidCron(expression), { message: "must be a cron expression (5 fields, or 6 with seconds)" })
    .default(fallback);

export const effectMethodSchema = z.enum(["wasserstein_normed", "psi", "jensen_shannon"]);
export type EffectMethod = z.infer<typeof effectMethodSchema>;

export const referenceSettingSchema = z.discriminatedUnion(
  "kind",
  [
    // The reference profile in the version's manifest (its training data).
    z.object({ kind: z.literal("training") }),
    // A production window chosen by the user, e.g. the first week after deployment.
    z
      .object({ kind: z.literal("window"), from: storableIsoInstantSchema, to: storableIsoInstantSchema })
      .refine((r) => Date.parse(r.from) < Date.parse(r.to), {
        message: "from must be before to",
        path: ["to"],
      }),
    // The same hours of the week over the last N weeks.
    z.object({ kind: z.literal("seasonal"), weeks: z.number().int().min(1).max(12).default(4) }),
  ],
  { error: "kind must be one of training, window, seasonal" },
);
export type ReferenceSetting = z.infer<typeof referenceSettingSchema>;

export const monitoringSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    schedules: z
      .object({
        profile: cron("5 * * * *"),
        drift: cron("10 * * * *"),
        performance: cron("20 * * * *"),
        business: cron("25 * * * *"),
        service: cron("15 * * * *"),
        explanations: cron("35 * * * *"),
        alerts: cron("*/5 * * * *"),
      })
      .prefault({}),
    /** Outcomes and business events: how they are attributed to predictions, and how far back windows are recomputed. */
    outcomes: z
      .object({
        /** An outcome sent by entity id belongs to the entity's latest prediction at most this long before it. */
        attributionHours: z
          .number()
          .positive()
          .max(24 * 365)
          .default(24 * 30),
        /** A business event counts for the entity's prediction it follows within this many hours. */
        eventAttributionHours: z
          .number()
          .positive()
          .max(24 * 365)
          .default(24 * 7),
        /** Windows this far back are recomputed when late labels or events arrive. */
        lookbackHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 90)
          .default(24 * 7),
        /**
         * A window's realized metrics are judged against the deploy threshold only with at least
         * this many labelled predictions; below it they are stored but say "too few labels", so
         * the first labels of an hour (an AUC from 9 labels) neither pass nor fail the model.
         */
        minLabels: z.number().int().min(1).max(1_000_000).default(30),
      })
      .prefault({}),
    /**
     * Below these counts a service window is provisional (shown, never judged): a p99 needs about
     * 100 requests to be more than the slowest one (with 3 cold-start requests it is the cold
     * start), and an error rate from 100 requests moves in 1 % steps.
     */
    service: z.object({ minRequests: z.number().int().min(1).max(1_000_000).default(100) }).prefault({}),
    /**
     * A business window is provisional while its smallest score decile holds fewer predictions
     * than this: a decile's conversion rate from 30 predictions already has a standard error near
     * 9 points at a 50 % rate, and the score–metric correlation from fewer is mostly noise.
     */
    business: z.object({ minPredictionsPerDecile: z.number().int().min(1).max(1_000_000).default(30) }).prefault({}),
    /**
     * Production importance (issue 17): a deterministic sample of each hour's predictions is
     * explained and its mean |attribution| per feature stored. A share of 1 % with at most 200
     * records per hour keeps the job's model runs a small fraction of serving's; fewer than
     * minRecords explained records make a window provisional (a mean of 5 attributions says little).
     */
    explanations: z
      .object({
        sampleRate: z.number().min(0, "must lie between 0 and 1").max(1, "must lie between 0 and 1").default(0.01),
        maxPerWindow: z.number().int().min(1).max(10_000).default(200),
        minRecords: z.number().int().min(1).max(10_000).default(30),
      })
      .prefault({}),
    /** Drift windows are this many hours long, aligned to multiples of it since the Unix epoch (UTC). */
    windowHours: z.number().int().min(1).max(168).default(1),
    reference: referenceSettingSchema.default({ kind: "training" }),
    /** Benjamini–Hochberg false discovery rate across every column tested in a run. */
    fdr: z.number().gt(0, "must lie between 0 and 1").lt(1, "must lie between 0 and 1").default(0.05),
    /** Below this many values on either side, a column's result is "insufficient_data". */
    minSampleSize: z.number().int().min(2).default(200),
    /** Effect-size floors: a significant shift smaller than this is not drift. */
    effectFloors: z
      .object({
        wasserstein_normed: z.number().nonnegative().default(0.1),
        psi: z.number().nonnegative().default(0.1),
        jensen_shannon: z.number().nonnegative().default(0.1),
      })
      .prefault({}),
    /**
     * A categorical Jensen–Shannon floor is never below this quantile of what sampling noise alone
     * gives at the window's size and the column's category count (lib/drift/jensen-shannon-noise-floor.ts).
     */
    effectNoiseQuantile: z
      .number()
      .min(0.5, "must lie between 0.5 and 0.9999")
      .max(0.9999, "must lie between 0.5 and 0.9999")
      .default(0.999),
    /** Effect-size method per column type, and per feature or output name (overrides the type's). */
    methods: z
      .object({
        numeric: effectMethodSchema.default("wasserstein_normed"),
        categorical: z.enum(["psi", "jensen_shannon"]).default("jensen_shannon"),
        columns: z.record(z.string(), effectMethodSchema).default({}),
      })
      .prefault({}),
    /** The dataset drifts when the (importance-weighted) share of drifted features reaches this. */
    datasetDriftShare: z.number().gt(0, "must be above 0").max(1, "must be at most 1").default(0.5),
    /** Segments analysed per window: the largest by volume. */
    segmentsTopN: z.number().int().min(0).max(50).default(5),
    quality: z
      .object({
        /** Flag a missing rate this much (absolute) above the reference's. */
        missingRateIncrease: z.number().min(0).max(1).default(0.05),
        /** Flag when more than this share of values lies outside the manifest's declared range. */
        outOfRangeShare: z.number().min(0).max(1).default(0.01),
        /** Flag when more than this share of values are categories never seen in training. */
        unseenCategoryShare: z.number().min(0).max(1).default(0.01),
        /** Flag a volume this many times above or below the same window's mean in previous weeks. */
        volumeFactor: z.number().gt(1).default(2),
        volumeWeeks: z.number().int().min(1).max(12).default(4),
      })
      .prefault({}),
    /** How far back the scheduled drift job looks for windows not yet (or no longer) up to date. */
    lookbackHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(168),
    /** A window is computed once rows logged up to this long after its end have been profiled. */
    lateGraceMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(2),
  })
  .strict();

export type MonitoringSettings = z.infer<typeof monitoringSettingsSchema>;
export type MonitoringSettingsInput = z.input<typeof monitoringSettingsSchema>;

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = monitoringSettingsSchema.parse({});

/** A stable name for the reference, stored with every result so results of different references never mix. */
export function referenceKey(reference: ReferenceSetting): string {
  if (reference.kind === "training") return "training";
  if (reference.kind === "seasonal") return `seasonal:${reference.weeks}w`;
  return `window:${new Date(reference.from).toISOString()}/${new Date(reference.to).toISOString()}`;
}

/** The reference a stored key names (see referenceKey), or null if it names none. */
export function parseReferenceKey(key: string): ReferenceSetting | null {
  if (key === "training") return { kind: "training" };
  const seasonal = /^seasonal:(\d+)w$/.exec(key);
  if (seasonal) {
    const parsed = referenceSettingSchema.safeParse({ kind: "seasonal", weeks: Number(seasonal[1]) });
    return parsed.success ? parsed.data : null;
  }
  if (key.startsWith("window:")) {
    const [from, to] = key.slice("window:".length).split("/");
    const parsed = referenceSettingSchema.safeParse({ kind: "window", from, to });
    return parsed.success ? parsed.data : null;
  }
  return null;
}
