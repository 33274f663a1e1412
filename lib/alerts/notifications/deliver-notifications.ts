import "server-only";
import type { Database } from "@/lib/db/open-database";
import { claimNotifications, type ClaimedNotification } from "@/lib/alerts/notifications/claim-notifications";
import { retryDelayMs, type DeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { unsealDestination } from "@/lib/alerts/destinations/seal-destination";
import { sendNotification, type SendOutcome } from "@/lib/alerts/notifications/send-notification";

/**
 * Delivers what is due from the outbox: claim a batch, send each (in parallel, each within the
 * timeout), record the attempt, then mark it delivered, schedule the next attempt with backoff, or
 * mark it dead after the last one. Completion is conditional on the claim still being ours, so a
 * worker that overran its lease cannot overwrite the outcome of the one that took over.
 *
 * Delivery is at least once: a worker that dies after the receiver accepted but before the row is
 * marked delivered leaves it to be sent again when the lease runs out. Every send of one event to
 * one destination carries the same event id (X-Tidemark-Event-Id / Idempotency-Key / Message-ID),
 * so receivers drop the repeat.
 */

export type DeliveryOptions = {
  settings: DeliverySettings;
  key: Buffer;
  /** "Now" for what is due and for scheduling retries; the wall clock by default. */
  now?: Date;
  batchSize?: number;
  /** Stop after this many batches, so one tick cannot run forever while notifications keep coming. */
  maxBatches?: number;
};

export type DeliverySummary = { attempted: number; delivered: number; retrying: number; dead: number };

export async function deliverDueNotifications(db: Database, options: DeliveryOptions): Promise<DeliverySummary> {
  const summary: DeliverySummary = { attempted: 0, delivered: 0, retrying: 0, dead: 0 };
  const batchSize = options.batchSize ?? 20;
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const now = options.now ?? new Date();
    const claimed = await claimNotifications(db.sql, {
      now,
      leaseMs: options.settings.leaseMs,
      limit: batchSize,
      maxAttempts: options.settings.maxAttempts,
    });
    if (!claimed.length) break;
    const outcomes = await Promise.all(claimed.map((n) => deliverOne(db, n, options, now)));
    for (const o of outcomes) {
      summary.attempted++;
      summary[o]++;
    }
    if (claimed.length < batchSize) break;
  }
  return summary;
}

async function deliverOne(
  db: Database,
  n: ClaimedNotification,
  options: DeliveryOptions,
  now: Date,
): Promise<"delivered" | "retrying" | "dead"> {
  const started = performance.now();
  const outcome = await attempt(db, n, options);
  const durationMs = Math.round(performance.now() - started);
  const finishedAt = options.now ?? new Date();
  const dead = !outcome.ok && (outcome.permanent || n.attempts >= options.settings.maxAttempts);
  const next = new Date(finishedAt.getTime() + retryDelayMs(n.attempts, options.settings));
  await db.sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO alert_delivery_attempts (notification_id, attempt, started_at, duration_ms, ok, response_code, error)
       VALUES ($1::bigint, $2, $3::timestamptz, $4, $5, $6, $7)`,
      [n.id, n.attempts, now.toISOString(), durationMs, outcome.ok, outcome.responseCode, outcome.error],
    );
    await tx.query(
      `UPDATE alert_notifications SET
         status = $3::"NotificationStatus",
         lease_until = NULL,
         delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE delivered_at END,
         next_attempt_at = CASE WHEN $3 = 'pending' THEN $5::timestamptz ELSE next_attempt_at END,
         last_error = CASE WHEN $3 = 'delivered' THEN last_error ELSE $6 END
       WHERE id = $1::bigint AND status = 'sending' AND attempts = $2`,
      [
        n.id,
        n.attempts,
        outcome.ok ? "delivered" : dead ? "dead" : "pending",
        finishedAt.toISOString(),
        next.toISOString(),
        outcome.error,
      ],
    );
  });
  return outcome.ok ? "delivered" : dead ? "dead" : "retrying";
}

async function attempt(
  db: Database,
  n: ClaimedNotification,
  options: DeliveryOptions,
): Promise<SendOutcome & { permanent?: boolean }> {
  if (!n.destinationId) return { ok: false, responseCode: null, error: "the destination was deleted", permanent: true };
  const destination = await db.prisma.alertDestination.findUnique({ where: { id: n.destinationId } });
  if (!destination) return { ok: false, responseCode: null, error: "the destination was deleted", permanent: true };
  if (!destination.enabled) return { ok: false, responseCode: null, error: "the destination is disabled", permanent: true };
  let fields: ReturnType<typeof unsealDestination>;
  try {
    fields = unsealDestination(destination, options.key);
  } catch (error) {
    return { ok: false, responseCode: null, error: (error as Error).message };
  }
  return sendNotification({ destinationId: destination.id, fields }, n.payload, options.settings);
}
