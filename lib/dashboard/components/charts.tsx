"use client";
// Tremor charts render in the browser; server pages pass them plain, already-aggregated data.
import { AreaChart, BarChart, LineChart, SparkAreaChart } from "@tremor/react";

const timeLabel = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");

export function TrafficSparkline({ data, label }: { data: { time: string; predictions: number }[]; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <SparkAreaChart data={data} index="time" categories={["predictions"]} colors={["blue"]} className="h-8 w-40" />
    </div>
  );
}

export function TimeSeriesChart({
  data,
  categories,
  colors,
  label,
  valueFormatter,
  kind = "line",
}: {
  data: Record<string, string | number | null>[];
  categories: string[];
  colors?: string[];
  label: string;
  valueFormatter?: "ms" | "count" | "ratio";
  kind?: "line" | "area";
}) {
  const formatted = data.map((d) => ({ ...d, time: timeLabel(String(d.time)) }));
  const format =
    valueFormatter === "ms"
      ? (v: number) => `${v.toFixed(1)} ms`
      : valueFormatter === "ratio"
        ? (v: number) => v.toFixed(3)
        : (v: number) => v.toLocaleString("en-US");
  const Chart = kind === "area" ? AreaChart : LineChart;
  return (
    <figure aria-label={label} data-testid="time-series-chart">
      <Chart
        data={formatted}
        index="time"
        categories={categories}
        colors={colors ?? ["blue", "amber", "rose", "emerald"]}
        valueFormatter={format}
        className="h-64"
        connectNulls
        yAxisWidth={64}
      />
    </figure>
  );
}

export function DecileChart({ data, label }: { data: { decile: string; rate: number }[]; label: string }) {
  return (
    <figure aria-label={label} data-testid="decile-chart">
      <BarChart
        data={data}
        index="decile"
        categories={["rate"]}
        colors={["emerald"]}
        valueFormatter={(v: number) => v.toFixed(3)}
        className="h-56"
        yAxisWidth={56}
      />
    </figure>
  );
}

export function HistogramChart({ data, label }: { data: { bin: string; reference: number; current: number }[]; label: string }) {
  return (
    <figure aria-label={label} data-testid="histogram-chart">
      <BarChart
        data={data}
        index="bin"
        categories={["reference", "current"]}
        colors={["gray", "blue"]}
        valueFormatter={(v: number) => `${(v * 100).toFixed(1)}%`}
        className="h-64"
        yAxisWidth={56}
      />
    </figure>
  );
}

/**
 * A curve over a numeric x (ROC, precision–recall, calibration, loss by epoch). Tremor spaces the
 * x values evenly, so callers pass points on a uniform grid (evaluation-charts.ts resamples them).
 */
export function CurveChart({
  data,
  categories,
  label,
  xLabel,
  colors,
  testId,
}: {
  data: Record<string, number | string | null>[];
  categories: string[];
  label: string;
  xLabel: string;
  colors?: string[];
  testId?: string;
}) {
  return (
    <figure aria-label={label} data-testid={testId ?? "curve-chart"}>
      <LineChart
        data={data}
        index="x"
        categories={categories}
        colors={colors ?? ["blue", "gray", "amber"]}
        valueFormatter={(v: number) => v.toFixed(3)}
        className="h-56"
        connectNulls
        yAxisWidth={52}
        xAxisLabel={xLabel}
      />
    </figure>
  );
}

export function BinsChart({ data, label }: { data: { bin: string; count: number }[]; label: string }) {
  return (
    <figure aria-label={label} data-testid="bins-chart">
      <BarChart
        data={data}
        index="bin"
        categories={["count"]}
        colors={["blue"]}
        valueFormatter={(v: number) => v.toLocaleString("en-US")}
        className="h-56"
        yAxisWidth={56}
      />
    </figure>
  );
}
