import { loadDriftPage } from "@/lib/dashboard/loaders/drift-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Code, EmptyState, PageHeader, Panel, RangePicker } from "@/lib/dashboard/components/ui";
import { ChosenFeaturePanels, QualityPanel, SegmentsPanel } from "./drift-sections";
import { DriftHeatmap } from "./drift-heatmap";

export const dynamic = "force-dynamic";

export default async function DriftPage(props: { params: PageParams; searchParams: SearchParams }) {
  const page = await loadDriftPage(props.params, props.searchParams);
  const { name, model, range, version, carried, segment } = page;
  if (page.data === null) {
    return (
      <>
        <PageHeader title={name} subtitle="Drift" />
        <ModelTabs name={name} current="/drift" query={carried} />
        <EmptyState title="No drift report for this model.">
          <p>{page.missing}</p>
        </EmptyState>
      </>
    );
  }
  const { report, windows, fireAfter, features, outputs, chosen, chosenSeries, lastWindow, histogramBins, floorOf } = page.data;
  const link = (extra: Record<string, string>) => {
    const merged = { ...Object.fromEntries(new URLSearchParams(carried)), segment, ...extra };
    return `?${new URLSearchParams(Object.entries(merged).filter(([, v]) => v)).toString()}`;
  };

  return (
    <>
      <PageHeader
        title={name}
        subtitle={`Drift · version ${report.version} · reference ${report.reference}${segment ? ` · segment ${segment}` : ""} · last ${range.key}`}
      >
        <RangePicker
          current={range.key}
          extra={{ segment: segment || undefined }}
          versions={{ current: version, all: model.versions.map((v) => v.version), defaultLabel: "production (or newest)" }}
        />
      </PageHeader>
      <ModelTabs name={name} current="/drift" query={carried} />
      {report.windows.length === 0 ? (
        <Panel title="Drift">
          <EmptyState title="No drift windows computed in this range yet.">
            <p>The drift job runs hourly; run it now:</p>
            <Code>{`npx tidemark job drift --model ${name}`}</Code>
          </EmptyState>
        </Panel>
      ) : (
        <>
          <Panel title="Dataset verdict per window">
            <TimeSeriesChart
              data={report.windows.map((w) => ({
                time: w.start,
                "drifted share": w.driftedShare,
                threshold: report.rule.datasetDriftShare,
              }))}
              categories={["drifted share", "threshold"]}
              colors={["rose", "gray"]}
              label="Share of drifted features per window"
              valueFormatter="ratio"
            />
          </Panel>
          <DriftHeatmap
            windows={windows}
            series={[...features, ...outputs]}
            floorOf={floorOf}
            fireAfter={fireAfter}
            link={link}
            importance={page.data.importance}
          />
          {chosenSeries ? (
            <ChosenFeaturePanels
              chosen={chosen}
              chosenSeries={chosenSeries}
              lastWindow={lastWindow}
              histogramBins={histogramBins}
              floorOf={floorOf}
            />
          ) : null}
          <QualityPanel quality={report.quality} />
          {report.segments.length ? <SegmentsPanel segments={report.segments} segment={segment} link={link} /> : null}
        </>
      )}
    </>
  );
}
