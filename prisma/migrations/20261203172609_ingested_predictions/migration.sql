-- CreateTable
CREATE TABLE "ingested_prediction_ids" (
    "prediction_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingested_prediction_ids_pkey" PRIMARY KEY ("prediction_id")
);

-- CreateTable
CREATE TABLE "kserve_event_halves" (
    "model_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "request" JSONB,
    "response" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kserve_event_halves_pkey" PRIMARY KEY ("model_id","event_id")
);

-- CreateIndex
CREATE INDEX "ingested_prediction_ids_created_at_idx" ON "ingested_prediction_ids"("created_at");

-- CreateIndex
CREATE INDEX "kserve_event_halves_received_at_idx" ON "kserve_event_halves"("received_at");

-- Where a logged prediction came from: NULL when Tidemark served it, 'ingest' for POST /predictions,
-- 'kserve' for KServe logger events. Nullable without a default, so adding it to the partitioned
-- log rewrites nothing: it is a catalogue change, and served rows keep costing no extra byte.
ALTER TABLE "predictions" ADD COLUMN "source" TEXT;
