// Provisional windows (still open, or below their minimum) on a chart: their values move to a grey
// "(provisional)" series, off the line a verdict is read from, and a caption lists each one with
// the count behind it, so "0.00 from 3 labels" never reads as a fact.

/** One window of a series, as the monitors' completeness says (lib/monitors/shared/provisional.ts). */
export type ChartWindow = { time: string; provisional: boolean; open: boolean; count: number; minimum: number };

/** A category of the chart whose values can be provisional, with what its count counts. */
export type ProvisionalSeries = { category: string; unit: string; windows: ChartWindow[] };

export const provisionalName = (category: string) => `${category} (provisional)`;

const keyOf = (time: string) => new Date(time).getTime();

/** The chart's rows with each provisional value moved to its category's provisional twin. */
export function splitProvisional(
  data: Record<string, string | number | null>[],
  series: ProvisionalSeries[],
): { data: Record<string, string | number | null>[]; extra: string[] } {
  const marked = series.map((s) => ({ ...s, at: new Set(s.windows.filter((w) => w.provisional).map((w) => keyOf(w.time))) }));
  const extra = marked.filter((s) => s.at.size > 0).map((s) => provisionalName(s.category));
  if (!extra.length) return { data, extra };
  const rows = data.map((d) => {
    const row: Record<string, string | number | null> = { ...d };
    for (const s of marked) {
      if (!s.at.size) continue;
      const provisional = s.at.has(keyOf(String(d.time)));
      row[provisionalName(s.category)] = provisional ? (d[s.category] ?? null) : null;
      if (provisional) row[s.category] = null;
    }
    return row;
  });
  return { data: rows, extra };
}

const when = (time: string) => new Date(time).toISOString().slice(0, 16).replace("T", " ");
const fmt = (n: number) => n.toLocaleString("en-US");

/** Why a window is provisional, in words: "3 of 30 labels, hour still open". */
export function provisionalReason(w: ChartWindow, unit: string): string {
  const counted = `${fmt(w.count)} of ${fmt(w.minimum)} ${unit}`;
  return w.open ? `${counted}, hour still open` : `${counted}: too few to judge`;
}

/** The provisional windows of a chart, one hollow mark each with its count on hover. */
export function ProvisionalMarks({ series }: { series: ProvisionalSeries[] }) {
  const byTime = new Map<number, { time: string; parts: string[]; first: ChartWindow; open: boolean }>();
  for (const s of series)
    for (const w of s.windows) {
      if (!w.provisional) continue;
      const entry = byTime.get(keyOf(w.time)) ?? { time: w.time, parts: [], first: w, open: w.open };
      entry.parts.push(`${s.category}: ${provisionalReason(w, s.unit)}`);
      byTime.set(keyOf(w.time), entry);
    }
  if (!byTime.size) return null;
  const marks = [...byTime.entries()].sort((a, b) => a[0] - b[0]).slice(-6);
  return (
    <figcaption className="mt-2 flex flex-wrap items-center gap-2 text-xs text-gray-600" data-testid="provisional-marks">
      <span>Provisional, not judged (grey):</span>
      <ul className="flex flex-wrap gap-2">
        {marks.map(([key, m]) => (
          <li
            key={key}
            data-provisional="true"
            data-count={m.first.count}
            data-minimum={m.first.minimum}
            data-open={m.open}
            title={`${when(m.time)} UTC · ${m.parts.join(" · ")}`}
            className="inline-flex items-center gap-1 rounded border border-dashed border-gray-400 px-1.5 py-0.5"
          >
            <span aria-hidden="true">○</span>
            {when(m.time).slice(5)}
            {m.open ? " so far" : ""} · {fmt(m.first.count)}/{fmt(m.first.minimum)}
            <span className="sr-only">: {m.parts.join("; ")}</span>
          </li>
        ))}
      </ul>
    </figcaption>
  );
}
