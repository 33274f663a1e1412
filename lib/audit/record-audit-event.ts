import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditKind =
  | "model.version_registered"
  | "model.alias_moved"
  | "model.rollout_set"
  | "model.rollout_ended"
  | "model.updated"
  | "model.monitoring_updated"
  | "api_key.created"
  | "api_key.revoked"
  | "session.revoked"
  | "outcomes.ingested"
  | "outcome.replaced"
  | "events.ingested"
  | "alert_rule.created"
  | "alert_rule.updated"
  | "alert_rule.deleted"
  | "alert_destination.created"
  | "alert_destination.updated"
  | "alert_destination.deleted"
  | "alert_destination.tested"
  | "alert.acknowledged"
  | "alert.resolved"
  | "alert.snoozed"
  | "alert_notification.retried";

export type AuditEventInput = {
  actor: string;
  kind: AuditKind;
  modelName?: string;
  subject: string;
  before?: unknown;
  after?: unknown;
};

type AuditWriter = { auditEvent: Pick<Prisma.TransactionClient["auditEvent"], "create"> };

/** Written inside the caller's transaction, so an audited change and its record commit together. */
export async function recordAuditEvent(tx: AuditWriter, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: event.actor,
      kind: event.kind,
      modelName: event.modelName ?? null,
      subject: event.subject,
      before: event.before === undefined ? undefined : (event.before as Prisma.InputJsonValue),
      after: event.after === undefined ? undefined : (event.after as Prisma.InputJsonValue),
    },
  });
}
