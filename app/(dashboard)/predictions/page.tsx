import { requireSession } from "@/lib/auth/dashboard-session";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { readPageQuery } from "@/lib/dashboard/page-input";
import { parseTimeRange, RANGES } from "@/lib/dashboard/time-range";
import { searchPredictions } from "@/lib/prediction-log/search-predictions";
import { predictionFilterSchema } from "@/lib/dashboard/prediction-filter";
import { EmptyState, PageHeader, Panel, Table } from "@/lib/dashboard/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Predictions · Tidemark" };

export default async function PredictionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const params = await readPageQuery(searchParams);
  if (params.id) redirect(`/predictions/${encodeURIComponent(params.id)}`);
  const range = parseTimeRange(params);
  const parsed = predictionFilterSchema.safeParse({ ...params, from: range.from, to: range.to, limit: 100 });
  const db = await getDatabase();
  const rows = parsed.success ? await searchPredictions(db.sql, parsed.data) : [];
  const filters = new URLSearchParams(
    Object.entries(params).filter(([k, v]) => v && !k.startsWith("before")) as [string, string][],
  );
  const last = rows[rows.length - 1];
  const next = last
    ? new URLSearchParams({
        ...Object.fromEntries(filters),
        beforeTime: new Date(last.created_at).toISOString(),
        beforeId: last.id,
      })
    : null;

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
        {!parsed.success ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
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
                summarizeOutput(r.output),
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

function summarizeOutput(output: unknown): string {
  const o = output as { label?: string; probabilities?: Record<string, number>; value?: number };
  if (o.value !== undefined) return o.value.toFixed(4);
  if (o.label !== undefined) return `${o.label} (${(o.probabilities?.[o.label] ?? 0).toFixed(3)})`;
  return JSON.stringify(output);
}
