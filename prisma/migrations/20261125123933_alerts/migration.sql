-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('pending', 'sending', 'delivered', 'dead');

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "model_id" UUID,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "condition" JSONB NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "fire_after" INTEGER NOT NULL,
    "resolve_after" INTEGER NOT NULL,
    "channels" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "rule_id" UUID,
    "rule_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "model_version" INTEGER,
    "subject" TEXT NOT NULL,
    "feature" TEXT,
    "active_key" TEXT,
    "status" "AlertStatus" NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "evaluated_through" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "resolution" TEXT,
    "snoozed_until" TIMESTAMPTZ(3),
    "snoozed_by" TEXT,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_destinations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secrets" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "alert_id" UUID NOT NULL,
    "destination_id" UUID,
    "destination_name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "NotificationStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery_attempts" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "response_code" INTEGER,
    "error" TEXT,

    CONSTRAINT "alert_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_rules_model_id_idx" ON "alert_rules"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_active_key_key" ON "alerts"("active_key");

-- CreateIndex
CREATE INDEX "alerts_status_last_seen_at_idx" ON "alerts"("status", "last_seen_at");

-- CreateIndex
CREATE INDEX "alerts_model_name_status_idx" ON "alerts"("model_name", "status");

-- CreateIndex
CREATE INDEX "alerts_rule_id_subject_idx" ON "alerts"("rule_id", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "alert_destinations_name_key" ON "alert_destinations"("name");

-- CreateIndex
CREATE INDEX "alert_notifications_status_next_attempt_at_idx" ON "alert_notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "alert_notifications_alert_id_idx" ON "alert_notifications"("alert_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_event_id_destination_id_key" ON "alert_notifications"("event_id", "destination_id");

-- CreateIndex
CREATE INDEX "alert_delivery_attempts_notification_id_attempt_idx" ON "alert_delivery_attempts"("notification_id", "attempt");

-- CreateIndex
CREATE INDEX "alert_delivery_attempts_started_at_idx" ON "alert_delivery_attempts"("started_at");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "alert_destinations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery_attempts" ADD CONSTRAINT "alert_delivery_attempts_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Global default rules (model_id NULL). Each is copied to a model when the model is created
-- (lib/alerts/create-default-rules.ts); conditions hold only what differs from the defaults of
-- lib/alerts/rule-schema.ts, which fill in the rest when a rule is read.
INSERT INTO "alert_rules" ("id", "model_id", "name", "kind", "condition", "severity", "fire_after", "resolve_after", "channels", "created_by")
SELECT gen_random_uuid(), NULL, d.name, d.kind, d.condition::jsonb, d.severity::"AlertSeverity", d.fire_after, d.resolve_after, '{}', 'migration'
FROM (VALUES
  ('Feature drift', 'feature_drift', '{}', 'warning', 2, 2),
  ('Dataset drift', 'dataset_drift', '{}', 'critical', 2, 2),
  ('Output drift', 'output_drift', '{}', 'warning', 2, 2),
  ('Data quality', 'data_quality', '{}', 'warning', 2, 2),
  ('Realized performance below threshold', 'performance', '{"source":"realized"}', 'critical', 1, 2),
  ('Estimated performance below threshold', 'performance', '{"source":"estimated"}', 'warning', 2, 2),
  ('Business metric change', 'business', '{}', 'info', 2, 2),
  ('SLA breach', 'sla', '{}', 'warning', 2, 2),
  ('No traffic', 'no_traffic', '{"periodMinutes":60}', 'critical', 1, 1),
  ('Job failures', 'job_failure', '{}', 'warning', 2, 1)
) AS d(name, kind, condition, severity, fire_after, resolve_after);

-- Models registered before alerts existed get their copies now.
INSERT INTO "alert_rules" ("id", "model_id", "name", "kind", "condition", "severity", "fire_after", "resolve_after", "channels", "created_by")
SELECT gen_random_uuid(), m."id", r."name", r."kind", r."condition", r."severity", r."fire_after", r."resolve_after", r."channels", 'migration'
FROM "models" m CROSS JOIN "alert_rules" r
WHERE r."model_id" IS NULL;
