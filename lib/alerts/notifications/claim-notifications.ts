import type { SqlConnection } from "@/lib/db/open-database";
import type { AlertEvent } from "@/lib/alerts/alert-row";

/**
 * Takes due notifications for this worker: pending ones whose next attempt is due, and ones left
 * "sending" by a worker whose lease ran out (it crashed or hung mid-send). The claim counts as an
 * attempt, so a notification that crashes its worker every time still ends up dead. SKIP LOCKED
 * lets any number of workers claim side by side without taking the same row.
 */

export type ClaimedNotification = {
  id: string;
  eventId: string;
  event: string;
  alertId: string;
  destinationId: string | null;
  destinationName: string;
  payload: AlertEvent;
  attempts: number;
};

export async function claimNotifications(
  sql: Pick<SqlConnection, "query">,
  options: { now: Date; leaseMs: number; limit: number; maxAttempts: number },
): Promise<ClaimedNotification[]> {
  const now = options.now.toISOString();
  // A worker that died during the last allowed attempt leaves nothing more to try.
  await sql.query(
    `UPDATE alert_notifications SET status = 'dead', lease_until = NULL,
       last_error = COALESCE(last_error || '; ', '') || 'the delivery worker stopped during the last attempt'
     WHERE status = 'sending' AND lease_until <= $1::timestamptz AND attempts >= $2`,
    [now, options.maxAttempts],
  );
  return sql.query<ClaimedNotification>(
    `UPDATE alert_notifications n
     SET status = 'sending', attempts = n.attempts + 1, lease_until = $2::timestamptz, last_attempt_at = $1::timestamptz
     WHERE n.id IN (
       SELECT id FROM alert_notifications
       WHERE ((status = 'pending' AND next_attempt_at <= $1::timestamptz) OR (status = 'sending' AND lease_until <= $1::timestamptz))
         AND attempts < $4
       ORDER BY next_attempt_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING n.id::text AS id, n.event_id::text AS "eventId", n.event, n.alert_id::text AS "alertId", n.destination_id::text AS "destinationId",
       n.destination_name AS "destinationName", n.payload, n.attempts`,
    [now, new Date(options.now.getTime() + options.leaseMs).toISOString(), options.limit, options.maxAttempts],
  );
}
