-- CreateTable
CREATE TABLE "prediction_dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "prediction_id" TEXT,
    "model_version_id" TEXT,
    "prediction_created_at" TEXT,
    "sql_state" TEXT,
    "error" TEXT NOT NULL,
    "row" TEXT NOT NULL,
    "dead_lettered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prediction_idempotency_keys" (
    "api_key_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_idempotency_keys_pkey" PRIMARY KEY ("api_key_id","key")
);

-- CreateIndex
CREATE INDEX "prediction_dead_letters_dead_lettered_at_idx" ON "prediction_dead_letters"("dead_lettered_at");

-- CreateIndex
CREATE INDEX "prediction_idempotency_keys_created_at_idx" ON "prediction_idempotency_keys"("created_at");
