import type { loadPerformancePage, PerformancePoint } from "@/lib/dashboard/loaders/performance-page";
import { DecileChart, TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { provisionalReason } from "@/lib/dashboard/components/provisional-marks";
import { Badge, Code, EmptyState, Panel, Table } from "@/lib/dashboard/components/ui";

const DECILE_UNIT = "predictions in the smallest score decile";
const UNIT = { realized: "labels", estimated: "predictions" } as Record<string, string>;

type Business = Awaited<ReturnType<typeof loadPerformancePage>>["business"];

/** Each business metric by score decile for its latest window, and its rate over time. */
export function BusinessPanel({ business, origin }: { business: Business; origin: string }) {
  return (
    <Panel title="Business metrics">
      {business.length === 0 ? (
        <EmptyState title="No business events linked to this model's predictions yet.">
          <Code>{`curl -s ${origin}/api/v1/events -H "authorization: Bearer $INGEST_KEY" -H 'content-type: application/json' -d '{"events":[{"name":"conversion","entityId":"…","value":1,"time":"2026-11-25T10:00:00Z"}]}'`}</Code>
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {business.map(({ latest: b, points: own }) => (
            <div key={String(b.name)}>
              <h3 className="mb-1 text-sm font-medium">
                {String(b.name)} by score decile (window {String(b.windowStart).slice(0, 16).replace("T", " ")}) · correlation
                with score {b.correlation === null ? "—" : Number(b.correlation).toFixed(3)}
              </h3>
              <DecileChart
                data={(b.deciles as { decile: number; rate: number }[]).map((d) => ({ decile: `D${d.decile}`, rate: d.rate }))}
                label={`${String(b.name)} rate by score decile`}
                provisional={b.provisional ? provisionalReason({ ...b, time: b.windowStart }, DECILE_UNIT) : undefined}
              />
              <TimeSeriesChart
                data={own.map((p) => ({ time: p.windowStart, rate: Number(p.rate) }))}
                categories={["rate"]}
                label={`${String(b.name)} rate per window`}
                valueFormatter="ratio"
                provisional={[{ category: "rate", unit: DECILE_UNIT, windows: own.map((p) => ({ ...p, time: p.windowStart })) }]}
              />
            </div>
          ))}
        </div>
      )}
    </Panel>
  );
}

/** The last 48 windows, newest first. */
export function WindowsPanel({ points, metric }: { points: PerformancePoint[]; metric: string }) {
  return (
    <Panel title="Windows">
      <Table
        caption="Performance per window"
        head={["Window", "Version", "Kind", metric, "Coverage", "Expected cost", "Status"]}
        rows={points
          .slice(-48)
          .reverse()
          .map((p) => [
            p.windowStart.slice(0, 16).replace("T", " "),
            p.version ?? "",
            p.kind,
            p.primaryValue?.toFixed(4) ?? "—",
            `${(p.labelCoverage * 100).toFixed(1)} %`,
            p.expectedCost?.toFixed(4) ?? "—",
            p.provisional ? (
              <span key="s" data-provisional="true" title={provisionalReason(p, UNIT[p.kind] ?? "values")}>
                <Badge tone="gray">○ provisional</Badge>
              </span>
            ) : (
              "judged"
            ),
          ])}
      />
    </Panel>
  );
}
