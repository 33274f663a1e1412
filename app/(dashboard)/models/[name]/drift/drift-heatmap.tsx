import Link from "next/link";
import type { DriftPoint, DriftSeries, loadDriftPage } from "@/lib/dashboard/loaders/drift-page";
import type { SustainedState } from "@/lib/monitors/drift/sustained-drift";
import { formatSignificant } from "@/lib/core/text/format-number";
import { Badge, Panel } from "@/lib/dashboard/components/ui";

type DriftData = NonNullable<Awaited<ReturnType<typeof loadDriftPage>>["data"]>;
/** Builds a link to this page keeping the carried query, with some keys changed. */
export type DriftLink = (extra: Record<string, string>) => string;

// Red only for drift sustained over the alerts' run of windows; a lone flagged window is "watch"
// (pale red), and below the floor the shade follows the effect's share of it, so the map reads at a
// glance. The open hour is hollow: it is shown, never counted.
function cellClass(p: DriftPoint | undefined, state: SustainedState | undefined, floor: number): string {
  if (!p || state === "insufficient_data") return "bg-gray-100 text-gray-500";
  if (p.provisional) return "border border-dashed border-gray-400 bg-white text-gray-400";
  if (state === "drift") return "bg-rose-500 text-white";
  if (state === "watch") return "bg-rose-100 text-rose-800 ring-1 ring-inset ring-rose-300";
  const ratio = (p.effectSize ?? 0) / (p.threshold || floor || 1);
  return ratio > 0.66 ? "bg-amber-200" : ratio > 0.33 ? "bg-amber-50" : "bg-emerald-50";
}

const STATE_BADGE: Record<SustainedState, { tone: "red" | "amber" | "green" | "gray"; text: string }> = {
  drift: { tone: "red", text: "drifted" },
  watch: { tone: "amber", text: "watch" },
  no_drift: { tone: "green", text: "ok" },
  insufficient_data: { tone: "gray", text: "too few rows" },
};

function cellTitle(column: string, p: DriftPoint | undefined, state: SustainedState | undefined): string {
  if (!p) return `${column}: no data`;
  const when = `${p.start.slice(0, 16).replace("T", " ")} UTC`;
  const so = p.provisional ? " (hour still open: so far, not counted)" : "";
  const what =
    state === "watch" ? "flagged in this window only (watch)" : state === "drift" ? "drift" : p.decision.replace("_", " ");
  return `${column}, ${when}${so}: ${what}; effect ${formatSignificant(p.effectSize)} against a floor of ${formatSignificant(p.threshold)}, ${p.currentSize.toLocaleString("en-US")} rows`;
}

/** Day groups of consecutive windows, for the header's first row. */
function dayGroups(windows: DriftData["windows"]): { day: string; span: number }[] {
  const groups: { day: string; span: number }[] = [];
  for (const w of windows) {
    const day = w.start.slice(0, 10);
    const last = groups.at(-1);
    if (last?.day === day) last.span++;
    else groups.push({ day, span: 1 });
  }
  return groups;
}

/** A feature × window heatmap of effect sizes over the whole chosen range (scrolls sideways). */
export function DriftHeatmap({
  windows,
  series,
  floorOf,
  fireAfter,
  link,
  importance,
}: {
  windows: DriftData["windows"];
  series: DriftSeries[];
  floorOf: (s: DriftSeries) => number;
  fireAfter: number;
  link: DriftLink;
  /** Each feature's share of production importance, when the explanations job measured it. */
  importance?: Map<string, number> | null;
}) {
  return (
    <Panel title="Features × time (effect size; red = drifted, pale = watch, hollow = hour still open)">
      <p className="mb-2 text-xs text-gray-600">
        A column is drifted after {fireAfter} drifted window{fireAfter === 1 ? "" : "s"} in a row, as its alerts are; a single
        flagged window is shown as watch. Times are UTC.
        {importance
          ? " Features are ranked by production importance (share of mean |attribution|, shown beside each) × drift, as alerts rank them."
          : ""}
      </p>
      <div className="overflow-x-auto">
        <table className="text-xs" data-testid="drift-heatmap">
          <caption className="sr-only">Drift decision per feature and window</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2} className="sticky left-0 bg-white px-2 py-1 text-left">
                Feature
              </th>
              <th scope="col" rowSpan={2} className="px-2 py-1 text-left">
                State
              </th>
              {dayGroups(windows).map((g) => (
                <th
                  key={g.day}
                  scope="colgroup"
                  colSpan={g.span}
                  className="border-l border-gray-200 px-1 py-1 text-left font-medium"
                >
                  {g.day}
                </th>
              ))}
            </tr>
            <tr>
              {windows.map((w) => (
                <th
                  key={w.start}
                  scope="col"
                  title={`${w.start.slice(0, 16).replace("T", " ")} UTC${"provisional" in w ? `, still open: ${w.rows.toLocaleString("en-US")} rows so far` : ""}`}
                  className={`px-1 py-1 font-normal ${"provisional" in w ? "italic text-gray-400" : "text-gray-500"}`}
                >
                  {w.start.slice(11, 13)}h{"provisional" in w ? "…" : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.map((s) => {
              const badge = STATE_BADGE[s.state];
              return (
                <tr key={`${s.column}-${s.method}`} data-state={s.state}>
                  <FeatureHeader column={s.column} link={link} share={importance?.get(s.column)} />
                  <td className="px-2 py-1">
                    <Badge tone={badge.tone}>{badge.text}</Badge>
                  </td>
                  {windows.map((w) => {
                    const i = s.points.findIndex((x) => x.start === w.start);
                    const p = i >= 0 ? s.points[i] : undefined;
                    const state = i >= 0 ? s.states[i] : undefined;
                    return (
                      <td
                        key={w.start}
                        data-state={p?.provisional ? "provisional" : state}
                        className={`px-1 py-1 text-center ${cellClass(p, state, floorOf(s))}`}
                        title={cellTitle(s.column, p, state)}
                      >
                        {p?.effectSize === null || p === undefined ? "·" : formatSignificant(p.effectSize, 2)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

/** The row's feature, linked to its detail, with its share of production importance when known. */
function FeatureHeader({ column, link, share }: { column: string; link: DriftLink; share: number | undefined }) {
  return (
    <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left font-medium">
      <Link href={link({ feature: column })} className="text-blue-700 hover:underline">
        {column}
      </Link>
      {share === undefined ? null : (
        <span className="ml-1 font-normal text-gray-500" title="Share of production importance">
          {(share * 100).toFixed(0)} %
        </span>
      )}
    </th>
  );
}
