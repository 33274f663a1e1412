import type { SqlConnection } from "@/lib/db/open-database";
import type { ModelContext, SourceOptions, SubjectObservations } from "@/lib/alerts/observations/observation";
import type { AlertKind, AlertRule, ConditionOf } from "@/lib/alerts/rules/rule-schema";
import { businessObservations } from "@/lib/alerts/observations/business-observations";
import {
  datasetDriftObservations,
  featureDriftObservations,
  outputDriftObservations,
} from "@/lib/alerts/observations/drift-observations";
import { jobFailureObservations } from "@/lib/alerts/observations/job-failure-observations";
import { performanceObservations } from "@/lib/alerts/observations/performance-observations";
import { qualityObservations } from "@/lib/alerts/observations/quality-observations";
import { slaObservations } from "@/lib/alerts/observations/sla-observations";
import { trafficObservations } from "@/lib/alerts/observations/traffic-observations";

type Observer<K extends AlertKind> = (
  sql: SqlConnection,
  ctx: ModelContext,
  condition: ConditionOf<K>,
  options: SourceOptions,
) => Promise<SubjectObservations[]>;

/**
 * What each kind of rule observes, keyed by kind like the drift tests' registry: a new kind is one
 * entry here (the type demands it) and one file beside this one.
 */
const OBSERVERS: { [K in AlertKind]: Observer<K> } = {
  feature_drift: featureDriftObservations,
  output_drift: outputDriftObservations,
  dataset_drift: datasetDriftObservations,
  data_quality: qualityObservations,
  performance: performanceObservations,
  business: businessObservations,
  sla: slaObservations,
  no_traffic: trafficObservations,
  job_failure: jobFailureObservations,
};

/**
 * The observations a rule judges, from the results its kind reads. A window that has not ended yet
 * (the open hour "so far") never decides an alert: its few rows would open one, or resolve one, on
 * what is not yet known.
 */
export async function collectObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  rule: AlertRule,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  // The rule's schema ties its condition to its kind; TypeScript cannot follow that through the index.
  const observe = OBSERVERS[rule.kind] as Observer<AlertKind>;
  const bySubject = await observe(sql, ctx, rule.condition as ConditionOf<AlertKind>, options);
  return bySubject
    .map((s) => ({ ...s, observations: s.observations.filter((o) => o.windowEnd <= options.now) }))
    .filter((s) => s.observations.length > 0);
}
