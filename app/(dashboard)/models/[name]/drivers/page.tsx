import { loadDriversPage } from "@/lib/dashboard/loaders/drivers-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";

const share = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);
const sig = (v: number) => v.toPrecision(3);

export default async function DriversPage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, model, range, carried, version, view } = await loadDriversPage(props.params, props.searchParams);
  return (
    <>
      <PageHeader title={name} subtitle={`What drives the model · ${version ? `v${version}` : "no version"} · last ${range.key}`}>
        <RangePicker
          current={range.key}
          versions={{
            current: version ?? undefined,
            all: model.versions.map((v) => v.version),
            defaultLabel: "production, else newest",
          }}
        />
      </PageHeader>
      <ModelTabs name={name} current="/drivers" query={carried} />
      {!view || !view.pooled ? (
        <Panel title="Production importance">
          <EmptyState title="No judged explanation windows in this range yet.">
            <p>
              The explanations job explains a sample of each closed hour&apos;s predictions (
              {view
                ? `${share(view.settings.sampleRate)}, at most ${view.settings.maxPerWindow} per hour; a window needs ${view.settings.minRecords} explained records to be judged`
                : "see the model's monitoring settings"}
              ) and runs hourly at minute 35; run it now with <code>npx tidemark job explanations --model {name}</code>.
              {view && view.windows > 0 ? ` ${view.windows} window(s) in this range are provisional.` : ""}
            </p>
          </EmptyState>
        </Panel>
      ) : (
        <>
          <Panel title="Production importance beside training">
            <p className="mb-3 text-sm text-gray-600">
              Mean |attribution| over {view.pooled.records.toLocaleString("en-US")} explained predictions in {view.pooled.windows}{" "}
              judged window{view.pooled.windows === 1 ? "" : "s"} ({view.method}, {view.space} space), as a share of the total.
              Training&apos;s column is the manifest&apos;s importance (permutation importance for models Tidemark trained), on
              its own scale: compare ranks and shares, not raw sizes.
            </p>
            <Table
              caption="Features by production importance"
              head={[
                "Feature",
                "Production share",
                "Rank",
                "Mean |attribution|",
                "Mean (signed)",
                "Training share",
                "Training rank",
              ]}
              rows={view.features.map((f) => [
                f.feature,
                share(f.productionShare),
                f.productionRank ?? "—",
                f.production ? sig(f.production.meanAbs) : "—",
                f.production ? sig(f.production.mean) : "—",
                share(f.trainingShare),
                f.trainingRank ?? "—",
              ])}
            />
          </Panel>
          <Panel title="Share of importance over time (top features)">
            <TimeSeriesChart
              data={view.chart.data}
              categories={view.chart.categories}
              colors={["blue", "amber", "rose", "emerald", "violet"]}
              label="Share of production importance per window"
              valueFormatter="percent"
              provisional={view.chart.provisional}
            />
          </Panel>
        </>
      )}
    </>
  );
}
