import "server-only";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getDatabase } from "@/lib/db/get-database";
import { exportPredictionsCsv } from "@/lib/prediction-log/export-predictions";
import { predictionFilterSchema } from "../prediction-filter";
import { parseTimeRange } from "../time-range";

/**
 * The CSV export of the predictions page's filter: the same range rules as the page, a 422 naming
 * the field for a filter the log search refuses. The limit of concurrent exports is per signed-in
 * identity (`caller`, the session's subject), so several sessions of one key share it.
 */
export async function exportFilteredPredictions(params: Record<string, string>, caller: string): Promise<Response> {
  const range = parseTimeRange(params);
  const search = parseOrThrow(predictionFilterSchema, { ...params, from: range.from, to: range.to }, "export filter");
  const filename = `predictions-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}.csv`;
  return exportPredictionsCsv((await getDatabase()).sql, { caller, search, filename });
}
