import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import type { AlertEvent } from "@/lib/alerts/alert-row";
import type { DeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { getDestinationOrThrow } from "@/lib/alerts/destinations/get-destination-or-throw";
import { unsealDestination } from "@/lib/alerts/destinations/seal-destination";
import { sendNotification } from "@/lib/alerts/notifications/send-notification";

/**
 * Sends a test event to a destination now, through the same path as real notifications (signature,
 * timeout, allow-list), and reports what happened. Not queued, not retried: it answers "does this
 * destination work right now?".
 */
export async function testDestination(
  prisma: PrismaClient,
  options: { name: string; actor: string; key: Buffer; settings: DeliverySettings; now?: Date },
) {
  const row = await getDestinationOrThrow(prisma, options.name);
  const now = options.now ?? new Date();
  const event = testEvent(now, options.settings.publicUrl);
  const started = performance.now();
  let outcome: Awaited<ReturnType<typeof sendNotification>>;
  try {
    outcome = await sendNotification(
      { destinationId: row.id, fields: unsealDestination(row, options.key) },
      event,
      options.settings,
    );
  } catch (error) {
    outcome = { ok: false, responseCode: null, error: (error as Error).message };
  }
  const result = {
    destination: row.name,
    eventId: event.id,
    delivered: outcome.ok,
    responseCode: outcome.responseCode,
    error: outcome.error,
    durationMs: Math.round(performance.now() - started),
  };
  await prisma.$transaction((tx) =>
    recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_destination.tested",
      subject: `destination:${row.name}`,
      after: result,
    }),
  );
  return result;
}

export function testEvent(now: Date, publicUrl: string): AlertEvent {
  const at = now.toISOString();
  return {
    id: uuidv7(now.getTime()),
    type: "alert.test",
    createdAt: at,
    alert: {
      id: "00000000-0000-7000-8000-000000000000",
      status: "open",
      severity: "info",
      title: "Test notification from Tidemark",
      model: "(test)",
      version: null,
      subject: "test",
      feature: null,
      rule: { id: null, name: "test", kind: "test" },
      occurrences: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      snoozedUntil: null,
      snoozedBy: null,
      evidence: { summary: "If you can read this, the destination works.", window: { start: at, end: at }, link: "/alerts" },
      link: "/alerts",
      url: `${publicUrl}/alerts`,
    },
  };
}
