import type { AuditRow } from "@/lib/audit/list-audit-events";
import { actorText } from "@/lib/audit/describe-actor";
import { SUMMED_COUNTERS } from "@/lib/audit/audit-kinds";
import { Badge } from "@/lib/dashboard/components/ui";

type GateRule = { passed: boolean; message: string };
type AliasAfter = {
  version?: number;
  forced?: boolean;
  reason?: string | null;
  gatePassed?: boolean | null;
  gate?: { rules?: GateRule[] } | null;
};

const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

/** When: an event's time, or the hour a group covers. */
export function auditWhen(row: AuditRow): string {
  const at = (iso: string) => iso.slice(0, 16).replace("T", " ");
  return row.hour ? `${at(row.hour)}–${row.hour.slice(11, 13)}:59 UTC` : `${at(row.at)}:${row.at.slice(17, 19)}`;
}

export function AuditWho({ actor }: { actor: string }) {
  return <span title={actor}>{actorText(actor)}</span>;
}

/** An alias move reads as its verdict and the gate's rules; a group as its counters; the rest as before → after. */
export function AuditDetails({ row }: { row: AuditRow }) {
  if (row.kind === "model.alias_moved") return <AliasMove before={row.before} after={row.after as AliasAfter} />;
  if (row.hour) {
    // In the order ingestion reports them (jsonb hands keys back in its own order).
    const sums = (row.after ?? {}) as Record<string, number>;
    const counters = SUMMED_COUNTERS.filter((k) => sums[k] !== undefined).map((k) => `${k} ${sums[k].toLocaleString("en-US")}`);
    return (
      <span className="text-xs text-gray-700">
        {counters.length ? counters.join(" · ") : `${row.count.toLocaleString("en-US")} events`}
      </span>
    );
  }
  return (
    <code className="text-xs break-all">
      {json(row.before)}
      {row.before !== null && row.after !== null ? " → " : ""}
      {json(row.after)}
    </code>
  );
}

function AliasMove({ before, after }: { before: unknown; after: AliasAfter }) {
  const from = (before as { version?: number | null } | null)?.version;
  const verdict =
    after.gatePassed === null || after.gatePassed === undefined ? null : after.forced ? (
      <Badge tone="red">gate failed · forced</Badge>
    ) : after.gatePassed ? (
      <Badge tone="green">gate passed</Badge>
    ) : (
      <Badge tone="red">gate failed</Badge>
    );
  return (
    <div className="space-y-1 text-xs">
      <div>
        {from === null || from === undefined ? "" : `v${from} `}→ v{after.version} {verdict}{" "}
        {after.reason ? <span className="text-gray-600">“{after.reason}”</span> : null}
      </div>
      {after.gate?.rules?.length ? (
        <ul className="list-disc pl-4 text-gray-600">
          {after.gate.rules.map((r) => (
            <li key={r.message}>
              {r.passed ? "✓" : "✗"} {r.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
