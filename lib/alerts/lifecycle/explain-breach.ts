import type { SqlConnection } from "@/lib/db/open-database";
import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import {
  windowOf,
  type Evidence,
  type ModelContext,
  type Observation,
  type Subject,
} from "@/lib/alerts/observations/observation";
import type { AlertRule } from "@/lib/alerts/rules/rule-schema";
import { readPerformanceEstimate } from "@/lib/alerts/lifecycle/read-performance-estimate";
import { suggestNextStep } from "@/lib/alerts/lifecycle/next-step";
import { readDriftedFeatures } from "@/lib/alerts/lifecycle/read-drifted-features";
import { readAttributionShift } from "@/lib/alerts/lifecycle/read-attribution-shift";

/**
 * The evidence an alert stores and sends: the newest breaching window's evidence, plus since when
 * the subject breaches (the first window of the current run, however late the alerts job noticed),
 * how strong (measure against threshold, windows judged and breaching since then), the estimated
 * performance over those hours, and the next step. The link opens its page on the whole breach.
 */

/** Kinds whose next step depends on whether the estimated performance holds. */
const ESTIMATE_KINDS = new Set(["feature_drift", "output_drift", "dataset_drift", "performance"]);
/** Kinds whose evidence names no feature of its own: the drift job's answer over the breach does. */
const DRIFT_LOOKUP_KINDS = new Set(["performance", "business"]);

export async function explainBreach(
  sql: SqlConnection,
  options: {
    ctx: ModelContext;
    rule: AlertRule;
    subject: Subject;
    /** Every window read for the subject, oldest first. */
    observations: readonly Observation[];
    since: Date;
    latest: Observation;
    /** The run may reach further back than the windows read. */
    sinceIsLowerBound: boolean;
  },
): Promise<Evidence> {
  const { ctx, rule, subject, since, latest } = options;
  const judged = options.observations.filter((o) => o.windowStart >= since && o.windowEnd <= latest.windowEnd);
  const first = judged[0] ?? latest;
  const version = ctx.versions.find((v) => v.version === subject.version) ?? null;
  const estimate =
    version && ESTIMATE_KINDS.has(rule.kind)
      ? await readPerformanceEstimate(sql, {
          version,
          from: since,
          to: latest.windowEnd,
          minimum: ctx.settings.outcomes.minLabels,
          now: latest.windowEnd,
        })
      : null;
  const drifted =
    version && DRIFT_LOOKUP_KINDS.has(rule.kind)
      ? await readDriftedFeatures(sql, { ctx, version, from: since, to: latest.windowEnd })
      : null;
  const shift =
    version && DRIFT_LOOKUP_KINDS.has(rule.kind)
      ? await readAttributionShift(sql, { ctx, version, since, until: latest.windowEnd })
      : null;
  const condition = rule.condition as { segment?: string; source?: string };
  const e = {
    ...latest.evidence,
    ...(drifted ? { topFeatures: drifted } : {}),
    ...(shift?.length ? { attributionShift: shift } : {}),
  };
  const nextStep = suggestNextStep({
    kind: rule.kind,
    model: ctx.modelName,
    version: subject.version,
    feature: subject.feature,
    segment: condition.segment,
    source: condition.source,
    since,
    until: latest.windowEnd,
    latest: e,
    estimate,
  });
  const link =
    rule.kind === "job_failure"
      ? e.link
      : dashboardPath({
          kind: rule.kind,
          model: ctx.modelName,
          version: subject.version,
          feature: subject.feature,
          segment: condition.segment,
          window: { start: since, end: latest.windowEnd },
        });
  return {
    ...e,
    link,
    breach: {
      since: since.toISOString(),
      ...(options.sinceIsLowerBound ? { sinceIsLowerBound: true } : {}),
      firstWindow: windowOf(first.windowStart, first.windowEnd),
      windows: { judged: judged.length, breaching: judged.filter((o) => o.breaching).length },
      strength: {
        measure: e.effect?.method ?? e.statistic?.name ?? rule.kind,
        value: e.effect ? e.effect.value : (e.value ?? e.statistic?.value ?? null),
        threshold: e.threshold ?? null,
      },
      estimate,
      nextStep,
    },
  };
}
