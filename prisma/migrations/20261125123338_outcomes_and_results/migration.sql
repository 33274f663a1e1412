-- CreateTable
CREATE TABLE "outcomes" (
    "id" BIGSERIAL NOT NULL,
    "model_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "prediction_id" UUID,
    "entity_id" TEXT,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "label" TEXT,
    "value" DOUBLE PRECISION,
    "linked_prediction_id" UUID,
    "prediction_created_at" TIMESTAMPTZ(3),
    "model_version_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_events" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "linked_prediction_id" UUID,
    "prediction_created_at" TIMESTAMPTZ(3),
    "model_version_id" UUID,

    CONSTRAINT "business_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "performance_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "predictions" INTEGER NOT NULL,
    "labeled" INTEGER NOT NULL,
    "label_coverage" DOUBLE PRECISION NOT NULL,
    "metrics" JSONB NOT NULL,
    "primary_metric" TEXT NOT NULL,
    "primary_value" DOUBLE PRECISION,
    "meets_threshold" BOOLEAN,
    "expected_cost" DOUBLE PRECISION,
    "label_delay" JSONB,
    "estimate_error" JSONB,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "performance_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "name" TEXT NOT NULL,
    "predictions" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "deciles" JSONB NOT NULL,
    "correlation" DOUBLE PRECISION,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "p50_ms" DOUBLE PRECISION,
    "p95_ms" DOUBLE PRECISION,
    "p99_ms" DOUBLE PRECISION,
    "requests_per_s" DOUBLE PRECISION NOT NULL,
    "rows_per_s" DOUBLE PRECISION NOT NULL,
    "error_rate" DOUBLE PRECISION NOT NULL,
    "sla_p99_ms" DOUBLE PRECISION,
    "sla_min_rps" DOUBLE PRECISION,
    "breaches" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_stats" (
    "model_name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "status_class" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "request_stats_pkey" PRIMARY KEY ("model_name","version","minute","status_class")
);

-- CreateIndex
CREATE INDEX "outcomes_model_version_id_prediction_created_at_idx" ON "outcomes"("model_version_id", "prediction_created_at");

-- CreateIndex
CREATE INDEX "outcomes_model_id_linked_prediction_id_idx" ON "outcomes"("model_id", "linked_prediction_id");

-- CreateIndex
CREATE UNIQUE INDEX "outcomes_model_id_prediction_id_key" ON "outcomes"("model_id", "prediction_id");

-- CreateIndex
CREATE UNIQUE INDEX "outcomes_model_id_entity_id_observed_at_key" ON "outcomes"("model_id", "entity_id", "observed_at");

-- CreateIndex
CREATE INDEX "business_events_entity_id_occurred_at_idx" ON "business_events"("entity_id", "occurred_at");

-- CreateIndex
CREATE INDEX "business_events_model_version_id_prediction_created_at_idx" ON "business_events"("model_version_id", "prediction_created_at");

-- CreateIndex
CREATE UNIQUE INDEX "business_events_name_entity_id_occurred_at_key" ON "business_events"("name", "entity_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "performance_results_model_version_id_window_start_window_en_key" ON "performance_results"("model_version_id", "window_start", "window_end", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "business_results_model_version_id_window_start_window_end_n_key" ON "business_results"("model_version_id", "window_start", "window_end", "name");

-- CreateIndex
CREATE UNIQUE INDEX "service_results_model_version_id_window_start_window_end_key" ON "service_results"("model_version_id", "window_start", "window_end");
