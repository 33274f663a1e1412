import { requireSession } from "@/lib/auth/dashboard-session";
import { serviceSeries } from "@/lib/monitors/service/service-series";
import { loadModelPage } from "@/lib/dashboard/model-page-context";
import { ModelTabs } from "@/lib/dashboard/model-tabs";
import { TimeSeriesChart } from "@/lib/dashboard/charts";
import { Badge, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/ui";

export const dynamic = "force-dynamic";

export default async function ServicePage(props: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const { db, name, model, range, version, carried } = await loadModelPage(props.params, props.searchParams);
  const { points } = await serviceSeries(db, name, { from: range.from, to: range.to, version });
  const latency = points.map((p) => ({
    time: p.windowStart,
    p50: p.p50Ms,
    p95: p.p95Ms,
    p99: p.p99Ms,
    SLA: p.slaP99Ms,
  }));
  const traffic = points.map((p) => ({
    time: p.windowStart,
    "requests/s": Number(p.requestsPerS),
    "rows/s": Number(p.rowsPerS),
  }));
  const errors = points.map((p) => ({ time: p.windowStart, "error rate": Number(p.errorRate) }));
  return (
    <>
      <PageHeader title={name} subtitle={`Service health · last ${range.key}`}>
        <RangePicker
          current={range.key}
          versions={{ current: version, all: model.versions.map((v) => v.version), defaultLabel: "all versions" }}
        />
      </PageHeader>
      <ModelTabs name={name} current="/service" query={carried} />
      {points.length === 0 ? (
        <Panel title="Latency and throughput">
          <EmptyState title="No service windows computed for this range yet.">
            <p>
              The service job computes them hourly from the prediction log and request counts; run it now with{" "}
              <code>npx tidemark job service --model {name}</code>.
            </p>
          </EmptyState>
        </Panel>
      ) : (
        <>
          <Panel title="Latency percentiles against the SLA (ms, server side)">
            <TimeSeriesChart
              data={latency}
              categories={["p50", "p95", "p99", "SLA"]}
              colors={["blue", "amber", "rose", "gray"]}
              label="Latency percentiles per window"
              valueFormatter="ms"
            />
          </Panel>
          <div className="grid gap-6 lg:grid-cols-2">
            <Panel title="Throughput">
              <TimeSeriesChart
                data={traffic}
                categories={["requests/s", "rows/s"]}
                label="Throughput per window"
                valueFormatter="ratio"
              />
            </Panel>
            <Panel title="Error rate (5xx share of predict requests)">
              <TimeSeriesChart
                data={errors}
                categories={["error rate"]}
                colors={["rose"]}
                label="Error rate per window"
                valueFormatter="ratio"
              />
            </Panel>
          </div>
          <Panel title="SLA breaches">
            <Table
              caption="Windows that broke the SLA"
              head={["Window", "Version", "Rule", "Value", "Limit"]}
              rows={points.flatMap((p) =>
                p.breaches.map((b) => [
                  String(p.windowStart).slice(0, 16).replace("T", " "),
                  p.version ?? "",
                  <Badge key="r" tone="red">
                    {b.rule}
                  </Badge>,
                  b.value.toFixed(2),
                  b.limit,
                ]),
              )}
            />
          </Panel>
        </>
      )}
    </>
  );
}
