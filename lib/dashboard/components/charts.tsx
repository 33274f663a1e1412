"use client";
// Tremor charts render in the browser; server pages pass them plain, already-aggregated data.
import { AreaChart, BarChart, LineChart, SparkAreaChart } from "@tremor/react";
import { ProvisionalMarks, splitProvisional, type ProvisionalSeries } from "./provisional-marks";

const timeLabel = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");

export function TrafficSparkline({ data, label }: { data: { time: string; predictions: number }[]; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <SparkAreaChart data={data} index="time" categories={["predictions"]} colors={["blue"]} className="h-8 w-40" />
    </div>
  );
}

type ValueFormat = "ms" | "count" | "ratio" | "percent" | "perSecond";

const compact = (v: number, digits: number) => v.toLocaleString("en-US", { maximumFractionDigits: digits });

// Short tick labels: a wrapped "154.0 ms" tick was unreadable, so units ride on narrow numbers.
const FORMATS: Record<ValueFormat, (v: number) => string> = {
  ms: (v) => `${compact(v, v >= 100 ? 0 : 1)} ms`,
  count: (v) => compact(v, 3),
  ratio: (v) => compact(v, 3),
  percent: (v) => `${compact(v * 100, v !== 0 && Math.abs(v) < 0.01 ? 2 : 1)} %`,
  perSecond: (v) => `${compact(v, v >= 10 ? 1 : 3)}/s`,
};

export function TimeSeriesChart({
  data,
  categories,
  colors,
  label,
  valueFormatter,
  kind = "line",
  provisional = [],
  zeroMax,
}: {
  data: Record<string, string | number | null>[];
  categories: string[];
  colors?: string[];
  label: string;
  valueFormatter?: ValueFormat;
  kind?: "line" | "area";
  /** Categories whose windows can be provisional: drawn grey, listed with their counts. */
  provisional?: ProvisionalSeries[];
  /** The axis top when every value is 0 (Tremor would draw 0 on a 0–4 axis). */
  zeroMax?: number;
}) {
  const split = splitProvisional(data, provisional);
  const formatted = split.data.map((d) => ({ ...d, time: timeLabel(String(d.time)) }));
  const shownCategories = [...categories, ...split.extra];
  const palette = colors ?? ["blue", "amber", "rose", "emerald"];
  const peak = Math.max(0, ...split.data.flatMap((d) => shownCategories.map((c) => Math.abs(Number(d[c] ?? 0)))));
  const Chart = kind === "area" ? AreaChart : LineChart;
  return (
    <figure aria-label={label} data-testid="time-series-chart" data-provisional-windows={split.extra.length ? "true" : "false"}>
      <Chart
        data={formatted}
        index="time"
        categories={shownCategories}
        colors={[...palette.slice(0, categories.length), ...split.extra.map(() => "slate")]}
        valueFormatter={FORMATS[valueFormatter ?? "count"]}
        className="h-64"
        connectNulls
        minValue={zeroMax === undefined ? undefined : 0}
        maxValue={peak === 0 && zeroMax !== undefined ? zeroMax : undefined}
        yAxisWidth={valueFormatter === "ms" ? 84 : valueFormatter === "perSecond" ? 76 : 64}
      />
      <ProvisionalMarks series={provisional} />
    </figure>
  );
}

export function DecileChart({
  data,
  label,
  provisional,
}: {
  data: { decile: string; rate: number }[];
  label: string;
  /** Why the window is provisional, when it is: the bars are drawn grey and say so. */
  provisional?: string;
}) {
  return (
    <figure aria-label={label} data-testid="decile-chart" data-provisional={provisional ? "true" : "false"}>
      <BarChart
        data={data}
        index="decile"
        categories={["rate"]}
        colors={[provisional ? "gray" : "emerald"]}
        valueFormatter={FORMATS.ratio}
        className="h-56"
        yAxisWidth={56}
      />
      {provisional ? (
        <figcaption className="mt-1 text-xs text-gray-600" data-provisional="true" title={provisional}>
          ○ Provisional, not judged: {provisional}
        </figcaption>
      ) : null}
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
