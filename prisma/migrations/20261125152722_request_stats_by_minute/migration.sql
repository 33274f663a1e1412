-- CreateIndex
CREATE INDEX "request_stats_model_name_minute_idx" ON "request_stats"("model_name", "minute");
