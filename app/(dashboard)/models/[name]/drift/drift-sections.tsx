import Link from "next/link";
import type { DriftPoint, DriftSeries, loadDriftPage } from "@/lib/dashboard/loaders/drift-page";
import { HistogramChart, TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Badge, Panel, Table } from "@/lib/dashboard/components/ui";

type DriftData = NonNullable<Awaited<ReturnType<typeof loadDriftPage>>["data"]>;
type Report = DriftData["report"];
/** Builds a link to this page keeping the carried query, with some keys changed. */
export type DriftLink = (extra: Record<string, string>) => string;

// Cell colour by effect size relative to the floor: a feature × window heatmap that reads at a glance.
function cellClass(p: DriftPoint | undefined, floor: number): string {
  if (!p || p.decision === "insufficient_data") return "bg-gray-100 text-gray-500";
  if (p.decision === "drift") return "bg-rose-500 text-white";
  const ratio = (p.effectSize ?? 0) / (floor || 1);
  return ratio > 0.66 ? "bg-amber-200" : ratio > 0.33 ? "bg-amber-50" : "bg-emerald-50";
}

/** A feature × window heatmap of effect sizes, the last 24 windows. */
export function DriftHeatmap({
  windows,
  series,
  floorOf,
  link,
}: {
  windows: DriftData["windows"];
  series: DriftSeries[];
  floorOf: (s: DriftSeries) => number;
  link: DriftLink;
}) {
  return (
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
            {series.map((s) => (
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
  );
}

/** The chosen feature's effect size over time and its reference vs current histogram. */
export function ChosenFeaturePanels({
  chosen,
  chosenSeries,
  lastWindow,
  histogramBins,
  floorOf,
}: Pick<DriftData, "chosen" | "lastWindow" | "histogramBins" | "floorOf"> & { chosenSeries: DriftSeries }) {
  return (
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
      <Panel title={`${chosen}: reference vs current (${lastWindow ? lastWindow.start.slice(0, 16).replace("T", " ") : ""})`}>
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
  );
}

/** The last five flagged points of each data-quality check. */
export function QualityPanel({ quality }: { quality: Report["quality"] }) {
  return (
    <Panel title="Data quality (flagged checks)">
      <Table
        caption="Data-quality checks that were flagged"
        head={["Column", "Check", "Window", "Value", "Expected"]}
        rows={(
          quality as {
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
  );
}

/** Links to the report for all rows or one segment. */
export function SegmentsPanel({ segments, segment, link }: { segments: string[]; segment: string; link: DriftLink }) {
  return (
    <Panel title="Segments">
      <p className="text-sm">
        {[["all rows", ""], ...segments.map((s) => [s, s])].map(([label, value]) => (
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
  );
}
