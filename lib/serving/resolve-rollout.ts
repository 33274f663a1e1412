import "server-only";
import type { ModelVersion } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open-database";
import { findServingPolicy } from "@/lib/registry/traffic-policy-store";
import type { RolloutMode } from "@/lib/registry/traffic-policy-schema";
import { isMonitorOnly } from "@/lib/registry/is-monitor-only";
import { getMetrics } from "@/lib/observability/prometheus";

/** An alias's rollout as serving holds it, cached with the alias's target. */
export type ServingRollout<Target> = {
  mode: RolloutMode;
  percent: number | null;
  /** The challenger's version id: salts the split so each rollout assigns ids afresh. */
  salt: string;
  challengerVersion: number;
  /** Null when the challenger could not be loaded: the champion then answers alone (counted). */
  challenger: Target | null;
};

/**
 * The alias's rollout, with the challenger ready to run. A challenger that cannot be loaded never
 * fails the champion's requests: it is counted (`tidemark_shadow_runs_total{outcome="unavailable"}`)
 * and the rollout is inert until it loads.
 */
export async function resolveRollout<Target>(
  db: Database,
  options: { modelId: string; modelName: string; alias: string; championVersionId: string },
  load: (row: ModelVersion) => Promise<Target>,
): Promise<ServingRollout<Target> | null> {
  const policy = await findServingPolicy(db, options.modelId, options.alias);
  if (!policy || policy.challengerVersionId === options.championVersionId) return null;
  let challenger: Target | null = null;
  if (!isMonitorOnly(policy.challenger)) {
    try {
      challenger = await load(policy.challenger);
    } catch (error) {
      console.error(`rollout: version ${policy.challenger.version} of "${options.modelName}" could not be loaded:`, error);
    }
  }
  if (challenger === null) {
    const labels = { model: options.modelName, version: String(policy.challenger.version), outcome: "unavailable" };
    getMetrics().shadowRuns.inc(labels);
  }
  return {
    mode: policy.mode,
    percent: policy.percent,
    salt: policy.challengerVersionId,
    challengerVersion: policy.challenger.version,
    challenger,
  };
}
