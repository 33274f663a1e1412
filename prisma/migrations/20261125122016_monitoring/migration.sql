-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('running', 'succeeded', 'failed', 'crashed');

-- CreateTable
CREATE TABLE "job_runs" (
    "id" BIGSERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "model_version_id" UUID,
    "version" INTEGER,
    "window_start" TIMESTAMPTZ(6),
    "window_end" TIMESTAMPTZ(6),
    "trigger" TEXT NOT NULL,
    "status" "JobRunStatus" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "rows_read" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "runner" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "production_profiles" (
    "model_version_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "rows" INTEGER NOT NULL,
    "profile" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "production_profiles_pkey" PRIMARY KEY ("model_version_id","segment","hour")
);

-- CreateTable
CREATE TABLE "profile_watermarks" (
    "model_version_id" UUID NOT NULL,
    "logged_at" TIMESTAMPTZ(6) NOT NULL,
    "last_id" UUID,
    "complete_through" TIMESTAMPTZ(6) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_watermarks_pkey" PRIMARY KEY ("model_version_id")
);

-- CreateTable
CREATE TABLE "drift_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "column_kind" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "statistic" DOUBLE PRECISION,
    "p_value" DOUBLE PRECISION,
    "p_adjusted" DOUBLE PRECISION,
    "effect_method" TEXT NOT NULL,
    "effect_size" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION NOT NULL,
    "decision" TEXT NOT NULL,
    "reference_size" INTEGER NOT NULL,
    "current_size" INTEGER NOT NULL,
    "note" TEXT,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drift_windows" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "features_tested" INTEGER NOT NULL,
    "features_drifted" INTEGER NOT NULL,
    "drifted_share" DOUBLE PRECISION,
    "weighted_score" DOUBLE PRECISION,
    "verdict" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "column" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "expected" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "flagged" BOOLEAN NOT NULL,
    "details" JSONB,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring_settings" (
    "model_id" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_settings_pkey" PRIMARY KEY ("model_id")
);

-- CreateIndex
CREATE INDEX "job_runs_job_model_version_id_window_start_idx" ON "job_runs"("job", "model_version_id", "window_start");

-- CreateIndex
CREATE INDEX "job_runs_model_name_id_idx" ON "job_runs"("model_name", "id");

-- CreateIndex
CREATE INDEX "job_runs_status_id_idx" ON "job_runs"("status", "id");

-- CreateIndex
CREATE INDEX "drift_results_model_version_id_column_window_start_idx" ON "drift_results"("model_version_id", "column", "window_start");

-- CreateIndex
CREATE UNIQUE INDEX "drift_results_model_version_id_segment_column_kind_column_w_key" ON "drift_results"("model_version_id", "segment", "column_kind", "column", "window_start", "window_end", "reference", "method", "effect_method");

-- CreateIndex
CREATE UNIQUE INDEX "drift_windows_model_version_id_segment_window_start_window__key" ON "drift_windows"("model_version_id", "segment", "window_start", "window_end", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "quality_results_model_version_id_segment_column_check_windo_key" ON "quality_results"("model_version_id", "segment", "column", "check", "window_start", "window_end", "reference");

-- AddForeignKey
ALTER TABLE "production_profiles" ADD CONSTRAINT "production_profiles_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_watermarks" ADD CONSTRAINT "profile_watermarks_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_results" ADD CONSTRAINT "drift_results_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_windows" ADD CONSTRAINT "drift_windows_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_results" ADD CONSTRAINT "quality_results_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_settings" ADD CONSTRAINT "monitoring_settings_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: the prediction log is outside Prisma's schema (see the init migration).

-- When each row was written, by the database's clock: the profile job reads the log in this order,
-- from where it stopped, so every row is profiled exactly once however late it arrives (a row's
-- created_at can be far behind its write, e.g. fire-and-forget rows re-queued during an outage).
-- Existing rows are stamped with the migration's time, so the first profile run reads them all.
-- clock_timestamp(), not now(): rows of one transaction must not share the transaction's start time.
ALTER TABLE "predictions" ADD COLUMN "logged_at" TIMESTAMPTZ(6) NOT NULL DEFAULT clock_timestamp();
-- The profile job's keyset scan: (logged_at, id) > cursor for one version, in that order.
CREATE INDEX "predictions_version_logged_idx" ON "predictions" ("model_version_id", "logged_at", "id");
