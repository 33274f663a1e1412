import Link from "next/link";
import { loadDriftPage, type DriftPoint } from "@/lib/dashboard/loaders/drift-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { ModelTabs } from "@/lib/dashboard/components/model-tabs";
import { HistogramChart, TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Badge, Code, EmptyState, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";

// Cell colour by effect size relative to the floor: a feature × window heatmap that reads at a glance.
function cellClass(p: DriftPoint | undefined, floor: number): string {
  if (!p || p.decision === "insufficient_data") return "bg-gray-100 text-gray-500";
  if (p.decision === "drift") return "bg-rose-500 text-white";
  const ratio = (p.effectSize ?? 0) / (floor || 1);
  return ratio > 0.66 ? "bg-amber-200" : ratio > 0.33 ? "bg-amber-50" : "bg-emerald-50";
}

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
  const { report, windows, features, outputs, chosen, chosenSeries, lastWindow, histogramBins, floorOf } = page.data;
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
          <Panel title="Features × time (effect size; red = drift after FDR correction and effect floor)">
            <div className="overflow-x-auto">
              <table className="text-xs" data-testid="drift-heatmap">
                <caption className="sr-only">Drift decision per feature and window</caption>
                <thead>
                  <tr>
                    <th scope="col" className="px-2 py-1 text-left">
                      Feature
                    </th>
                    {windows.map((w) => (
                      <th key={w.start} scope="col" className="px-1 py-1 font-normal text-gray-500">
                        {w.start.slice(11, 16)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...features, ...outputs].map((s) => (
                    <tr key={`${s.column}-${s.method}`}>
                      <th scope="row" className="px-2 py-1 text-left font-medium">
                        <Link href={link({ feature: s.column })} className="text-blue-700 hover:underline">
                          {s.column}
                        </Link>
                      </th>
                      {windows.map((w) => {
                        const p = s.points.find((x) => x.start === w.start);
                        return (
                          <td
                            key={w.start}
                            className={`px-1 py-1 text-center ${cellClass(p, floorOf(s))}`}
                            title={p ? `${p.decision}, effect ${p.effectSize?.toFixed(3) ?? "—"}` : "no data"}
                          >
                            {p?.effectSize === null || p === undefined ? "·" : p.effectSize.toFixed(2)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
          {chosenSeries ? (
            <div className="grid gap-6 lg:grid-cols-2">
              <Panel title={`${chosen}: ${chosenSeries.effectMethod} per window against its floor`}>
                <TimeSeriesChart
                  data={chosenSeries.points.map((p) => ({ time: p.start, effect: p.effectSize, floor: floorOf(chosenSeries) }))}
                  categories={["effect", "floor"]}
                  colors={["blue", "rose"]}
                  label={`Effect size of ${chosen} per window`}
                  valueFormatter="ratio"
                />
              </Panel>
              <Panel
                title={`${chosen}: reference vs current (${lastWindow ? lastWindow.start.slice(0, 16).replace("T", " ") : ""})`}
              >
                {histogramBins?.length ? (
                  <HistogramChart
                    label={`Reference and current distribution of ${chosen}`}
                    data={histogramBins.map((b) => ({
                      bin: b.category ?? `${Number(b.from).toPrecision(3)}`,
                      reference: b.referenceShare,
                      current: b.currentShare,
                    }))}
                  />
                ) : (
                  <p className="text-sm text-gray-600">No data for this window.</p>
                )}
              </Panel>
            </div>
          ) : null}
          <Panel title="Data quality (flagged checks)">
            <Table
              caption="Data-quality checks that were flagged"
              head={["Column", "Check", "Window", "Value", "Expected"]}
              rows={(
                report.quality as {
                  column: string;
                  check: string;
                  points: { start: string; value: number | null; expected: number | null; flagged: boolean }[];
                }[]
              ).flatMap((q) =>
                q.points
                  .filter((p) => p.flagged)
                  .slice(-5)
                  .map((p) => [
                    q.column || "(all)",
                    <Badge key="c" tone="amber">
                      {q.check}
                    </Badge>,
                    p.start.slice(0, 16).replace("T", " "),
                    p.value?.toFixed(4) ?? "—",
                    p.expected?.toFixed(4) ?? "—",
                  ]),
              )}
            />
          </Panel>
          {report.segments.length ? (
            <Panel title="Segments">
              <p className="text-sm">
                {[["all rows", ""], ...report.segments.map((s) => [s, s])].map(([label, value]) => (
                  <Link
                    key={value}
                    href={link({ segment: value })}
                    aria-current={value === segment ? "page" : undefined}
                    className="mr-3 text-blue-700 hover:underline"
                  >
                    {label}
                  </Link>
                ))}
              </p>
            </Panel>
          ) : null}
        </>
      )}
    </>
  );
}
