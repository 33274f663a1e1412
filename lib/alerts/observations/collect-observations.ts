import type { SqlConnection } from "@/lib/db/open-database";
import type { ModelContext, SourceOptions, SubjectObservations } from "../observation";
import type { AlertRule, ConditionOf } from "../rule-schema";
import { businessObservations } from "./business-observations";
import { datasetDriftObservations, featureDriftObservations, outputDriftObservations } from "./drift-observations";
import { jobFailureObservations } from "./job-failure-observations";
import { performanceObservations } from "./performance-observations";
import { qualityObservations } from "./quality-observations";
import { slaObservations } from "./sla-observations";
import { trafficObservations } from "./traffic-observations";

/** The observations a rule judges, from the results its kind reads. */
export function collectObservations(
  sql: SqlConnection,
  ctx: ModelContext,
  rule: AlertRule,
  options: SourceOptions,
): Promise<SubjectObservations[]> {
  const c = rule.condition;
  switch (rule.kind) {
    case "feature_drift":
      return featureDriftObservations(sql, ctx, c as ConditionOf<"feature_drift">, options);
    case "output_drift":
      return outputDriftObservations(sql, ctx, c as ConditionOf<"output_drift">, options);
    case "dataset_drift":
      return datasetDriftObservations(sql, ctx, c as ConditionOf<"dataset_drift">, options);
    case "data_quality":
      return qualityObservations(sql, ctx, c as ConditionOf<"data_quality">, options);
    case "performance":
      return performanceObservations(sql, ctx, c as ConditionOf<"performance">, options);
    case "business":
      return businessObservations(sql, ctx, c as ConditionOf<"business">, options);
    case "sla":
      return slaObservations(sql, ctx, c as ConditionOf<"sla">, options);
    case "no_traffic":
      return trafficObservations(sql, ctx, c as ConditionOf<"no_traffic">, options);
    case "job_failure":
      return jobFailureObservations(sql, ctx, c as ConditionOf<"job_failure">, options);
  }
}
