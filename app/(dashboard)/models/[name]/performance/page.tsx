import { requireSession } from "@/lib/auth/dashboard-session";
import { businessSeries } from "@/lib/monitors/business/business-series";
import { performanceSeries } from "@/lib/monitors/performance/performance-series";
import { loadModelPage } from "@/lib/dashboard/model-page-context";
import { ModelTabs } from "@/lib/dashboard/model-tabs";
import { DecileChart, TimeSeriesChart } from "@/lib/dashboard/charts";
import { Code, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/ui";

export const dynamic = "force-dynamic";

export default async function PerformancePage(props: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const { db, name, model, range, version, carried } = await loadModelPage(props.params, props.searchParams);
  const query = { from: range.from, to: range.to, version };
  const [perf, business] = await Promise.all([performanceSeries(db, name, query), businessSeries(db, name, query)]);
  const points = perf.points;
  // The threshold drawn is the chosen version's; without a choice, production's (else the newest).
  const shownVersion = version ?? (model.aliases.production as number | undefined);
  const shown = await db.prisma.modelVersion.findFirst({
    where: { model: { name }, ...(shownVersion === undefined ? {} : { version: shownVersion }) },
    orderBy: { version: "desc" },
  });
  const criteria = (
    shown?.manifest as { evaluation?: { successCriteria?: { primaryMetric: string; deployThreshold: number } } } | undefined
  )?.evaluation?.successCriteria;

  const byWindow = new Map<string, Record<string, string | number | null>>();
  for (const p of points) {
    const row = byWindow.get(p.windowStart) ?? {
      time: p.windowStart,
      realized: null,
      estimated: null,
      "deploy threshold": criteria?.deployThreshold ?? null,
      coverage: null,
      "expected cost": null,
    };
    row[p.kind] = p.primaryValue;
    if (p.kind === "realized") {
      row.coverage = p.labelCoverage;
      row["expected cost"] = p.expectedCost;
    } else if (row["expected cost"] === null) row["expected cost"] = p.expectedCost;
    byWindow.set(p.windowStart, row);
  }
  const series = [...byWindow.values()];
  const metric = criteria?.primaryMetric ?? "primary metric";
  const names = [...new Set(business.points.map((b) => String(b.name)))];
  const latestByName = names.map((n) => business.points.filter((b) => b.name === n).at(-1)!);

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
        {latestByName.length === 0 ? (
          <EmptyState title="No business events linked to this model's predictions yet.">
            <Code>{`curl -s http://localhost:3000/api/v1/events -H "authorization: Bearer $INGEST_KEY" -H 'content-type: application/json' -d '{"events":[{"name":"conversion","entityId":"…","value":1,"time":"2026-11-25T10:00:00Z"}]}'`}</Code>
          </EmptyState>
        ) : (
          <div className="grid gap-6 lg:grid-cols-2">
            {latestByName.map((b) => (
              <div key={String(b.name)}>
                <h3 className="mb-1 text-sm font-medium">
                  {String(b.name)} by score decile (window {String(b.windowStart).slice(0, 16).replace("T", " ")}) · correlation
                  with score {b.correlation === null ? "—" : Number(b.correlation).toFixed(3)}
                </h3>
                <DecileChart
                  data={b.deciles.map((d) => ({ decile: `D${d.decile}`, rate: d.rate }))}
                  label={`${String(b.name)} rate by score decile`}
                />
                <TimeSeriesChart
                  data={business.points
                    .filter((p) => p.name === b.name)
                    .map((p) => ({ time: p.windowStart, rate: Number(p.rate) }))}
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
