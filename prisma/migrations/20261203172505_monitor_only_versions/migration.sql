-- AlterTable
ALTER TABLE "model_versions" ALTER COLUMN "artifact_sha256" DROP NOT NULL;
