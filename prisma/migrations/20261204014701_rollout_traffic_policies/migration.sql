-- CreateEnum
CREATE TYPE "RolloutMode" AS ENUM ('shadow', 'canary', 'ab');

-- CreateTable
CREATE TABLE "traffic_policies" (
    "model_id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "mode" "RolloutMode" NOT NULL,
    "challenger_version_id" UUID NOT NULL,
    "percent" INTEGER,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traffic_policies_pkey" PRIMARY KEY ("model_id","alias")
);

-- AddForeignKey
ALTER TABLE "traffic_policies" ADD CONSTRAINT "traffic_policies_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "traffic_policies" ADD CONSTRAINT "traffic_policies_challenger_version_id_fkey" FOREIGN KEY ("challenger_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rows a shadow challenger logged carry source 'shadow' and the id of the champion's row for the
-- same record, so agreement is computed pairwise and request/latency figures count the caller's
-- answer once. Nullable without a default: a catalogue change on the partitioned log, no rewrite.
ALTER TABLE "predictions" ADD COLUMN "paired_prediction_id" UUID;
