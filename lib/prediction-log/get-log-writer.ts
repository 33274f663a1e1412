import "server-only";
import { getConfig } from "@/lib/config/load-config";
import type { Database } from "@/lib/db/open-database";
import { PredictionBatchWriter } from "./batch-writer";

const holder = globalThis as unknown as { __tidemarkLogWriter?: { db: Database; writer: PredictionBatchWriter } };

/** One writer per process and database, so all concurrent requests share its group commits. */
export function getLogWriter(db: Database): PredictionBatchWriter {
  if (holder.__tidemarkLogWriter?.db !== db) {
    const config = getConfig();
    holder.__tidemarkLogWriter = {
      db,
      writer: new PredictionBatchWriter({
        sql: db.sql,
        maxRowsPerStatement: config.TIDEMARK_LOG_MAX_ROWS,
        timeoutMs: config.TIDEMARK_LOG_TIMEOUT_MS,
      }),
    };
  }
  return holder.__tidemarkLogWriter.writer;
}

export type LogWriterStats = PredictionBatchWriter["stats"];

/** The counters of this process's writer, for /api/metrics; zeros until the first logged prediction opens it. */
export function logWriterStats(): LogWriterStats {
  return (
    holder.__tidemarkLogWriter?.writer.stats ?? {
      flushes: 0,
      rowsWritten: 0,
      rowsDropped: 0,
      failures: 0,
      splits: 0,
      deadLettered: 0,
    }
  );
}
