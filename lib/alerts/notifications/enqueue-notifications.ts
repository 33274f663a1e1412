import type { SqlConnection } from "@/lib/db/open-database";
import type { AlertEvent } from "@/lib/alerts/alert-row";

/**
 * Writes an event to the outbox, one row per enabled destination among the rule's channels, inside
 * the caller's transaction: the alert change and its notifications commit together, so a crash
 * can lose neither one without the other. The (event, destination) key makes a repeat a no-op.
 */
export async function enqueueNotifications(
  tx: Pick<SqlConnection, "query">,
  options: { event: AlertEvent; alertId: string; channels: readonly string[]; now: Date },
): Promise<number> {
  if (!options.channels.length) return 0;
  const rows = await tx.query(
    `INSERT INTO alert_notifications (event_id, event, alert_id, destination_id, destination_name, payload, status, next_attempt_at)
     SELECT $1::uuid, $2, $3::uuid, d.id, d.name, $4::jsonb, 'pending', $5::timestamptz
     FROM alert_destinations d
     WHERE d.name = ANY($6::text[]) AND d.enabled
     ON CONFLICT (event_id, destination_id) DO NOTHING
     RETURNING id`,
    [
      options.event.id,
      options.event.type,
      options.alertId,
      JSON.stringify(options.event),
      options.now.toISOString(),
      options.channels,
    ],
  );
  return rows.length;
}
