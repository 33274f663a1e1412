import { loadPredictionsPage } from "@/lib/dashboard/loaders/predictions-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import Link from "next/link";
import type { OperatingThreshold } from "@/lib/registry/get-operating-thresholds";
import { RANGES } from "@/lib/dashboard/time-range";
import { EmptyState, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Predictions · Tidemark" };

export default async function PredictionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { params, range, rows, thresholds, filters, filterProblem, next } = await loadPredictionsPage(searchParams);

  return (
    <>
      <PageHeader title="Predictions" subtitle="Search the prediction log; newest first." />
      <Panel title="Filter">
        <form method="get" className="grid gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          {[
            ["model", "Model"],
            ["version", "Version"],
            ["entityId", "Entity id"],
            ["id", "Prediction id"],
          ].map(([name, label]) => (
            <label key={name} className="flex flex-col text-gray-600">
              {label}
              <input name={name} defaultValue={params[name] ?? ""} className="rounded-md border-gray-300 text-sm" />
            </label>
          ))}
          <label className="flex flex-col text-gray-600">
            Time range
            <select name="range" defaultValue={range.key} className="rounded-md border-gray-300 text-sm">
              {Object.keys(RANGES).map((r) => (
                <option key={r} value={r}>
                  last {r}
                </option>
              ))}
            </select>
          </label>
          <div className="flex items-end gap-2">
            <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 font-semibold text-white hover:bg-blue-700">
              Search
            </button>
            <a
              href={`/predictions/export?${filters.toString()}`}
              className="rounded-md border border-gray-300 bg-white px-3 py-2 hover:bg-gray-100"
            >
              CSV
            </a>
          </div>
        </form>
        {filterProblem ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {filterProblem}
          </p>
        ) : null}
      </Panel>
      <Panel title="Results">
        {rows.length === 0 ? (
          <EmptyState title="No predictions match.">
            <p>Widen the time range or clear a filter.</p>
          </EmptyState>
        ) : (
          <>
            <Table
              caption="Predictions matching the filter"
              head={["Time", "Model", "Entity", "Output", "Latency", "Id"]}
              rows={rows.map((r) => [
                new Date(r.created_at).toISOString().slice(0, 19).replace("T", " "),
                `${r.model} v${r.version}`,
                r.entity_id ?? "—",
                summarizeOutput(r.output, thresholds.get(`${r.model}@${r.version}`)),
                `${r.latency_ms.toFixed(2)} ms`,
                <Link key="id" href={`/predictions/${r.id}`} className="font-mono text-xs text-blue-700 hover:underline">
                  {r.id}
                </Link>,
              ])}
            />
            {next && rows.length === 100 ? (
              <a href={`?${next.toString()}`} className="mt-3 inline-block text-sm text-blue-700 hover:underline">
                Older →
              </a>
            ) : null}
          </>
        )}
      </Panel>
    </>
  );
}

// A binary label is decided at the version's operating threshold, not at 0.5: `late (0.287)` read as
// a contradiction until the threshold it crossed was shown beside it.
function summarizeOutput(output: unknown, operating: OperatingThreshold | undefined): string {
  const o = output as { label?: string; probabilities?: Record<string, number>; value?: number };
  if (o.value !== undefined) return o.value.toFixed(4);
  const positive = operating && o.probabilities?.[operating.positiveClass];
  if (o.label !== undefined && operating && positive !== undefined) {
    const side = positive >= operating.threshold ? "≥" : "<";
    return `${o.label} (p(${operating.positiveClass}) ${positive.toFixed(3)} ${side} threshold ${operating.threshold})`;
  }
  if (o.label !== undefined) return `${o.label} (${(o.probabilities?.[o.label] ?? 0).toFixed(3)})`;
  return JSON.stringify(output);
}
