import Link from "next/link";
import type { AlertView } from "@/lib/alerts/alert-row";
import { Badge, EmptyState, ModelLink, Panel, Table } from "@/lib/dashboard/components/ui";
import { AlertActions } from "./action-forms";
import { SEVERITY_TONE, STATUS_TONE, time } from "./alert-format";

function Evidence({ alert }: { alert: AlertView }) {
  const e = alert.evidence;
  return (
    <div className="max-w-md space-y-1 text-xs text-gray-700">
      <p>{e?.summary}</p>
      <details>
        <summary className="cursor-pointer text-gray-500">Evidence</summary>
        <dl className="mt-1 grid grid-cols-[auto,1fr] gap-x-3 gap-y-0.5">
          <dt className="text-gray-500">Window</dt>
          <dd>
            {time(e?.window?.start)} → {time(e?.window?.end)}
          </dd>
          {e?.statistic ? (
            <>
              <dt className="text-gray-500">Statistic</dt>
              <dd>
                {e.statistic.name} = {e.statistic.value ?? "n/a"}
                {e.statistic.pAdjusted !== undefined ? ` (adjusted p ${e.statistic.pAdjusted ?? "n/a"})` : ""}
              </dd>
            </>
          ) : null}
          {e?.threshold !== undefined && e?.threshold !== null ? (
            <>
              <dt className="text-gray-500">Threshold</dt>
              <dd>{e.threshold}</dd>
            </>
          ) : null}
          {e?.sampleSizes ? (
            <>
              <dt className="text-gray-500">Sample sizes</dt>
              <dd>
                {Object.entries(e.sampleSizes)
                  .map(([k, v]) => `${k} ${v ?? "n/a"}`)
                  .join(", ")}
              </dd>
            </>
          ) : null}
          {e?.topFeatures?.length ? (
            <>
              <dt className="text-gray-500">Top drifted</dt>
              <dd>
                {e.topFeatures.map((f) => `${f.feature} (${f.importance} × ${f.effectSize ?? "n/a"}/${f.threshold})`).join(", ")}
              </dd>
            </>
          ) : null}
        </dl>
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
          head={["Severity", "Alert", "Status", "Count", "First / last seen", "Evidence", ...(admin ? ["Actions"] : [])]}
          rows={alerts.map((a) => [
            <Badge key="s" tone={SEVERITY_TONE[a.severity]}>
              {a.severity}
            </Badge>,
            <div key="t" className="space-y-0.5">
              <p className="font-medium text-gray-900">{a.title}</p>
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
