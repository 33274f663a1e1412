import type { ComparedVersion } from "@/lib/dashboard/loaders/compare-versions";
import type { LatestValue } from "@/lib/dashboard/loaders/version-production-metrics";
import type { DiffRow } from "@/lib/registry/diff-manifests";
import { Badge, Table } from "@/lib/dashboard/components/ui";

const num = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? "—" : Number.isInteger(x) ? x.toLocaleString("en-US") : x.toFixed(digits);
const hour = (iso: string) => iso.slice(0, 16).replace("T", " ");
const latest = (v: LatestValue) => (v ? `${num(v.value)} (window ${hour(v.windowStart)}, n=${num(v.count)})` : "no window yet");

/** The two versions' production figures over the page's range, one row per figure. */
export function ProductionTable({ a, b }: { a: ComparedVersion; b: ComparedVersion }) {
  const metric = b.production.primaryMetric ?? b.primaryMetric;
  const rows: [string, (v: ComparedVersion) => string][] = [
    ["Aliases", (v) => v.aliases.join(", ") || "—"],
    ["Registered", (v) => `${hour(v.registeredAt)} by ${v.registeredBy}`],
    ["Production gate", (v) => (v.gatePassed ? "passes" : "fails")],
    [`Realized ${metric} (latest)`, (v) => latest(v.production.realized)],
    [`Estimated ${metric} (latest)`, (v) => latest(v.production.estimated)],
    [
      "Drift: latest share of features drifted",
      (v) =>
        v.production.drift ? `${num(v.production.drift.latestShare, 2)} (${v.production.drift.latestVerdict})` : "no window yet",
    ],
    [
      "Drift: windows drifted",
      (v) => (v.production.drift ? `${v.production.drift.driftedWindows} of ${v.production.drift.windows}` : "—"),
    ],
    [
      "Latency p50 / p99 (latest window)",
      (v) => (v.production.latency ? `${num(v.production.latency.p50Ms, 1)} / ${num(v.production.latency.p99Ms, 1)} ms` : "—"),
    ],
    ["Requests", (v) => num(v.production.traffic.requests)],
    ["Predictions (rows)", (v) => num(v.production.traffic.rows)],
    ["Errors", (v) => num(v.production.traffic.errors)],
  ];
  return (
    <Table
      caption="Production figures of both versions"
      head={["", `v${a.version}`, `v${b.version}`]}
      rows={rows.map(([label, value]) => [label, value(a), value(b)])}
    />
  );
}

const TONES = { added: "green", removed: "red", changed: "amber", same: "gray" } as const;

/** The manifest items that differ, by section; how many are the same is said below. */
export function DiffTable({ diff, a, b }: { diff: DiffRow[]; a: number; b: number }) {
  const changed = diff.filter((d) => d.change !== "same");
  return (
    <>
      {changed.length === 0 ? (
        <p className="text-sm text-gray-600">The two manifests declare the same features, thresholds, metrics and lineage.</p>
      ) : (
        <Table
          caption="Manifest items that differ between the versions"
          head={["Section", "Item", `v${a}`, `v${b}`, "Change"]}
          rows={changed.map((d) => [
            d.section,
            d.item,
            <span key="a" className="break-all">
              {d.a ?? "—"}
            </span>,
            <span key="b" className="break-all">
              {d.b ?? "—"}
            </span>,
            <Badge key="c" tone={TONES[d.change]}>
              {d.change}
            </Badge>,
          ])}
        />
      )}
      <p className="mt-2 text-xs text-gray-500">{diff.length - changed.length} compared items are the same.</p>
    </>
  );
}
