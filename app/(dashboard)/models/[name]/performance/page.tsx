import { loadPerformancePage } from "@/lib/dashboard/loaders/performance-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { DecileChart, TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Code, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";

export default async function PerformancePage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, model, range, version, carried, points, series, metric, business } = await loadPerformancePage(
    props.params,
    props.searchParams,
  );

  return (
    <>
      <PageHeader title={name} subtitle={`Performance and business impact · last ${range.key}`}>
        <RangePicker
          current={range.key}
          versions={{ current: version, all: model.versions.map((v) => v.version), defaultLabel: "all versions" }}
        />
      </PageHeader>
      <ModelTabs name={name} current="/performance" query={carried} />
      <Panel title={`${metric}: realized and estimated, against the deploy threshold`}>
        {series.length === 0 ? (
          <EmptyState title="No performance computed for this range yet.">
            <p>
              Send outcomes for earlier predictions, then the performance job computes realized values (estimates need no labels):
            </p>
            <Code>{`curl -s http://localhost:3000/api/v1/outcomes -H "authorization: Bearer $INGEST_KEY" -H 'content-type: application/json' -d '{"model":"${name}","outcomes":[{"predictionId":"…","label":"…"}]}'\nnpx tidemark job performance --model ${name}`}</Code>
          </EmptyState>
        ) : (
          <>
            <TimeSeriesChart
              data={series}
              categories={["realized", "estimated", "deploy threshold"]}
              colors={["blue", "amber", "rose"]}
              label={`${metric} per window`}
              valueFormatter="ratio"
            />
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              <TimeSeriesChart
                data={series}
                categories={["coverage"]}
                colors={["emerald"]}
                label="Label coverage per window"
                valueFormatter="ratio"
              />
              <TimeSeriesChart
                data={series}
                categories={["expected cost"]}
                colors={["rose"]}
                label="Expected cost per prediction per window"
                valueFormatter="ratio"
              />
            </div>
          </>
        )}
      </Panel>
      <Panel title="Business metrics">
        {business.length === 0 ? (
          <EmptyState title="No business events linked to this model's predictions yet.">
            <Code>{`curl -s http://localhost:3000/api/v1/events -H "authorization: Bearer $INGEST_KEY" -H 'content-type: application/json' -d '{"events":[{"name":"conversion","entityId":"…","value":1,"time":"2026-11-25T10:00:00Z"}]}'`}</Code>
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
                />
                <TimeSeriesChart
                  data={own.map((p) => ({ time: p.windowStart, rate: Number(p.rate) }))}
                  categories={["rate"]}
                  label={`${String(b.name)} rate per window`}
                  valueFormatter="ratio"
                />
              </div>
            ))}
          </div>
        )}
      </Panel>
      {points.length ? (
        <Panel title="Windows">
          <Table
            caption="Performance per window"
            head={["Window", "Version", "Kind", metric, "Coverage", "Expected cost"]}
            rows={points
              .slice(-48)
              .reverse()
              .map((p) => [
                p.windowStart.slice(0, 16).replace("T", " "),
                p.version ?? "",
                p.kind,
                p.primaryValue?.toFixed(4) ?? "—",
                p.labelCoverage.toFixed(3),
                p.expectedCost?.toFixed(4) ?? "—",
              ])}
          />
        </Panel>
      ) : null}
    </>
  );
}
