import Link from "next/link";
import { loadAlertsPage } from "@/lib/dashboard/loaders/alerts-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import type { AlertView } from "@/lib/alerts/alert-row";
import { Badge, EmptyState, ModelLink, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";
import { AlertActions, MuteRuleForm, RetryNotificationForm } from "./action-forms";
import { DestinationsPanel } from "./destinations-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts · Tidemark" };

const SEVERITY_TONE = { critical: "red", warning: "amber", info: "blue" } as const;
const STATUS_TONE = { open: "red", acknowledged: "amber", resolved: "green" } as const;
const time = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

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

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const { admin, params, status, alerts, rules, destinations, deadNotifications, attempts } = await loadAlertsPage(searchParams);

  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle="Raised by the alert rules from monitoring results; delivered to destinations with retries."
      >
        <form method="get" className="flex items-end gap-2 text-sm">
          <label className="flex flex-col text-gray-600">
            Status
            <select name="status" defaultValue={status} className="rounded-md border-gray-300 text-sm">
              <option value="active">open or acknowledged</option>
              <option value="open">open</option>
              <option value="acknowledged">acknowledged</option>
              <option value="resolved">resolved</option>
              <option value="all">all</option>
            </select>
          </label>
          <label className="flex flex-col text-gray-600">
            Model
            <input name="model" defaultValue={params.model ?? ""} className="rounded-md border-gray-300 text-sm" />
          </label>
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 font-semibold text-white hover:bg-blue-700">
            Filter
          </button>
        </form>
      </PageHeader>

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

      <Panel title="Rules">
        <p className="mb-2 text-sm text-gray-600">
          Rules without a model are global defaults, copied to every model when it is created. A muted rule keeps tracking alerts
          but sends nothing. Rules are created and changed over <code>/api/v1/alert-rules</code>.
        </p>
        <Table
          caption="Alert rules"
          head={[
            "Model",
            "Rule",
            "Kind",
            "Severity",
            "Fires after / resolves after",
            "Channels",
            "State",
            ...(admin ? [""] : []),
          ]}
          rows={rules.map((r) => [
            r.model ? (
              <ModelLink key="m" name={r.model} />
            ) : (
              <Badge key="m" tone="gray">
                default for new models
              </Badge>
            ),
            r.name,
            r.kind,
            <Badge key="s" tone={SEVERITY_TONE[r.severity]}>
              {r.severity}
            </Badge>,
            `${r.fireAfter} / ${r.resolveAfter} windows`,
            r.channels.length ? (
              r.channels.join(", ")
            ) : (
              <span key="c" className="text-gray-400">
                none
              </span>
            ),
            !r.enabled ? (
              <Badge key="st" tone="gray">
                disabled
              </Badge>
            ) : r.muted ? (
              <Badge key="st" tone="amber">
                muted
              </Badge>
            ) : (
              <Badge key="st" tone="green">
                active
              </Badge>
            ),
            ...(admin ? [<MuteRuleForm key="mute" id={r.id} name={`${r.model ?? "default"}/${r.name}`} muted={r.muted} />] : []),
          ])}
        />
      </Panel>

      <DestinationsPanel destinations={destinations} admin={admin} />

      <Panel title="Dead notifications">
        {deadNotifications.length === 0 ? (
          <p className="text-sm text-gray-600">None: every notification was delivered or is still being retried.</p>
        ) : (
          <Table
            caption="Notifications that ran out of attempts"
            head={["Created", "Event", "Destination", "Attempts", "Last error", ...(admin ? [""] : [])]}
            rows={deadNotifications.map((n) => [
              time(n.createdAt),
              n.event,
              n.destination,
              n.attempts,
              <span key="e" className="text-xs text-red-700">
                {n.lastError}
              </span>,
              ...(admin ? [<RetryNotificationForm key="r" id={n.id} />] : []),
            ])}
          />
        )}
      </Panel>

      <Panel title="Recent delivery attempts">
        {attempts.length === 0 ? (
          <p className="text-sm text-gray-600">No delivery attempted yet.</p>
        ) : (
          <Table
            caption="Delivery attempts, newest first"
            head={["When", "Event", "Destination", "Attempt", "Outcome", "Took"]}
            rows={attempts.map((a) => [
              time(a.startedAt),
              a.event,
              a.destination,
              a.attempt,
              a.ok ? (
                <Badge key="o" tone="green">
                  delivered {a.responseCode ?? ""}
                </Badge>
              ) : (
                <span key="o" className="text-xs text-red-700">
                  {a.error}
                </span>
              ),
              `${a.durationMs} ms`,
            ])}
          />
        )}
      </Panel>
    </>
  );
}
