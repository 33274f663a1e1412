-- The log search and CSV export page one model version at a time by (created_at, id) < cursor,
-- newest first: with id in the index, every page is an index range of exactly the rows it returns,
-- so page 200 costs what page 1 does. It replaces (model_version_id, created_at), its prefix, which
-- every other reader of a version's time window uses just as well.
CREATE INDEX "predictions_version_keyset_idx" ON "predictions" ("model_version_id", "created_at", "id");
DROP INDEX "predictions_version_time_idx";
