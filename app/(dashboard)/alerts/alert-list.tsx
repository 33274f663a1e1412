import Link from "next/link";
import type { AlertView } from "@/lib/alerts/alert-row";
import { Badge, EmptyState, ModelLink, Panel, Table } from "@/lib/dashboard/components/ui";
import { AlertActions } from "./action-forms";
import { SEVERITY_TONE, STATUS_TONE, time } from "./alert-format";
import { EvidenceFacts, NextStepNote } from "./evidence-facts";

function Evidence({ alert }: { alert: AlertView }) {
  return (
    <div className="max-w-md space-y-1 text-xs text-gray-700">
      <p>{alert.evidence?.summary}</p>
      <NextStepNote alert={alert} />
      <details>
        <summary className="cursor-pointer text-gray-500">Evidence</summary>
        <div className="mt-1">
          <EvidenceFacts alert={alert} />
        </div>
      </details>
      <Link href={alert.link} className="text-blue-700 hover:underline">
        Open the evidence page →
      </Link>
    </div>
  );
}

/** The alerts table, or an empty state explaining when alerts open. */
export function AlertsPanel({ alerts, admin }: { alerts: AlertView[]; admin: boolean }) {
  return (
    <Panel title="Alerts">
      {alerts.length === 0 ? (
        <EmptyState title="No alerts match.">
          <p>
            Alerts open when a rule&apos;s condition holds for its number of consecutive windows, and resolve themselves after
            healthy ones.
          </p>
        </EmptyState>
      ) : (
        <Table
          caption="Alerts, newest first"
          head={["Severity", "Alert", "Status", "Count", "Since / last seen", "Evidence", ...(admin ? ["Actions"] : [])]}
          rows={alerts.map((a) => [
            <Badge key="s" tone={SEVERITY_TONE[a.severity]}>
              {a.severity}
            </Badge>,
            <div key="t" className="space-y-0.5">
              <Link href={`/alerts/${a.id}`} className="font-medium text-gray-900 hover:underline">
                {a.title}
              </Link>
              <p className="text-xs text-gray-500">
                <ModelLink name={a.model} /> · {a.rule.name} · {a.subject}
              </p>
            </div>,
            <div key="st" className="space-y-0.5 text-xs">
              <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>
              {a.acknowledgedBy ? <p className="text-gray-500">ack by {a.acknowledgedBy}</p> : null}
              {a.resolvedBy ? (
                <p className="text-gray-500">
                  by {a.resolvedBy} {time(a.resolvedAt)}
                  {a.resolution ? `: ${a.resolution}` : ""}
                </p>
              ) : null}
              {a.snoozedUntil ? <p className="text-amber-700">snoozed until {time(a.snoozedUntil)}</p> : null}
            </div>,
            a.occurrences,
            <span key="seen" className="text-xs">
              {time(a.firstSeenAt)}
              <br />
              {time(a.lastSeenAt)}
            </span>,
            <Evidence key="e" alert={a} />,
            ...(admin ? [<AlertActions key="act" id={a.id} title={a.title} status={a.status} />] : []),
          ])}
        />
      )}
    </Panel>
  );
}
