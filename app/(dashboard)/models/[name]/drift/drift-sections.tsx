import Link from "next/link";
import type { DriftSeries, loadDriftPage } from "@/lib/dashboard/loaders/drift-page";
import { formatSignificant } from "@/lib/core/text/format-number";
import type { DriftLink } from "./drift-heatmap";
import { HistogramChart, TimeSeriesChart } from "@/lib/dashboard/components/charts";
import { Badge, Panel, Table } from "@/lib/dashboard/components/ui";

type DriftData = NonNullable<Awaited<ReturnType<typeof loadDriftPage>>["data"]>;
type Report = DriftData["report"];

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
          data={chosenSeries.points.map((p) => ({
            time: p.start,
            effect: p.effectSize,
            floor: p.threshold ?? floorOf(chosenSeries),
          }))}
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
              bin: b.category ?? b.label ?? "",
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
              formatSignificant(p.value),
              formatSignificant(p.expected),
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
