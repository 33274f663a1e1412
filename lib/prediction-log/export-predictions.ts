import "server-only";
import { ApiError } from "@/lib/core/errors";
import type { SqlRunner } from "@/lib/db/open-database";
import { EXPORTS_PER_CALLER, takeExportSlot } from "./export-slots";
import { predictionsCsvStream } from "./predictions-csv";
import type { PredictionSearch } from "./search-predictions";

/**
 * The CSV export as a streamed response, holding one of the caller's export slots until the
 * stream ends; a caller already running the maximum gets 429 with Retry-After.
 */
export function exportPredictionsCsv(
  sql: SqlRunner,
  options: {
    caller: string;
    search: Omit<PredictionSearch, "limit" | "beforeTime" | "beforeId">;
    filename: string;
    pageSize?: number;
  },
): Response {
  const release = takeExportSlot(options.caller);
  if (!release) {
    throw new ApiError(
      "too_many_requests",
      `At most ${EXPORTS_PER_CALLER} exports run at a time per user; retry when one has finished`,
      undefined,
      { "Retry-After": "5" },
    );
  }
  return new Response(predictionsCsvStream(sql, options.search, { pageSize: options.pageSize, onEnd: release }), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${options.filename}"` },
  });
}
