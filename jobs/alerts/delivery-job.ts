// Alert delivery: sends due notifications from the outbox (webhook, Slack, email) with retries and
// backoff. Runs in the jobs process every 15 seconds (the scheduler's delivery task). Not recorded
// in job_runs: each notification keeps its own attempts, and a tick with nothing due leaves no
// trace. Any number of processes may deliver at once: claims skip rows another worker holds.
import type { Database } from "@/lib/db/open-database";
import { deliverDueNotifications, type DeliverySummary } from "@/lib/alerts/notifications/deliver-notifications";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";

export const DELIVERY_SCHEDULE = "*/15 * * * * *";

export function runAlertDelivery(db: Database): Promise<DeliverySummary> {
  return deliverDueNotifications(db, { settings: getDeliverySettings(), key: getSecretKey() });
}
