-- CreateIndex
CREATE INDEX "business_events_received_at_idx" ON "business_events"("received_at");
