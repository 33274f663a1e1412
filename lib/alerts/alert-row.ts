import type { Evidence } from "@/lib/alerts/observations/observation";
import type { Severity } from "@/lib/alerts/rules/rule-schema";

/** An alert as stored, in the shape both Prisma and the raw-SQL paths (ALERT_COLUMNS) return. */
export type AlertRow = {
  id: string;
  ruleId: string | null;
  ruleName: string;
  kind: string;
  modelName: string;
  modelVersion: number | null;
  subject: string;
  feature: string | null;
  status: "open" | "acknowledged" | "resolved";
  severity: Severity;
  title: string;
  evidence: unknown;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  evaluatedThrough: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
  snoozedUntil: Date | null;
  snoozedBy: string | null;
};

export const ALERT_COLUMNS = `id::text AS "id", rule_id::text AS "ruleId", rule_name AS "ruleName", kind, model_name AS "modelName",
  model_version AS "modelVersion", subject, feature, status::text AS status, severity::text AS severity, title, evidence, occurrences,
  first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", evaluated_through AS "evaluatedThrough", acknowledged_at AS "acknowledgedAt",
  acknowledged_by AS "acknowledgedBy", resolved_at AS "resolvedAt", resolved_by AS "resolvedBy", resolution, snoozed_until AS "snoozedUntil",
  snoozed_by AS "snoozedBy"`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The alert as the API, the dashboard and notifications show it. */
export function alertView(row: AlertRow, now = new Date()) {
  const evidence = row.evidence as Evidence;
  return {
    id: row.id,
    status: row.status,
    severity: row.severity,
    title: row.title,
    model: row.modelName,
    version: row.modelVersion,
    subject: row.subject,
    feature: row.feature,
    rule: { id: row.ruleId, name: row.ruleName, kind: row.kind },
    occurrences: row.occurrences,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: iso(row.resolvedAt),
    resolvedBy: row.resolvedBy,
    resolution: row.resolution,
    snoozedUntil: row.snoozedUntil && row.snoozedUntil > now ? row.snoozedUntil.toISOString() : null,
    snoozedBy: row.snoozedUntil && row.snoozedUntil > now ? row.snoozedBy : null,
    evidence,
    link: evidence?.link ?? `/models/${encodeURIComponent(row.modelName)}`,
  };
}
export type AlertView = ReturnType<typeof alertView>;

export const EVENT_TYPES = ["alert.opened", "alert.resolved", "alert.still_firing", "alert.test"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What is delivered: the event, with the alert as it was when the event happened. */
export type AlertEvent = {
  id: string;
  type: EventType;
  createdAt: string;
  alert: AlertView & { url: string };
};

export function alertEvent(options: { id: string; type: EventType; row: AlertRow; now: Date; publicUrl: string }): AlertEvent {
  const view = alertView(options.row, options.now);
  return {
    id: options.id,
    type: options.type,
    createdAt: options.now.toISOString(),
    alert: { ...view, url: `${options.publicUrl}${view.link}` },
  };
}
