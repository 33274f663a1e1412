import type { SqlRunner } from "@/lib/db/open-database";
import { searchPredictions, type PredictionSearch } from "./search-predictions";

/**
 * A cell as CSV. A text starting with = + - @, a tab or a carriage return is a formula to
 * spreadsheet programs (an entity id "=HYPERLINK(…)" would run when the export is opened), so it
 * gets a leading single quote, as OWASP's CSV-injection guidance recommends; the quote shows in the
 * cell, which is the point: the value is read as text.
 */
export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams a filtered range of the log as CSV, page by page (keyset), so an export of millions of
 * rows never sits in memory. Features and outputs are JSON in their own columns. `onEnd` runs once,
 * when the stream finishes, fails or is cancelled by the client going away.
 */
export function predictionsCsvStream(
  sql: SqlRunner,
  search: Omit<PredictionSearch, "limit" | "beforeTime" | "beforeId">,
  options: { pageSize?: number; onEnd?: () => void } = {},
): ReadableStream<Uint8Array> {
  const pageSize = options.pageSize ?? 5000;
  const end = options.onEnd ?? (() => undefined);
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
      if (done) {
        end();
        return controller.close();
      }
      let rows: Awaited<ReturnType<typeof searchPredictions>>;
      try {
        rows = await searchPredictions(sql, { ...search, limit: pageSize, beforeTime: cursor?.time, beforeId: cursor?.id });
      } catch (error) {
        end();
        throw error;
      }
      if (rows.length < pageSize) done = true;
      if (rows.length === 0) {
        end();
        return controller.close();
      }
      const last = rows[rows.length - 1];
      cursor = { time: new Date(last.created_at), id: last.id };
      const lines = rows.map((r) =>
        [r.id, new Date(r.created_at).toISOString(), r.model, r.version, r.entity_id, r.latency_ms, r.features, r.output]
          .map(csvCell)
          .join(","),
      );
      controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
    },
    cancel() {
      end();
    },
  });
}
