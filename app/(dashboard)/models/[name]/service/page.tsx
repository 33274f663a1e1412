import { loadServicePage } from "@/lib/dashboard/loaders/service-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Badge, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";

export default async function ServicePage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, model, range, version, carried, points, latency, traffic, errors, provisional } = await loadServicePage(
    props.params,
    props.searchParams,
  );
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
              provisional={provisional.latency}
            />
          </Panel>
          <div className="grid gap-6 lg:grid-cols-2">
            <Panel title="Throughput (per second, averaged over each window)">
              <TimeSeriesChart
                data={traffic}
                categories={["requests/s", "rows/s"]}
                label="Throughput per window"
                valueFormatter="perSecond"
                provisional={provisional.traffic}
                zeroMax={1}
              />
            </Panel>
            <Panel title="Error rate (5xx share of predict requests)">
              <TimeSeriesChart
                data={errors}
                categories={["error rate"]}
                colors={["rose"]}
                label="Error rate per window"
                valueFormatter="percent"
                provisional={provisional.errors}
                zeroMax={0.01}
              />
            </Panel>
          </div>
          <Panel title="SLA breaches">
            <Table
              caption="Windows that broke the SLA (provisional windows are left out: they decide nothing)"
              head={["Window", "Version", "Rule", "Value", "Limit"]}
              rows={points.flatMap((p) =>
                p.provisional
                  ? []
                  : (p.breaches as { rule: string; value: number; limit: number }[]).map((b) => [
                      String(p.windowStart).slice(0, 16).replace("T", " "),
                      p.version ?? "",
                      <Badge key="r" tone="red">
                        {b.rule}
                      </Badge>,
                      `${b.value.toLocaleString("en-US", { maximumFractionDigits: 1 })} ms`,
                      `${b.limit.toLocaleString("en-US")} ms`,
                    ]),
              )}
            />
          </Panel>
        </>
      )}
    </>
  );
}
