import Link from "next/link";
import { loadAlertDetailPage } from "@/lib/dashboard/loaders/alerts-page";
import { Badge, ModelLink, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";
import { formatInstant } from "@/lib/alerts/format-measure";
import { AlertActions } from "../action-forms";
import { SEVERITY_TONE, STATUS_TONE } from "../alert-format";
import { EvidenceFacts, NextStepNote } from "../evidence-facts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alert · Tidemark" };

/** One alert: since when, how strong, which features, what to do next, and what was sent. */
export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const { admin, alert } = await loadAlertDetailPage((await params).id);
  return (
    <>
      <PageHeader
        title={alert.title}
        subtitle={
          <>
            <ModelLink name={alert.model} /> · rule {alert.rule.name} ({alert.rule.kind}) · {alert.subject}
          </>
        }
      >
        <div className="flex items-center gap-2">
          <Badge tone={SEVERITY_TONE[alert.severity]}>{alert.severity}</Badge>
          <Badge tone={STATUS_TONE[alert.status]}>{alert.status}</Badge>
        </div>
      </PageHeader>
      <Panel title="What happened">
        <div className="space-y-3 text-sm text-gray-800">
          <p>{alert.evidence?.summary}</p>
          <NextStepNote alert={alert} />
          <EvidenceFacts alert={alert} />
          <p className="text-xs text-gray-500">
            {alert.occurrences} breaching window{alert.occurrences === 1 ? "" : "s"} counted · last counted{" "}
            {formatInstant(alert.lastSeenAt)}
            {alert.acknowledgedBy ? ` · acknowledged by ${alert.acknowledgedBy}` : ""}
            {alert.resolvedBy ? ` · resolved by ${alert.resolvedBy} ${formatInstant(alert.resolvedAt)}` : ""}
            {alert.resolution ? `: ${alert.resolution}` : ""}
          </p>
          <Link href={alert.link} className="text-blue-700 hover:underline">
            Open the evidence page →
          </Link>
          {admin ? <AlertActions id={alert.id} title={alert.title} status={alert.status} /> : null}
        </div>
      </Panel>
      <Panel title="Notifications">
        {alert.notifications.length === 0 ? (
          <p className="text-sm text-gray-600">None: the rule has no channels, is muted, or the alert was snoozed.</p>
        ) : (
          <Table
            caption="Notifications of this alert"
            head={["Event", "Destination", "Status", "Attempts", "Delivered"]}
            rows={alert.notifications.map((n) => [
              n.event,
              n.destination,
              n.status,
              n.attempts,
              n.deliveredAt ? formatInstant(n.deliveredAt) : (n.lastError ?? "—"),
            ])}
          />
        )}
      </Panel>
    </>
  );
}
