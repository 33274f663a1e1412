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
  | "alert_notification.retried"
  | "user.created"
  | "user.updated"
  | "user.signed_in"
  | "user.locked"
  | "user.password_reset_requested"
  | "user.password_changed"
  | "invitation.created"
  | "invitation.accepted"
  | "invitation.revoked"
  | "project.created"
  | "project.member_set"
  | "project.member_removed";

export type AuditEventInput = {
  actor: string;
  kind: AuditKind;
  modelName?: string;
  /** The project the event belongs to; for a model's event, its model's project when not given. */
  projectId?: string | null;
  subject: string;
  before?: unknown;
  after?: unknown;
};

type AuditWriter = {
  auditEvent: Pick<Prisma.TransactionClient["auditEvent"], "create">;
  model: Pick<Prisma.TransactionClient["model"], "findUnique">;
};

/**
 * Written inside the caller's transaction, so an audited change and its record commit together.
 * A model's event takes its model's project here, so no caller can file it in the wrong one (or
 * none) and the audit of a project shows all of its models' history.
 */
export async function recordAuditEvent(tx: AuditWriter, event: AuditEventInput): Promise<void> {
  let projectId = event.projectId ?? null;
  if (event.projectId === undefined && event.modelName !== undefined) {
    const model = await tx.model.findUnique({ where: { name: event.modelName }, select: { projectId: true } });
    projectId = model?.projectId ?? null;
  }
  await tx.auditEvent.create({
    data: {
      actor: event.actor,
      kind: event.kind,
      modelName: event.modelName ?? null,
      projectId,
      subject: event.subject,
      before: event.before === undefined ? undefined : (event.before as Prisma.InputJsonValue),
      after: event.after === undefined ? undefined : (event.after as Prisma.InputJsonValue),
    },
  });
}
