import type { SqlRunner } from "@/lib/db/open-database";
import { searchPredictions, type PredictionSearch } from "./search-predictions";

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * Streams a filtered range of the log as CSV, page by page (keyset), so an export of millions of
 * rows never sits in memory. Features and outputs are JSON in their own columns.
 */
export function predictionsCsvStream(sql: SqlRunner, search: Omit<PredictionSearch, "limit" | "beforeTime" | "beforeId">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: { time: Date; id: string } | null = null;
  let headerSent = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode("prediction_id,created_at,model,version,entity_id,latency_ms,features,output\n"));
        return;
      }
      if (done) return controller.close();
      const rows = await searchPredictions(sql, { ...search, limit: 5000, beforeTime: cursor?.time, beforeId: cursor?.id });
      if (rows.length < 5000) done = true;
      if (rows.length === 0) return controller.close();
      const last = rows[rows.length - 1];
      cursor = { time: new Date(last.created_at), id: last.id };
      const lines = rows.map((r) =>
        [r.id, new Date(r.created_at).toISOString(), r.model, r.version, r.entity_id, r.latency_ms, r.features, r.output].map(csvCell).join(","),
      );
      controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
    },
  });
}
