-- CreateTable
CREATE TABLE "attribution_results" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "model_version_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "feature" TEXT NOT NULL,
    "mean_abs" DOUBLE PRECISION NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "records" INTEGER NOT NULL,
    "predictions" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "space" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attribution_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "attribution_results_model_version_id_window_start_window_en_key" ON "attribution_results"("model_version_id", "window_start", "window_end", "feature");
