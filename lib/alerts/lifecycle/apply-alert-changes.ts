import type { SqlConnection } from "@/lib/db/open-database";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { ALERT_COLUMNS, alertEvent, type AlertRow, type EventType } from "@/lib/alerts/alert-row";
import { enqueueNotifications } from "@/lib/alerts/notifications/enqueue-notifications";
import type { AlertChange } from "@/lib/alerts/lifecycle/plan-alert-changes";

/**
 * Writes a plan inside the caller's transaction. Every statement is conditional on the state the
 * plan was made from (an alert still active, no other active alert for the subject), so a person
 * resolving an alert meanwhile, or a second evaluator, makes a change a no-op instead of a
 * duplicate. Notifications go to the outbox in the same transaction; a muted rule, or a snoozed
 * alert, sends nothing. An alert's first seen is the start of its breach's first window (the plan's
 * `since`), not the time the evaluator noticed it; last seen is when a breach was last counted.
 */

export type ApplySummary = { opened: number; updated: number; resolved: number; notifications: number };

export async function applyAlertChanges(
  tx: SqlConnection,
  options: { changes: AlertChange[]; now: Date; publicUrl: string },
): Promise<ApplySummary> {
  const { now, publicUrl } = options;
  const summary: ApplySummary = { opened: 0, updated: 0, resolved: 0, notifications: 0 };
  const notify = async (change: AlertChange, row: AlertRow, type: EventType) => {
    if (change.rule.muted) return;
    const event = alertEvent({ id: uuidv7(now.getTime()), type, row, now, publicUrl });
    summary.notifications += await enqueueNotifications(tx, { event, alertId: row.id, channels: change.rule.channels, now });
  };

  for (const change of options.changes) {
    const { rule, subject, decision } = change;
    if (decision.action === "open") {
      const [row] = await tx.query<AlertRow>(
        `INSERT INTO alerts (id, rule_id, rule_name, kind, model_name, model_version, subject, feature, active_key, status, severity, title,
           evidence, occurrences, first_seen_at, last_seen_at, evaluated_through)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, 'open', $10::"AlertSeverity", $11, $12::jsonb, $13, $16::timestamptz, $14::timestamptz, $15::timestamptz)
         ON CONFLICT (active_key) DO NOTHING
         RETURNING ${ALERT_COLUMNS}`,
        [
          uuidv7(now.getTime()),
          rule.id,
          rule.name,
          rule.kind,
          change.modelName,
          subject.version,
          subject.key,
          subject.feature,
          `${rule.id}|${subject.key}`,
          rule.severity,
          subject.title,
          JSON.stringify({ ...(change.evidence ?? decision.latest.evidence), breachingWindows: decision.breaches.length }),
          decision.breaches.length,
          now.toISOString(),
          decision.evaluatedThrough.toISOString(),
          (change.since ?? now).toISOString(),
        ],
      );
      if (!row) continue;
      summary.opened++;
      await notify(change, row, "alert.opened");
    } else if (decision.action === "update") {
      const [row] = await tx.query<AlertRow>(
        `UPDATE alerts SET occurrences = occurrences + $2,
           last_seen_at = CASE WHEN $2 > 0 THEN $3::timestamptz ELSE last_seen_at END,
           evidence = COALESCE($4::jsonb, evidence),
           evaluated_through = GREATEST(evaluated_through, $5::timestamptz)
         WHERE id = $1::uuid AND status <> 'resolved'
         RETURNING ${ALERT_COLUMNS}`,
        [
          change.alertId,
          decision.newBreaches,
          now.toISOString(),
          change.evidence ? JSON.stringify(change.evidence) : decision.latest ? JSON.stringify(decision.latest.evidence) : null,
          decision.evaluatedThrough.toISOString(),
        ],
      );
      if (!row) continue;
      summary.updated++;
      if (decision.snoozeEnded && change.snoozedUntil) {
        // Only the snooze this plan saw: one set again meanwhile stands.
        const [woken] = await tx.query<AlertRow>(
          `UPDATE alerts SET snoozed_until = NULL, snoozed_by = NULL WHERE id = $1::uuid AND snoozed_until = $2::timestamptz RETURNING ${ALERT_COLUMNS}`,
          [row.id, change.snoozedUntil.toISOString()],
        );
        if (woken && decision.stillFiring) await notify(change, woken, "alert.still_firing");
      }
    } else {
      const windows = decision.healthy.length;
      const [row] = await tx.query<AlertRow>(
        `UPDATE alerts SET status = 'resolved', active_key = NULL, resolved_at = $2::timestamptz, resolved_by = 'tidemark',
           resolution = $3, evaluated_through = GREATEST(evaluated_through, $4::timestamptz)
         WHERE id = $1::uuid AND status <> 'resolved'
         RETURNING ${ALERT_COLUMNS}`,
        [
          change.alertId,
          now.toISOString(),
          `resolved automatically after ${windows} healthy window${windows === 1 ? "" : "s"}`,
          decision.evaluatedThrough.toISOString(),
        ],
      );
      if (!row) continue;
      summary.resolved++;
      const snoozed = change.snoozedUntil !== null && change.snoozedUntil > now;
      if (!snoozed) await notify(change, row, "alert.resolved");
    }
  }
  return summary;
}
