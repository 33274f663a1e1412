import { loadAlertsPage } from "@/lib/dashboard/loaders/alerts-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import { PageHeader } from "@/lib/dashboard/components/ui";
import { AlertsFilter } from "./alerts-filter";
import { AlertsPanel } from "./alert-list";
import { DeadNotificationsPanel, DeliveryAttemptsPanel } from "./delivery-panels";
import { DestinationsPanel } from "./destinations-panel";
import { RulesPanel } from "./rules-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts · Tidemark" };

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const { admin, params, status, alerts, rules, destinations, deadNotifications, attempts } = await loadAlertsPage(searchParams);

  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle="Raised by the alert rules from monitoring results; delivered to destinations with retries."
      >
        <AlertsFilter status={status} model={params.model} />
      </PageHeader>
      <AlertsPanel alerts={alerts} admin={admin} />
      <RulesPanel rules={rules} admin={admin} />
      <DestinationsPanel destinations={destinations} admin={admin} />
      <DeadNotificationsPanel deadNotifications={deadNotifications} admin={admin} />
      <DeliveryAttemptsPanel attempts={attempts} />
    </>
  );
}
