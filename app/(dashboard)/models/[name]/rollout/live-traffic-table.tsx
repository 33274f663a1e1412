import type { RolloutTraffic, RolloutTrafficSide } from "@/lib/prediction-log/compare-rollout-traffic";
import { Table } from "@/lib/dashboard/components/ui";

const num = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? "—" : Number.isInteger(x) ? x.toLocaleString("en-US") : x.toFixed(digits);
const shares = (s: RolloutTrafficSide) =>
  Object.entries(s.labelShares)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([label, share]) => `${label} ${(share * 100).toFixed(1)}%`)
    .join(", ") || "—";

/**
 * Champion against challenger on the same window. A shadow pairs every challenger row with the
 * champion's answer for the same record, so agreement is pairwise; a canary or A/B sends each
 * request to one side only, so only the distributions of their outputs compare (said so below).
 */
export function LiveTrafficTable(props: {
  traffic: RolloutTraffic;
  mode: string;
  task: string;
  champion: number;
  challenger: number;
}) {
  const { traffic, mode, task } = props;
  const classification = task !== "regression";
  const rows: [string, (s: RolloutTrafficSide) => string][] = [
    ["Predictions answered to callers", (s) => num(s.served)],
    ["Shadow predictions (logged only)", (s) => num(s.shadow)],
    classification ? ["Predicted labels", shares] : ["Mean predicted value", (s) => num(s.meanValue)],
    ["Compute time mean / p99", (s) => (s.latency ? `${num(s.latency.meanMs, 2)} / ${num(s.latency.p99Ms, 2)} ms` : "—")],
  ];
  const { count, agreement, meanAbsDifference } = traffic.pairs;
  return (
    <div className="space-y-2 text-sm">
      <Table
        caption="Champion and challenger on live traffic"
        head={["", `v${props.champion} (champion)`, `v${props.challenger} (challenger)`]}
        rows={rows.map(([label, value]) => [label, value(traffic.champion), value(traffic.challenger)])}
      />
      {mode === "shadow" ? (
        <p>
          {count === 0
            ? "No shadow pairs in this range yet."
            : classification
              ? `Agreement: ${agreement === null ? "—" : `${num(agreement * 100, 1)}%`} of ${num(count)} paired predictions gave the same label.`
              : `Mean |difference|: ${num(meanAbsDifference)} over ${num(count)} paired predictions.`}
        </p>
      ) : (
        <p className="text-gray-600">
          A {mode} sends each request to one version, so there are no pairs: compare the distributions of their outputs above (the
          groups of requests differ).
        </p>
      )}
    </div>
  );
}
