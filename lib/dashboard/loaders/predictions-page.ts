import "server-only";
import { redirect } from "next/navigation";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { searchPredictions } from "@/lib/prediction-log/search-predictions";
import { getOperatingThresholds } from "@/lib/registry/get-operating-thresholds";
import { readPageQuery, type SearchParams } from "../page-input";
import { predictionFilterSchema } from "../prediction-filter";
import { parseTimeRange } from "../time-range";

/**
 * The predictions page: 100 rows of the log matching the URL's filters, newest first (none for a
 * filter the API would refuse) with each binary version's operating threshold, and the keyset link
 * to the next page. `?id=` goes straight to that
 * prediction.
 */
export async function loadPredictionsPage(searchParams: SearchParams) {
  await requireDashboardSession();
  const params = await readPageQuery(searchParams);
  if (params.id) redirect(`/predictions/${encodeURIComponent(params.id)}`);
  const range = parseTimeRange(params);
  const parsed = predictionFilterSchema.safeParse({ ...params, from: range.from, to: range.to, limit: 100 });
  const db = await getDatabase();
  const rows = parsed.success ? await searchPredictions(db.sql, parsed.data) : [];
  const shown = [...new Map(rows.map((r) => [`${r.model}@${r.version}`, { model: r.model, version: r.version }])).values()];
  const thresholds = await getOperatingThresholds(db.sql, shown);
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
  const filterProblem = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  return { params, range, rows, thresholds, filters, filterProblem, next };
}
