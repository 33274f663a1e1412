import "server-only";
import type { SqlRunner } from "@/lib/db/open-database";
import { parseCondition } from "@/lib/alerts/rules/rule-schema";
import { DEFAULT_MONITORING_SETTINGS, referenceKey, type MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";
import { parseStoredSettings } from "@/lib/monitors/shared/monitored-versions";
import { latestDriftWindows } from "@/lib/monitors/drift/drift-store";
import { latestPerformanceResults } from "@/lib/monitors/performance/performance-store";
import { latestServiceResults } from "@/lib/monitors/service/service-store";
import {
  judgeAlerts,
  judgeDrift,
  judgePerformance,
  judgeSla,
  type AlertCounts,
  type HealthCell,
  type WatchedVersion,
} from "../model-health";

export type ModelHealth = {
  version: WatchedVersion | null;
  drift: HealthCell | null;
  performance: HealthCell | null;
  sla: HealthCell | null;
  alerts: HealthCell;
};

// The sla rule's default error-rate ceiling (lib/alerts/rules/rule-schema.ts), used when a model has no sla rule.
const DEFAULT_MAX_ERROR_RATE = (parseCondition("sla", {}) as { ok: true; condition: { maxErrorRate: number } }).condition
  .maxErrorRate;

/**
 * Health of every model from the stored job results: the watched version (production, else the
 * newest), then, per version, only the latest drift window, performance window of each kind and
 * service window — each an index walk from the newest row down with LIMIT 1, never a scan of the
 * prediction log or of a model's whole result history.
 */
export async function loadModelHealth(sql: SqlRunner, now = new Date()): Promise<Map<string, ModelHealth>> {
  const versions = await sql.query<{
    model_id: string;
    model: string;
    version_id: string;
    version: number;
    production: boolean;
    deploy_threshold: number | null;
    settings: unknown;
  }>(
    `SELECT DISTINCT ON (m.id) m.id::text AS model_id, m.name AS model, v.id::text AS version_id, v.version,
            (a.version_id IS NOT NULL) AS production,
            (v.manifest->'evaluation'->'successCriteria'->>'deployThreshold')::float8 AS deploy_threshold,
            s.settings
       FROM models m
       JOIN model_versions v ON v.model_id = m.id
       LEFT JOIN model_aliases a ON a.model_id = m.id AND a.alias = 'production' AND a.version_id = v.id
       LEFT JOIN monitoring_settings s ON s.model_id = m.id
      ORDER BY m.id, (a.version_id IS NOT NULL) DESC, v.version DESC`,
  );
  const settingsOf = (stored: unknown): MonitoringSettings => {
    try {
      return parseStoredSettings(stored);
    } catch {
      // Settings saved by an older release that no longer validate: the overview still shows the
      // model; the drift job reports the problem itself.
      return DEFAULT_MONITORING_SETTINGS;
    }
  };
  const watched = versions.map((v) => ({ ...v, settings: settingsOf(v.settings) }));
  // Provisional windows (still open, or below their minimum) never decide a badge: the readers skip them.
  const labelMinimums = watched.map((v) => ({ id: v.version_id, minimum: v.settings.outcomes.minLabels }));
  const requestMinimums = watched.map((v) => ({ id: v.version_id, minimum: v.settings.service.minRequests }));

  const [drift, realized, estimated, service, rules, alerts] = await Promise.all([
    latestDriftWindows(
      sql,
      watched.map((v) => ({ versionId: v.version_id, reference: referenceKey(v.settings.reference) })),
    ),
    latestPerformanceResults(sql, { versions: labelMinimums, kind: "realized", now }),
    latestPerformanceResults(sql, { versions: labelMinimums, kind: "estimated", now }),
    latestServiceResults(sql, { versions: requestMinimums, now }),
    sql.query<{ model_id: string; condition: unknown }>(
      `SELECT model_id::text AS model_id, condition FROM alert_rules WHERE kind = 'sla' AND enabled AND model_id IS NOT NULL`,
    ),
    sql.query<{ model: string; open: number; acknowledged: number; worst: AlertCounts["worstSeverity"] }>(
      `SELECT model_name AS model,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
              (array_agg(severity::text ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)
                 FILTER (WHERE status = 'open'))[1] AS worst
         FROM alerts WHERE status IN ('open', 'acknowledged') GROUP BY model_name`,
    ),
  ]);

  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const driftOf = byId(drift);
  const realizedOf = byId(realized);
  const estimatedOf = byId(estimated);
  const serviceOf = byId(service);
  // The strictest enabled sla rule is the one that would alert first.
  const maxErrorRate = new Map<string, number>();
  for (const r of rules) {
    const parsed = parseCondition("sla", r.condition);
    if (!parsed.ok) continue;
    const ceiling = (parsed.condition as { maxErrorRate: number }).maxErrorRate;
    maxErrorRate.set(r.model_id, Math.min(ceiling, maxErrorRate.get(r.model_id) ?? Infinity));
  }
  const alertsOf = new Map(alerts.map((a) => [a.model, { open: a.open, acknowledged: a.acknowledged, worstSeverity: a.worst }]));

  const result = new Map<string, ModelHealth>();
  for (const v of watched) {
    const version: WatchedVersion = { model: v.model, versionId: v.version_id, version: v.version, production: v.production };
    result.set(v.model, {
      version,
      drift: judgeDrift(version, driftOf.get(v.version_id), v.settings),
      performance: judgePerformance(version, realizedOf.get(v.version_id), estimatedOf.get(v.version_id), v.deploy_threshold),
      sla: judgeSla(version, serviceOf.get(v.version_id), maxErrorRate.get(v.model_id) ?? DEFAULT_MAX_ERROR_RATE),
      alerts: judgeAlerts(v.model, alertsOf.get(v.model)),
    });
  }
  // A model with no version yet still has alerts (e.g. job failures) worth showing.
  for (const a of alerts)
    if (!result.has(a.model))
      result.set(a.model, {
        version: null,
        drift: null,
        performance: null,
        sla: null,
        alerts: judgeAlerts(a.model, alertsOf.get(a.model)),
      });
  return result;
}
