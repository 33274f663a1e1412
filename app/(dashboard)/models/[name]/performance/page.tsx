import { requestOrigin } from "@/lib/dashboard/request-origin";
import { loadPerformancePage } from "@/lib/dashboard/loaders/performance-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Code, EmptyState, PageHeader, Panel, RangePicker } from "@/lib/dashboard/components/ui";
import { BusinessPanel, WindowsPanel } from "./performance-sections";

export const dynamic = "force-dynamic";

export default async function PerformancePage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, model, range, version, carried, points, series, metric, business, provisional } = await loadPerformancePage(
    props.params,
    props.searchParams,
  );
  const origin = await requestOrigin();

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
            <Code>{`curl -s ${origin}/api/v1/outcomes -H "authorization: Bearer $INGEST_KEY" -H 'content-type: application/json' -d '{"model":"${name}","outcomes":[{"predictionId":"…","label":"…"}]}'\nnpx tidemark job performance --model ${name}`}</Code>
          </EmptyState>
        ) : (
          <>
            <TimeSeriesChart
              data={series}
              categories={["realized", "estimated", "deploy threshold"]}
              colors={["blue", "amber", "rose"]}
              label={`${metric} per window`}
              valueFormatter="ratio"
              provisional={provisional.values}
            />
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              <TimeSeriesChart
                data={series}
                categories={["coverage"]}
                colors={["emerald"]}
                label="Label coverage per window"
                valueFormatter="percent"
                provisional={provisional.coverage}
              />
              <TimeSeriesChart
                data={series}
                categories={["expected cost"]}
                colors={["rose"]}
                label="Expected cost per prediction per window"
                valueFormatter="ratio"
                provisional={provisional.cost}
              />
            </div>
          </>
        )}
      </Panel>
      <BusinessPanel business={business} origin={origin} />
      {points.length ? <WindowsPanel points={points} metric={metric} /> : null}
    </>
  );
}
